import { describe, expect, it } from 'vitest';
import { planWalkForward } from './walk-forward-plan.ts';

describe('planWalkForward', () => {
  const times = Array.from({ length: 100 }, (_, i) => i * 10);

  it('expands the training window and tiles the out-of-sample region with disjoint blocks', () => {
    const folds = planWalkForward(times, { every: 20, initialFraction: 0.5, valFraction: 0.2, gapBars: 1 });
    expect(folds).toHaveLength(3);
    expect(folds.map((f) => f.test)).toEqual([
      { start: 500, end: 690 },
      { start: 700, end: 890 },
      { start: 900, end: 990 },
    ]);
    for (const f of folds) {
      expect(f.train.start).toBe(0);
      // one bar time dropped between train and val and between val and test
      expect(f.val.start - f.train.end).toBe(20);
      expect(f.test.start - f.val.end).toBe(20);
    }
    expect(folds[1].train.end).toBeGreaterThan(folds[0].train.end);
  });

  it('rejects nonsense options', () => {
    expect(() => planWalkForward(times, { every: 0 })).toThrow(/every/);
    expect(() => planWalkForward(times, { initialFraction: 1 })).toThrow(/initialFraction/);
  });
});
