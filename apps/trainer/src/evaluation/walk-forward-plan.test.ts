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

  it('merges a short final block into the previous fold instead of leaving a fold too small to evaluate', () => {
    // 103 times, first block at 52, steps of 20: 52, 72, 92 → the last block (92..102) has 11 times, over half a step.
    const times103 = Array.from({ length: 103 }, (_, i) => i * 10);
    expect(planWalkForward(times103, { every: 20 }).map((f) => f.test)).toEqual([
      { start: 520, end: 710 },
      { start: 720, end: 910 },
      { start: 920, end: 1020 },
    ]);
    // 95 times: blocks 48, 68, 88 → the last one (88..94) has 7 times, under half a step: it joins the fold before.
    const times95 = Array.from({ length: 95 }, (_, i) => i * 10);
    const folds = planWalkForward(times95, { every: 20 });
    expect(folds.map((f) => f.test)).toEqual([
      { start: 480, end: 670 },
      { start: 680, end: 940 },
    ]);
  });

  it('rejects nonsense options', () => {
    expect(() => planWalkForward(times, { every: 0 })).toThrow(/every/);
    expect(() => planWalkForward(times, { initialFraction: 1 })).toThrow(/initialFraction/);
  });
});
