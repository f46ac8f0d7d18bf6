import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFeatures, getFeatureSet } from '@alphapulse/features';
import { parseOhlcvCsv } from '@alphapulse/market';

const BIN = fileURLToPath(new URL('../../bin/alphapulse.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alphapulse-features-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'features', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function syntheticCsv(rows: number, { symbol }: { symbol?: string } = {}): string {
  const lines = [symbol ? 'Date,Symbol,Open,High,Low,Close,Volume' : 'Date,Open,High,Low,Close,Volume'];
  let close = 50;
  for (let i = 0; i < rows; i++) {
    const open = close;
    close = Math.round(close * (1 + 0.03 * Math.sin(i * 2.3)) * 100) / 100;
    const date = new Date(Date.UTC(2023, 0, 2) + i * 86_400_000).toISOString().slice(0, 10);
    const cells = [open, Math.max(open, close) + 0.5, Math.min(open, close) - 0.5, close, 1000 + ((i * 37) % 500)];
    lines.push([date, ...(symbol ? [symbol] : []), ...cells].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('alphapulse features', () => {
  it('writes one row per input row: date and every feature, empty during warm-up, same values as the library', () => {
    const input = join(dir, 'in.csv');
    const out = join(dir, 'out.csv');
    const csv = syntheticCsv(80);
    writeFileSync(input, csv);
    expect(cli('--input', input, '--out', out)).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = readFileSync(out, 'utf8').trimEnd().split('\n');
    const columns = getFeatureSet('technical').columns;
    expect(header).toBe(['date', ...columns].join(','));
    expect(rows.length).toBe(80);
    const expected = computeFeatures(parseOhlcvCsv(csv), { set: 'technical' });
    rows.forEach((row, t) => {
      const cells = row.split(',');
      expect(cells[0]).toBe(new Date(expected.ts[t]).toISOString().slice(0, 10));
      columns.forEach((c, k) => {
        const v = expected.columns[c][t];
        if (Number.isNaN(v)) expect(cells[k + 1]).toBe('');
        else expect(Number(cells[k + 1])).toBe(v);
      });
    });
    expect(rows[0].split(',')[1 + columns.indexOf('sma_20')]).toBe('');
    expect(rows[19].split(',')[1 + columns.indexOf('sma_20')]).not.toBe('');
  });

  it('handles a symbol column, one series per symbol', () => {
    const input = join(dir, 'multi.csv');
    const out = join(dir, 'multi-out.csv');
    const a = syntheticCsv(30, { symbol: 'AAA' }).split('\r\n');
    const b = syntheticCsv(30, { symbol: 'BBB' }).split('\r\n').slice(1);
    writeFileSync(input, [...a.filter(Boolean), ...b].join('\n'));
    expect(cli('--input', input, '--out', out, '--set', 'core').code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0].startsWith('date,symbol,sma_20')).toBe(true);
    expect(lines[0].endsWith('sent_count,sent_mean,sent_pos,sent_neg')).toBe(true);
    expect(lines.length).toBe(61);
    expect(lines[1].split(',').slice(0, 2)).toEqual(['2023-01-02', 'AAA']);
    expect(lines[31].split(',').slice(0, 2)).toEqual(['2023-01-02', 'BBB']);
  });

  it('refuses bad input with one line on stderr and exit 1', () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-02,1,2,0.5,1.5,10\n');
    const dup = cli('--input', input, '--out', join(dir, 'x.csv'));
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('alphapulse features: line 3: duplicate date 2024-01-02 (first on line 2)\n');
    const unknown = cli('--input', input, '--out', join(dir, 'x.csv'), '--set', 'nope');
    expect(unknown).toMatchObject({ code: 1, stderr: 'alphapulse features: unknown feature set "nope"; known sets: core, technical\n' });
    const missing = cli('--input', join(dir, 'absent.csv'), '--out', join(dir, 'x.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^alphapulse features: ENOENT: cannot open .*absent\.csv\n$/);
    expect(cli('--input', input).code).toBe(2);
  });
});
