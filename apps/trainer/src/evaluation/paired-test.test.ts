import { describe, expect, it } from 'vitest';
import { createRng } from '../ml/rng.ts';
import { pairedLogLossTest, rowLogLosses } from './paired-test.ts';
import { bestBaseline, skillVerdict } from './skill.ts';

describe('pairedLogLossTest', () => {
  it('computes the per-row losses and a one-sample t over the differences (hand-checked)', () => {
    const y = [1, 0, 1, 0];
    const a = [0.8, 0.3, 0.6, 0.4];
    const b = [0.5, 0.5, 0.5, 0.5];
    const la = rowLogLosses(y, a);
    expect(la[0]).toBeCloseTo(-Math.log(0.8), 12);
    expect(la[1]).toBeCloseTo(-Math.log(0.7), 12);
    const d = [-Math.log(0.8), -Math.log(0.7), -Math.log(0.6), -Math.log(0.6)].map((x) => x - Math.log(2));
    const mean = d.reduce((s, x) => s + x, 0) / 4;
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / 3);
    const t = pairedLogLossTest(y, a, b);
    expect(t.meanDifference).toBeCloseTo(mean, 12);
    expect(t.t).toBeCloseTo(mean / (sd / 2), 10);
    expect(t.groups).toBe(4);
    expect(t.pBetter).toBeLessThan(0.05); // A beats a coin on every row (n = 4: t ≈ 3.9, 3 df)
    expect(t.pBetter + t.pWorse).toBeCloseTo(1, 12);
  });

  it('says nothing either way for identical predictions', () => {
    const t = pairedLogLossTest([1, 0, 1], [0.6, 0.6, 0.6], [0.6, 0.6, 0.6]);
    expect(t).toMatchObject({ meanDifference: 0, pBetter: 0.5, pWorse: 0.5 });
  });

  it('counts rows of one bar time as one observation', () => {
    const rng = createRng(3);
    const n = 400;
    const y = Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const a = y.map((v) => (v ? 0.55 : 0.45) + 0.1 * (rng.next() - 0.5));
    const b = Array.from({ length: n }, () => 0.5);
    const byRow = pairedLogLossTest(y, a, b);
    const byDay = pairedLogLossTest(y, a, b, Array.from({ length: n }, (_, i) => Math.floor(i / 4)));
    expect(byRow.groups).toBe(400);
    expect(byDay.groups).toBe(100);
    expect(byDay.meanDifference).toBeCloseTo(byRow.meanDifference, 12);
  });

  it('finds no skill in noise: about 5% of random predictors pass at p < 0.05', () => {
    const rng = createRng(11);
    let passed = 0;
    const trials = 400;
    for (let k = 0; k < trials; k++) {
      const y = Array.from({ length: 300 }, () => (rng.next() < 0.5 ? 1 : 0));
      const model = y.map(() => 0.5 + 0.05 * rng.normal());
      if (skillVerdict(y, model, 'majority', new Array(300).fill(0.5), y.map((_, i) => i)).verdict === 'significant') passed++;
    }
    expect(passed / trials).toBeLessThan(0.09);
  });
});

describe('bestBaseline', () => {
  it('picks the lowest log loss among baselines that have one', () => {
    expect(bestBaseline({ majority: { logLoss: 0.693 }, persistence: { logLoss: null }, logistic: { logLoss: 0.69 } })).toBe('logistic');
    expect(() => bestBaseline({ persistence: { logLoss: null } })).toThrow(/no baseline/);
  });
});
