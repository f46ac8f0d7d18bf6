import { describe, expect, it } from 'vitest';
import { compareToReference, referenceHistograms } from './drift.ts';
import {
  binCounts,
  binIndex,
  kolmogorovQ,
  ksPValue,
  ksStatistic,
  psi,
  quantileSorted,
  sortedFinite,
} from './drift-statistics.ts';

/** mulberry32: a small seeded PRNG, so every draw in these tests is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normals(n: number, seed: number, mean = 0, sd = 1): Float64Array {
  const u = prng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    out[i] = mean + sd * r * Math.cos(2 * Math.PI * u());
  }
  return out;
}

const options = { psiThreshold: 0.2, ksAlpha: 0.05, shareThreshold: 0.3 };

describe('drift statistics (hand cases)', () => {
  it('drops non-finite values and sorts', () => {
    expect(Array.from(sortedFinite([3, Number.NaN, 1, Number.POSITIVE_INFINITY, 2]))).toEqual([1, 2, 3]);
  });

  it('interpolates quantiles like numpy', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([5], 0.9)).toBe(5);
  });

  it('bins right-closed intervals', () => {
    expect([0, 1, 1.5, 2, 3].map((v) => binIndex([1, 2], v))).toEqual([0, 0, 1, 1, 2]);
    expect(binCounts([1, 2], [0, 1, 1.5, 2, 3])).toEqual([2, 2, 1]);
  });

  it('computes PSI by hand', () => {
    // (0.25 − 0.5)·ln(0.5) + (0.75 − 0.5)·ln(1.5)
    expect(psi([50, 50], [25, 75])).toBeCloseTo(0.25 * Math.log(2) + 0.25 * Math.log(1.5), 12);
    expect(psi([10, 20, 30], [1, 2, 3])).toBeCloseTo(0, 12);
    // An empty bin is floored at 1e-4, not infinite.
    expect(psi([50, 50], [100, 0])).toBeCloseTo((1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5), 10);
  });

  it('computes the KS statistic by hand, ties included', () => {
    expect(ksStatistic([1, 2, 3], [4, 5, 6])).toBe(1);
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(ksStatistic([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 12);
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
  });

  it('matches the Kolmogorov distribution (values from scipy.special.kolmogorov)', () => {
    const table: [number, number][] = [
      [0.5, 0.9639452436648751],
      [0.8, 0.5441424115741981],
      [1.0, 0.26999967167735456],
      [1.18, 0.1234538094297657],
      [1.36, 0.049485876755377876],
      [2.0, 0.0006709252557796953],
    ];
    for (const [lambda, q] of table) expect(kolmogorovQ(lambda)).toBeCloseTo(q, 6);
    expect(kolmogorovQ(0)).toBe(1);
    expect(ksPValue(0, 100, 100)).toBe(1);
    expect(ksPValue(1, 100, 100)).toBeLessThan(1e-12);
    // scipy.stats.ks_2samp(..., method='asymp') gives 0.02022 for this statistic and these sizes.
    expect(ksPValue(0.08016666666666672, 3000, 400)).toBeCloseTo(0.0202, 3);
  });
});

describe('referenceHistograms', () => {
  it('puts a tenth of the training window in each quantile bin and ignores NaN', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i);
    values[0] = Number.NaN;
    const ref = referenceHistograms({ x: values });
    expect(ref.features.x.n).toBe(999);
    expect(ref.features.x.missing).toBe(1);
    expect(ref.features.x.cuts).toHaveLength(9);
    for (const c of ref.features.x.counts) expect(Math.abs(c - 100)).toBeLessThanOrEqual(1);
    expect(ref.features.x.counts.reduce((a, b) => a + b, 0)).toBe(999);
  });

  it('merges bins of a feature with repeated values', () => {
    const binary = Float64Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : 1));
    const ref = referenceHistograms({ flag: binary });
    expect(ref.features.flag.cuts).toEqual([0, 1]);
    expect(ref.features.flag.counts).toEqual([70, 30, 0]);
  });

  it('keeps a sorted quantile sketch bounded by the sketch size', () => {
    const ref = referenceHistograms({ x: normals(5000, 1) }, 10, 500);
    const sketch = ref.features.x.sketch;
    expect(sketch).toHaveLength(500);
    expect(sketch.every((v, i) => i === 0 || v >= sketch[i - 1])).toBe(true);
    expect(ref.features.x.n).toBe(5000);
    // Plain JSON survives a round trip.
    expect(JSON.parse(JSON.stringify(ref))).toEqual(ref);
  });
});

describe('compareToReference', () => {
  const features = ['a', 'b', 'c', 'd', 'e'];
  const reference = referenceHistograms(Object.fromEntries(features.map((f, i) => [f, normals(3000, 100 + i)])));

  it('finds no drift in an independent draw from the same distribution', () => {
    const current = Object.fromEntries(features.map((f, i) => [f, normals(400, 200 + i)]));
    const report = compareToReference(reference, current, options);
    expect(report.drifted).toBe(false);
    expect(report.shareDrifted).toBe(0);
    for (const f of features) expect(report.features[f].psi).toBeLessThan(0.1);
  });

  it('finds drift when most features shift by one standard deviation', () => {
    const current = Object.fromEntries(features.map((f, i) => [f, normals(400, 300 + i, i < 3 ? 1 : 0)]));
    const report = compareToReference(reference, current, options);
    expect(report.features.a.drifted).toBe(true);
    expect(report.features.a.psi).toBeGreaterThan(0.5);
    expect(report.features.a.ksPValue).toBeLessThan(1e-6);
    expect(report.features.e.drifted).toBe(false);
    expect(report.shareDrifted).toBeCloseTo(0.6, 12);
    expect(report.drifted).toBe(true);
  });

  it('does not call one shifted feature out of five a drifted batch at a 0.3 share threshold', () => {
    const current = Object.fromEntries(features.map((f, i) => [f, normals(400, 400 + i, i === 0 ? 1 : 0)]));
    const report = compareToReference(reference, current, options);
    expect(report.features.a.drifted).toBe(true);
    expect(report.shareDrifted).toBeCloseTo(0.2, 12);
    expect(report.drifted).toBe(false);
  });

  it('detects a change of spread, not only of location', () => {
    const current = Object.fromEntries(features.map((f, i) => [f, normals(400, 500 + i, 0, 3)]));
    expect(compareToReference(reference, current, options).drifted).toBe(true);
  });

  it('lists features missing on either side and those with no finite values', () => {
    const current = { a: normals(100, 7), b: new Float64Array([Number.NaN]), extra: normals(10, 8) };
    const report = compareToReference(reference, current, options);
    expect(Object.keys(report.features)).toEqual(['a']);
    expect(report.skipped).toEqual([
      { feature: 'b', reason: 'no finite values in the current batch' },
      { feature: 'c', reason: 'not in the current batch' },
      { feature: 'd', reason: 'not in the current batch' },
      { feature: 'e', reason: 'not in the current batch' },
      { feature: 'extra', reason: 'not in the reference' },
    ]);
  });
});
