import { describe, expect, it } from 'vitest';
import { DatasetError, InvalidParamsError } from '../errors.ts';
import { fitGbdt } from './fit-gbdt.ts';
import type { GbdtMatrix } from './matrix.ts';
import { marginLogLoss } from './objective.ts';
import type { GbdtParams } from './params.ts';
import { aucTest, interactionProblem, logisticRegression, randomWalkProblem, referenceBoost, sliceRows } from './testing.ts';

const params: GbdtParams = {
  learningRate: 0.1,
  maxDepth: 4,
  minChildWeight: 1,
  subsample: 0.8,
  colsampleByTree: 0.8,
  lambda: 1,
  gamma: 0,
  rounds: 300,
  earlyStoppingRounds: 20,
};

describe('gbdt finds what is there and nothing else', () => {
  const all = interactionProblem(6000, 11);
  const train = sliceRows(all, 0, 3000);
  const val = sliceRows(all, 3000, 4000);
  const test = sliceRows(all, 4000, 6000);

  it('finds a planted interaction (y = sign(x0·x1) + noise) that logistic regression scores at chance', async () => {
    const model = await fitGbdt(train, val, params, { seed: 3 });
    const trees = aucTest(test.y as Uint8Array, model.predictProba(test.x, test.n));
    const linear = aucTest(test.y as Uint8Array, logisticRegression(train, test));
    expect(trees.auc).toBeGreaterThan(0.9);
    expect(trees.pValue).toBeLessThan(1e-12);
    expect(Math.abs(linear.auc - 0.5)).toBeLessThan(0.05);
    expect(linear.pValue).toBeGreaterThan(0.01);
    // The gain goes to the two features of the interaction.
    const { gain } = model.importances();
    const ranked = gain.map((g, j) => [g, j]).sort((a, b) => b[0] - a[0]);
    expect(
      ranked
        .slice(0, 2)
        .map(([, j]) => j)
        .sort(),
    ).toEqual([0, 1]);
    expect(ranked[1][0]).toBeGreaterThan(5 * ranked[2][0]);
  });

  it.each([101, 202, 303])('scores chance on the lagged returns of a pure random walk (seed %i)', async (seed) => {
    const { train: tr, val: va, test: te } = randomWalkProblem(5000, seed);
    const model = await fitGbdt(tr, va, params, { seed });
    const r = aucTest(te.y as Uint8Array, model.predictProba(te.x, te.n));
    expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.06);
    expect(r.pValue).toBeGreaterThan(0.01);
  });

  it('grows the same trees as brute-force exact greedy boosting when every distinct value has its own bin', async () => {
    // 200 rows → < 255 distinct values per feature; 10% NaN in feature 2 exercises both default directions.
    const small = interactionProblem(200, 5, 2);
    for (let r = 0; r < small.n; r += 10) small.x[r * small.f + 2] = Number.NaN;
    const p = { rounds: 8, maxDepth: 3, learningRate: 0.3, lambda: 1, minChildWeight: 1, gamma: 0 };
    const model = await fitGbdt(
      small,
      undefined,
      { ...p, subsample: 1, colsampleByTree: 1, earlyStoppingRounds: 0 },
      { seed: 1 },
    );
    const ours = model.predictProba(small.x, small.n);
    const reference = referenceBoost(small, small, p);
    let worst = 0;
    for (let i = 0; i < small.n; i++) worst = Math.max(worst, Math.abs(ours[i] - reference[i]));
    expect(worst).toBeLessThan(1e-9);
    expect(model.importances().splits.reduce((a, b) => a + b, 0)).toBeGreaterThan(8 * 3);
  });
});

describe('gbdt determinism', () => {
  const data = interactionProblem(3000, 21, 4);
  const train = sliceRows(data, 0, 2000);
  const val = sliceRows(data, 2000, 3000);

  it('same seed and data give byte-identical models; another seed samples other rows and features', async () => {
    const a = (await fitGbdt(train, val, params, { seed: 9 })).toBytes();
    const b = (await fitGbdt(train, val, params, { seed: 9 })).toBytes();
    const c = (await fitGbdt(train, val, params, { seed: 10 })).toBytes();
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('Float32 and Float64 copies of the same values give the same model', async () => {
    const x32 = Float32Array.from(train.x);
    const x64 = Float64Array.from(x32);
    const a = await fitGbdt({ ...train, x: x32 }, undefined, { ...params, rounds: 20 }, { seed: 1 });
    const b = await fitGbdt({ ...train, x: x64 }, undefined, { ...params, rounds: 20 }, { seed: 1 });
    expect(a.toBytes().equals(b.toBytes())).toBe(true);
  });
});

describe('gbdt early stopping and round reporting', () => {
  const { train, val } = randomWalkProblem(3000, 7);
  const overfit: GbdtParams = {
    ...params,
    learningRate: 0.3,
    maxDepth: 6,
    subsample: 1,
    colsampleByTree: 1,
    earlyStoppingRounds: 5,
  };

  it('stops earlyStoppingRounds after the best round and predicts with trees up to it', async () => {
    const model = await fitGbdt(train, val, overfit, { seed: 1 });
    expect(model.roundsUsed).toBe(model.bestIteration + 1 + 5);
    expect(model.roundsUsed).toBeLessThan(300);
    expect(model.treeCount).toBe(model.bestIteration + 1);
    const curve = model.valCurve;
    expect(curve).toHaveLength(model.roundsUsed);
    expect(curve[model.bestIteration]).toBe(Math.min(...curve));
    // Predicting from raw values reproduces the binned validation margins of the fit exactly.
    expect(marginLogLoss(model.predictMargin(val.x, val.n), val.y as Uint8Array)).toBe(curve[model.bestIteration]);
  });

  it('reports every round to onRound, and stops when it answers false or "stop" (async too)', async () => {
    const seen: Array<[number, number]> = [];
    const model = await fitGbdt(
      train,
      val,
      { ...overfit, earlyStoppingRounds: 0 },
      {
        seed: 1,
        onRound: async (round, loss) => {
          seen.push([round, loss]);
          return round === 3 ? false : undefined;
        },
      },
    );
    expect(seen.map(([r]) => r)).toEqual([0, 1, 2, 3]);
    expect(seen.map(([, l]) => l)).toEqual(model.valCurve);
    expect(model.roundsUsed).toBe(4);
    const stopped = await fitGbdt(train, val, overfit, { seed: 1, onRound: (round) => (round === 1 ? 'stop' : 'continue') });
    expect(stopped.roundsUsed).toBe(2);
  });

  it('with early stopping off, keeps every round although validation loss rose, and still records the curve', async () => {
    const model = await fitGbdt(train, val, { ...overfit, rounds: 40, earlyStoppingRounds: 0 }, { seed: 1 });
    expect([model.roundsUsed, model.bestIteration, model.treeCount]).toEqual([40, 39, 40]);
    const curve = model.valCurve;
    expect(curve).toHaveLength(40);
    expect(curve[39]).toBeGreaterThan(Math.min(...curve));
    expect(marginLogLoss(model.predictMargin(val.x, val.n), val.y as Uint8Array)).toBe(curve[39]);
  });

  it('without validation rows: all rounds, NaN reported, empty curve, best iteration the last', async () => {
    const losses: number[] = [];
    const model = await fitGbdt(train, undefined, { ...overfit, rounds: 7 }, { seed: 1, onRound: (_, l) => void losses.push(l) });
    expect(model.roundsUsed).toBe(7);
    expect(model.bestIteration).toBe(6);
    expect(model.treeCount).toBe(7);
    expect(model.valCurve).toEqual([]);
    expect(losses.every(Number.isNaN)).toBe(true);
  });
});

describe('gbdt yields to the event loop', () => {
  const data = interactionProblem(20_000, 4, 8);
  const long: GbdtParams = { ...params, maxDepth: 5, rounds: 60, earlyStoppingRounds: 0 };

  const ticksDuring = async (yieldEveryMs: number) => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    await fitGbdt(data, undefined, long, { seed: 1, yieldEveryMs });
    const ms = performance.now() - started;
    clearInterval(timer);
    return { ticks, ms };
  };

  it('timers run during a long fit; with yielding effectively off they cannot', async () => {
    const yielding = await ticksDuring(5);
    expect(yielding.ms).toBeGreaterThan(50);
    expect(yielding.ticks).toBeGreaterThanOrEqual(3);
    const blocking = await ticksDuring(1e9);
    expect(blocking.ticks).toBe(0);
  });
});

describe('gbdt refuses bad input before any work', () => {
  const ok: GbdtMatrix = { x: Float64Array.from([1, 2, 3, 4]), y: Uint8Array.from([0, 1, 0, 1]), n: 4, f: 1 };

  it.each([
    ['maxDepth', { maxDepth: 0 }],
    ['maxDepth', { maxDepth: 11 }],
    ['learningRate', { learningRate: 0 }],
    ['subsample', { subsample: 1.5 }],
    ['rounds', { rounds: 2.5 }],
    ['maxBins', { maxBins: 300 }],
    ['lambda', { lambda: -1 }],
  ])('params.%s out of range → InvalidParamsError naming it', async (field, patch) => {
    await expect(fitGbdt(ok, undefined, { ...params, ...patch }, { seed: 1 })).rejects.toThrow(
      expect.objectContaining({ name: InvalidParamsError.name, message: expect.stringContaining(`params.${field}`) }),
    );
  });

  it.each([
    ['an infinite value', { ...ok, x: Float64Array.from([1, Number.POSITIVE_INFINITY, 3, 4]) }, 'row 1, feature 0'],
    ['a label that is not 0/1', { ...ok, y: Float64Array.from([0, 1, 2, 1]) }, 'y[2] is 2'],
    ['a shape mismatch', { ...ok, n: 5 }, 'expected n × f = 5'],
    ['no labels', { ...ok, y: undefined }, 'labels y are required'],
    ['one class', { ...ok, y: Uint8Array.from([1, 1, 1, 1]) }, 'needs both classes'],
  ])('train with %s → DatasetError', async (_, train, message) => {
    await expect(fitGbdt(train, undefined, params, { seed: 1 })).rejects.toThrow(
      expect.objectContaining({ name: DatasetError.name, message: expect.stringContaining(message) }),
    );
  });

  it('validation rows with another feature count → DatasetError', async () => {
    const val = { x: Float64Array.from([1, 2]), y: Uint8Array.from([0, 1]), n: 1, f: 2 };
    await expect(fitGbdt(ok, { ...val, y: Uint8Array.from([1]) }, params, { seed: 1 })).rejects.toThrow('val has 2 features');
  });

  it('params arriving as strings (a JSON round trip) are coerced', async () => {
    const asStrings = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) as unknown as GbdtParams;
    const model = await fitGbdt(ok, undefined, { ...asStrings, rounds: 2 }, { seed: 1 });
    expect(model.params).toEqual({ ...params, rounds: 2, maxBins: 256 });
  });
});
