import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/alphapulse.mjs', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'sentiment', ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });

describe('alphapulse sentiment', () => {
  it('scores one headline', () => {
    const r = cli('Intel cuts full-year guidance as PC demand slumps');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-0\.\d{3}\tnegative\tguidance-cut, slumps\n$/);
  });

  it('scores a file of headlines into a JSON array, in input order', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sentiment-cli-'));
    try {
      const file = path.join(dir, 'h.txt');
      writeFileSync(file, 'Nvidia beats estimates\n\nOracle to report earnings on Tuesday\nNetflix fails to beat estimates\n');
      const r = cli('--input', file, '--json');
      expect(r.status).toBe(0);
      const rows = JSON.parse(r.stdout) as { line: number; label: string; score: number }[];
      expect(rows.map((x) => [x.line, x.label])).toEqual([[1, 'positive'], [3, 'neutral'], [4, 'negative']]);
      expect(rows.every((x) => x.score >= -1 && x.score <= 1)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run with nothing to score', () => {
    expect(cli().status).toBe(2);
  });
});
