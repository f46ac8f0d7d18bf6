import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatOhlcvCsv } from '@alphapulse/market';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closesFromReturns, syntheticReturns } from '@alphapulse/trainer/testing';
import { UsageError } from '../usage-error.ts';
import { run } from './evaluate.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'alphapulse-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(n: number): string {
  const closes = closesFromReturns(syntheticReturns(n - 1, { seed: 4 }));
  const file = path.join(dir, 'spy.csv');
  writeFileSync(
    file,
    formatOhlcvCsv(
      Array.from(closes, (close, i) => ({
        ts: new Date(Date.UTC(2012, 0, 2) + i * 86_400_000),
        open: close,
        high: close * 1.003,
        low: close * 0.997,
        close,
        volume: 5e5,
      })),
    ),
  );
  return file;
}

async function capture(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await run(args), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('alphapulse evaluate', () => {
  it('--json prints one object with test metrics, baselines, strategy, backend, trials and seconds', async () => {
    const file = writeCsv(700);
    const { code, stdout } = await capture([
      '--input',
      file,
      '--mode',
      'ultra_fast',
      '--model',
      'logistic',
      '--trials',
      '2',
      '--json',
    ]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r.input.symbols).toEqual(['SPY']);
    expect(Object.keys(r.test)).toEqual(
      expect.arrayContaining(['n', 'accuracy', 'accuracyCI', 'auc', 'logLoss', 'brier', 'pValue']),
    );
    expect(Object.keys(r.baselines).sort()).toEqual(['logistic', 'majority', 'persistence']);
    expect(r.strategy.buyAndHold).toBeDefined();
    expect(r.walkForward).toBeNull();
    expect(r.trials.count).toBe(2);
    expect(typeof r.seconds).toBe('number');
    expect(typeof r.backend).toBe('string');
  });

  it('prints the table without --json', async () => {
    const file = writeCsv(700);
    const { code, stdout } = await capture(['--input', file, '--mode', 'ultra_fast', '--model', 'logistic', '--trials', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/majority class/);
    expect(stdout).toMatch(/buy and hold/);
    expect(stdout).toMatch(/95% CI/);
  });

  it('rejects bad flags with a UsageError naming the flag', async () => {
    await expect(run(['--mode', 'fast'])).rejects.toThrow(/--input/);
    await expect(run(['--input', 'x.csv', '--mode', 'slow'])).rejects.toThrow(UsageError);
    await expect(run(['--input', 'x.csv', '--mode', 'fast', '--model', 'xgb'])).rejects.toThrow(/--model/);
    await expect(run(['--input', 'x.csv', '--mode', 'fast', '--seed', '-1'])).rejects.toThrow(/--seed/);
  });

  it('a missing file is one line on stderr and exit 1', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await run(['--input', path.join(dir, 'nope.csv'), '--mode', 'fast'])).toBe(1);
      expect(String(err.mock.calls[0][0])).toMatch(/ENOENT/);
    } finally {
      err.mockRestore();
    }
  });
});
