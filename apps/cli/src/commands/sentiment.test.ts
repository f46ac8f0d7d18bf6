import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/alphapulse.mjs', import.meta.url));
const VALID = fileURLToPath(new URL('../../../../data/sentiment/twitter-financial-news/twitter-financial-news-valid.csv', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'sentiment', ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
const dir = mkdtempSync(path.join(tmpdir(), 'sentiment-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alphapulse sentiment', () => {
  it('scores one headline: score, label, confidence, drivers', () => {
    const r = cli('Intel cuts full-year guidance as PC demand slumps');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-0\.\d{3}\tnegative\t0\.\d\d\t.*\bslumps\b.*\n$/);
    const json = JSON.parse(cli('Nvidia beats estimates', '--json').stdout);
    expect(json).toMatchObject({ text: 'Nvidia beats estimates', label: 'positive', language: 'en' });
    expect(json.confidence).toBeGreaterThan(0.5);
  });

  it('scores a file line by line: bad lines are neutral with their reason and line number, the rest still scored', () => {
    const file = path.join(dir, 'h.txt');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('Nvidia beats estimates\n\nOracle to report earnings on Tuesday\r\n'),
        Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x73, 0x6f, 0x61, 0x72, 0x73, 0x0a]), // "Café soars" in Latin-1
        Buffer.from(`${'x'.repeat(11_000)}\nDie Aktie von Siemens fällt nach schwachen Zahlen\nNetflix fails to beat estimates\n`),
      ]),
    );
    const r = cli('--input', file, '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { line: number; label: string; score: number; reason?: string; language: string; text: string }[];
    expect(rows.map((x) => [x.line, x.label, x.reason ?? null])).toEqual([
      [1, 'positive', null],
      [2, 'neutral', 'empty'],
      [3, 'neutral', null],
      [4, 'neutral', 'invalid-utf8'],
      [5, 'neutral', 'too-long'],
      [6, 'neutral', 'not-english'],
      [7, 'negative', null],
    ]);
    expect(rows[5].language).toBe('unknown');
    expect(rows[4].text.length).toBeLessThan(100);
    expect(rows.every((x) => x.score >= -1 && x.score <= 1)).toBe(true);
    const plain = cli('--input', file);
    expect(plain.stdout.split('\n')[3]).toMatch(/^4\t0\.000\tneutral\t1\.00\t\(invalid-utf8\)/);
  }, 60_000);

  it('--eval compares the model, the lexicon and plain AFINN on a labelled file (the validation file)', () => {
    const r = cli('--eval', VALID, '--json');
    expect(r.status).toBe(0);
    const { reports } = JSON.parse(r.stdout) as { reports: { scorer: string; report: Record<string, number> }[] };
    expect(reports.map((x) => x.scorer)).toEqual(['finance model', 'finance lexicon', 'plain AFINN']);
    const [model, lexicon, afinn] = reports.map((x) => x.report);
    expect(model.n).toBe(2388);
    expect(model.polar).toBe(347 + 475);
    for (const k of ['accuracy', 'macroF1', 'polarityAccuracy', 'coverage', 'pearson']) {
      expect(model[k], k).toBeGreaterThan(lexicon[k]);
      expect(model[k], k).toBeGreaterThan(afinn[k]);
    }
    const table = cli('--eval', VALID).stdout;
    expect(table).toMatch(/\| finance model \| 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] \|/);
    expect(table).toContain('polarity accuracy: share of bullish/bearish rows');
  }, 60_000);

  it('--eval reads word labels too, and refuses a bad file naming the line', () => {
    const words = path.join(dir, 'words.csv');
    writeFileSync(words, 'text,label\nNvidia beats estimates,bullish\nIntel misses estimates,bearish\nOracle to report on Tuesday,neutral\n');
    const ok = cli('--eval', words, '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).reports[0].report.n).toBe(3);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'text,label\nNvidia beats estimates,bullish\nIntel misses,maybe\n');
    const r = cli('--eval', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv line 3: unknown label "maybe"/);
    expect(cli('--eval', path.join(dir, 'none.csv')).stderr).toMatch(/cannot read .*none\.csv: ENOENT/);
  }, 60_000);

  it('refuses to run with nothing to score, or with two things at once', () => {
    expect(cli().status).toBe(2);
    expect(cli('--eval', VALID, '--input', VALID).status).toBe(2);
  });
});
