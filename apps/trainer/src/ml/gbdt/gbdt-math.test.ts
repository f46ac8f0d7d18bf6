import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors.ts';
import { codeColumns, fitBins, slotMatrix } from './binning.ts';
import { fitGbdt } from './fit-gbdt.ts';
import { baseMargin, logisticGradients, marginLogLoss, sigmoid } from './objective.ts';
import type { GbdtParams } from './params.ts';
import { leafWeight, splitGain } from './split-gain.ts';

const oneTree: GbdtParams = {
  learningRate: 1,
  maxDepth: 1,
  minChildWeight: 0,
  subsample: 1,
  colsampleByTree: 1,
  lambda: 1,
  gamma: 0,
  rounds: 1,
  earlyStoppingRounds: 0,
};
const column = (values: number[]) => ({ x: Float64Array.from(values), n: values.length, f: 1 });

describe('gbdt objective and split arithmetic (hand-computed)', () => {
  it('gradient p - y and hessian p(1 - p) of the log loss at the margin', () => {
    const margin = Float64Array.from([0, Math.log(3), -2]);
    const y = [1, 0, 1];
    const g = new Float64Array(3);
    const h = new Float64Array(3);
    logisticGradients(margin, y, g, h);
    // m = 0: p = 1/2; m = ln 3: p = 3/4; m = -2: p = 1/(1 + e^2).
    const p2 = 1 / (1 + Math.exp(2));
    expect([...g]).toEqual([expect.closeTo(-0.5, 15), expect.closeTo(0.75, 15), expect.closeTo(p2 - 1, 15)]);
    expect([...h]).toEqual([expect.closeTo(0.25, 15), expect.closeTo(0.1875, 15), expect.closeTo(p2 * (1 - p2), 15)]);
  });

  it('clamps the hessian of a saturated row at 1e-16, as XGBoost does', () => {
    const g = new Float64Array(1);
    const h = new Float64Array(1);
    logisticGradients(Float64Array.from([60]), [1], g, h);
    expect(h[0]).toBe(1e-16);
  });

  it('base margin is the log-odds of the training mean; a one-class train set is refused', () => {
    expect(baseMargin([1, 0, 0, 0])).toBeCloseTo(Math.log(1 / 3), 15);
    expect(() => baseMargin([1, 1, 1])).toThrow(DatasetError);
  });

  it('log loss from margins equals the cross-entropy of sigmoid(margin), also where sigmoid saturates', () => {
    const m = Float64Array.from([0, 2, -3, 800]);
    const y = [1, 0, 1, 0];
    const direct = (-Math.log(0.5) - Math.log(1 - sigmoid(2)) - Math.log(sigmoid(-3)) + 800) / 4;
    expect(marginLogLoss(m, y)).toBeCloseTo(direct, 12);
  });

  it('split gain GL²/(HL+λ) + GR²/(HR+λ) - G²/(H+λ) and leaf weight -G/(H+λ)', () => {
    // Rows x = 1..4, y = 0,0,1,1 at margin 0: g = ±0.5, h = 0.25; λ = 1.
    expect(splitGain(1, 0.5, -1, 0.5, 1)).toBeCloseTo(4 / 3, 15);
    expect(splitGain(0.5, 0.25, -0.5, 0.75, 1)).toBeCloseTo(0.25 / 1.25 + 0.25 / 1.75, 15);
    expect(leafWeight(1, 0.5, 1)).toBeCloseTo(-2 / 3, 15);
    expect(leafWeight(-1, 0.5, 0)).toBe(2);
  });
});

describe('gbdt one tree on a tiny case', () => {
  const data = { ...column([1, 2, 3, 4]), y: Uint8Array.from([0, 0, 1, 1]) };

  it('picks the split with the largest gain (x < 3, gain 4/3) and leaf weights ∓2/3', async () => {
    const model = await fitGbdt(data, undefined, oneTree, { seed: 1 });
    const margins = model.predictMargin(Float64Array.from([1, 2, 2.99, 3, 4, 100]), 6);
    expect([...margins]).toEqual([-2 / 3, -2 / 3, -2 / 3, 2 / 3, 2 / 3, 2 / 3].map((v) => expect.closeTo(v, 14)));
    const imp = model.importances(['x']);
    expect(imp).toEqual({ features: ['x'], gain: [expect.closeTo(4 / 3, 14)], splits: [1] });
  });

  it('the learning rate scales the leaf weights', async () => {
    const model = await fitGbdt(data, undefined, { ...oneTree, learningRate: 0.1 }, { seed: 1 });
    expect(model.predictMargin(Float64Array.from([1]), 1)[0]).toBeCloseTo(-0.2 / 3, 14);
  });

  it('minChildWeight above either child hessian (0.5) or gamma above the gain (4/3) keeps a single leaf', async () => {
    for (const params of [
      { ...oneTree, minChildWeight: 0.6 },
      { ...oneTree, gamma: 1.34 },
    ]) {
      const model = await fitGbdt(data, undefined, params, { seed: 1 });
      expect(model.importances().splits).toEqual([0]);
      expect(model.predictMargin(Float64Array.from([1, 4]), 2)).toEqual(Float64Array.from([0, 0]));
    }
    const split = await fitGbdt(data, undefined, { ...oneTree, gamma: 1.33 }, { seed: 1 });
    expect(split.importances().splits).toEqual([1]);
  });

  it('a second round fits the residual gradients of the first', async () => {
    const model = await fitGbdt(data, undefined, { ...oneTree, rounds: 2 }, { seed: 1 });
    // After round 1 the margins are ∓2/3: g = sigmoid(-2/3) for the zeros, sigmoid(2/3) - 1 for the ones.
    const p = sigmoid(-2 / 3);
    const g = p;
    const h = p * (1 - p);
    // Same split (x < 3); left leaf -(2g)/(2h + 1), right leaf +(2g)/(2h + 1).
    const w = (2 * g) / (2 * h + 1);
    expect(model.predictMargin(Float64Array.from([1, 4]), 2)[0]).toBeCloseTo(-2 / 3 - w, 14);
    expect(model.predictMargin(Float64Array.from([1, 4]), 2)[1]).toBeCloseTo(2 / 3 + w, 14);
  });
});

describe('gbdt missing values', () => {
  it('learns the missing direction: "value vs NaN" split when NaN carries the label', async () => {
    const data = { ...column([1, 2, Number.NaN, Number.NaN]), y: Uint8Array.from([0, 0, 1, 1]) };
    const model = await fitGbdt(data, undefined, oneTree, { seed: 1 });
    // All values left (G = 1, H = 0.5), NaN right (G = -1, H = 0.5): gain 4/3, the best candidate.
    expect(model.importances().gain[0]).toBeCloseTo(4 / 3, 14);
    const m = model.predictMargin(Float64Array.from([Number.NaN, 1, 2, 1e9]), 4);
    expect([...m]).toEqual([2 / 3, -2 / 3, -2 / 3, -2 / 3].map((v) => expect.closeTo(v, 14)));
  });

  it('learns to send NaN left when NaN rows look like the low values', async () => {
    const data = { ...column([1, 2, 3, 4, Number.NaN, Number.NaN]), y: Uint8Array.from([0, 0, 1, 1, 0, 0]) };
    const model = await fitGbdt(data, undefined, oneTree, { seed: 1 });
    const m = model.predictMargin(Float64Array.from([Number.NaN, 1, 4]), 3);
    expect(m[0]).toBe(m[1]);
    expect(m[0]).toBeLessThan(m[2]);
  });

  it('a NaN never seen in training follows the heavier child', async () => {
    const data = { ...column([1, 2, 3, 4, 5, 6]), y: Uint8Array.from([0, 0, 0, 0, 1, 1]) };
    const model = await fitGbdt(data, undefined, oneTree, { seed: 1 });
    const m = model.predictMargin(Float64Array.from([Number.NaN, 1, 6]), 3);
    expect(m[1]).toBeLessThan(m[2]);
    expect(m[0]).toBe(m[1]); // the left child holds 4 of the 6 rows
  });
});

describe('gbdt binning', () => {
  it('one bin per distinct value when they fit; "code <= b" is exactly "value < cuts[b]"', () => {
    const x = Float64Array.from([3, 1, 2, 2, Number.NaN, 3, 1]);
    const bins = fitBins(x, 7, 1, 256);
    expect([...bins.cuts[0]]).toEqual([2, 3]);
    expect(bins.valueBins[0]).toBe(3);
    expect(bins.hasMissing[0]).toBe(1);
    const probe = Float64Array.from([0.5, 1, 1.5, 2, 2.5, 3, 99, Number.NaN]);
    const codes = codeColumns(slotMatrix(probe, 8, 1, bins), 8, 1, bins);
    expect([...codes]).toEqual([0, 0, 0, 1, 1, 2, 2, 3]);
  });

  it('quantile cuts on many distinct values: at most maxBins value bins of about equal counts', () => {
    const n = 10_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1000);
    const bins = fitBins(x, n, 1, 16);
    expect(bins.valueBins[0]).toBe(16);
    const codes = codeColumns(slotMatrix(x, n, 1, bins), n, 1, bins);
    const counts = new Array(16).fill(0);
    for (const c of codes) counts[c]++;
    for (const c of counts) expect(Math.abs(c - n / 16)).toBeLessThanOrEqual(2);
    const cuts = bins.cuts[0];
    const misplaced = [...codes].filter((c, i) => (c > 0 && x[i] < cuts[c - 1]) || (c < 15 && x[i] >= cuts[c]));
    expect(misplaced).toEqual([]);
  });

  it('merges ties: a feature with a dominant value gets fewer bins, never an empty one', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => (i < 900 ? 0 : i));
    const bins = fitBins(x, n, 1, 10);
    const codes = codeColumns(slotMatrix(x, n, 1, bins), n, 1, bins);
    const counts = new Array(bins.valueBins[0]).fill(0);
    for (const c of codes) counts[c]++;
    expect(counts[0]).toBe(900);
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(bins.valueBins[0]).toBeLessThan(10);
  });

  it('a feature that is all NaN in training has one value bin and the missing code', () => {
    const x = Float64Array.from([Number.NaN, 1, Number.NaN, Number.NaN, Number.NaN, 2]);
    const bins = fitBins(x, 3, 2, 256);
    expect(bins.valueBins[0]).toBe(1);
    expect(bins.hasMissing[0]).toBe(1);
    expect(bins.hasMissing[1]).toBe(1);
    expect([...codeColumns(slotMatrix(x, 3, 2, bins), 3, 2, bins)].slice(0, 3)).toEqual([1, 1, 1]);
  });
});
