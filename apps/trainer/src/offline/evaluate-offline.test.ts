import type { Bar } from '@alphapulse/market';
import { describe, expect, it } from 'vitest';
import { closesFromReturns, syntheticReturns } from '../ml/testing/synthetic-series.ts';
import { evaluateOffline } from './evaluate-offline.ts';

function bars(n: number, seed: number): Bar[] {
  const closes = closesFromReturns(syntheticReturns(n - 1, { seed, phi: 0.2 }));
  return Array.from(closes, (close, i) => ({
    ts: new Date(Date.UTC(2015, 0, 5) + i * 86_400_000),
    open: close,
    high: close * 1.004,
    low: close * 0.996,
    close,
    volume: 1e6 + (i % 7) * 1e4,
  }));
}

describe('evaluateOffline', () => {
  it('runs features → study → final fit → one test evaluation and a walk-forward, with no Redis or database', async () => {
    const progress: string[] = [];
    const r = await evaluateOffline(bars(900, 9), {
      mode: 'ultra_fast',
      model: 'logistic',
      trials: 3,
      seed: 3,
      symbol: 'SYN',
      walkForward: { every: 120 },
      onProgress: (m) => progress.push(m),
    });
    expect(r.input.symbols).toEqual(['SYN']);
    expect(r.trials.count).toBe(3);
    expect(r.trials.list.every((t) => t.model === 'logistic')).toBe(true);
    expect(r.best.params.model).toBe('logistic');
    // the windows are chronological and disjoint
    expect(r.windows.train.end < r.windows.val.start && r.windows.val.end < r.windows.test.start).toBe(true);
    expect(r.test.n).toBe(r.windows.test.n);
    for (const m of [r.test, r.baselines.majority, r.baselines.persistence, r.baselines.logistic]) {
      expect(m.n).toBe(r.test.n);
      expect(m.accuracyCI.lower).toBeLessThanOrEqual(m.accuracy);
      expect(m.accuracyCI.upper).toBeGreaterThanOrEqual(m.accuracy);
    }
    expect(r.baselines.persistence.logLoss).toBeNull();
    expect(r.strategy.buyAndHold.exposure).toBe(1);
    expect(r.walkForward).not.toBeNull();
    expect(r.walkForward?.folds).toBeGreaterThan(1);
    // walk-forward params were tuned before the first out-of-sample block
    expect(new Date(r.walkForward?.tunedOn.end as string).getTime()).toBeLessThan(r.walkForward?.range.start as number);
    // A logistic regression is fitted in TypeScript: no TensorFlow.js backend was loaded for it.
    expect(r.backend).toBe('typescript');
    expect(progress.some((m) => m.startsWith('final model'))).toBe(true);
    expect(JSON.parse(JSON.stringify(r)).test.accuracy).toBe(r.test.accuracy);
  });
});
