import { describe, expect, it } from 'vitest';
import { computeBoundaries, prepareDataset, sequenceWindows } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { batchFromCloses, syntheticBatch } from './testing/synthetic-series.ts';

describe('prepareDataset', () => {
  const batch = syntheticBatch({ symbols: 2, bars: 300, seed: 1 });

  it('splits chronologically by time shared by all symbols, with a gap between windows', () => {
    const ds = prepareDataset(batch, { gapBars: 3 });
    const b = ds.boundaries;
    expect(b.train.end).toBeLessThan(b.val.start);
    expect(b.val.end).toBeLessThan(b.test.start);
    const day = 86_400_000;
    // 3 bar times dropped between windows
    expect((b.val.start - b.train.end) / day).toBe(4);
    expect((b.test.start - b.val.end) / day).toBe(4);
    for (const split of [ds.train, ds.val, ds.test]) {
      expect(new Set(split.symbol)).toEqual(new Set(['SYN0', 'SYN1']));
      for (let k = 1; k < split.n; k++) expect(split.ts[k]).toBeGreaterThanOrEqual(split.ts[k - 1]);
    }
    expect(Math.max(...ds.train.ts)).toBeLessThan(Math.min(...ds.val.ts));
    expect(Math.max(...ds.val.ts)).toBeLessThan(Math.min(...ds.test.ts));
    // 300 bars: 10 warm-up, 1 unlabelled → 289 labelled times; minus 2 gaps of 3 → 283 → 198/42/43
    expect([ds.train.n, ds.val.n, ds.test.n]).toEqual([2 * 198, 2 * 42, 2 * 43]);
  });

  it('drops warm-up rows and the unlabelled latest bar', () => {
    const ds = prepareDataset(batch);
    const first = Math.min(...ds.train.ts);
    const last = Math.max(...ds.test.ts);
    expect(first).toBe(batch.ts[10]);
    expect(last).toBe(batch.ts[298]);
    for (const s of [ds.train, ds.val, ds.test]) for (const v of s.x) expect(Number.isFinite(v)).toBe(true);
  });

  it('fits the scaler on the training window only', () => {
    // Make every feature value after the training window enormous: if the scaler saw them, the mean would move.
    const poisoned = structuredClone(batch);
    const clean = prepareDataset(batch);
    for (const col of Object.values(poisoned.features)) {
      for (let r = 0; r < poisoned.rows; r++) if (poisoned.ts[r] > clean.boundaries.train.end) col[r] = 1e9;
    }
    const ds = prepareDataset(poisoned);
    expect(ds.scaler).toEqual(clean.scaler);
    // and the training rows are standardised: mean 0, sd 1 per feature
    const f = ds.featureNames.length;
    for (let j = 0; j < f; j++) {
      let s = 0;
      let ss = 0;
      for (let k = 0; k < ds.train.n; k++) s += ds.train.x[k * f + j];
      const m = s / ds.train.n;
      for (let k = 0; k < ds.train.n; k++) ss += (ds.train.x[k * f + j] - m) ** 2;
      expect(m).toBeCloseTo(0, 4);
      expect(Math.sqrt(ss / ds.train.n)).toBeCloseTo(1, 3);
    }
  });

  it("gives the persistence baseline today's return (the previous bar's next return, same symbol)", () => {
    const ds = prepareDataset(batch);
    const r = batch.symbol.findIndex((s, i) => s === 'SYN1' && batch.ts[i] === ds.test.ts[0]);
    const k = ds.test.symbol.indexOf('SYN1');
    expect(ds.test.todayReturn[k]).toBe(batch.targets.nextReturn[r - 1]);
  });

  it('builds sequence windows within each symbol, zero-padding the start', () => {
    const ds = prepareDataset(batch);
    const f = ds.featureNames.length;
    const w = 4;
    const seq = sequenceWindows(ds, ds.test, w);
    const k = 5;
    // the last step of each window is the row itself
    expect(Array.from(seq.subarray((k * w + w - 1) * f, (k * w + w) * f))).toEqual(
      Array.from(ds.test.x.subarray(k * f, (k + 1) * f)),
    );
    // the first training row of a symbol has no history: the front of its window is zeros
    const first = sequenceWindows(ds, ds.train, w);
    expect(Array.from(first.subarray(0, (w - 1) * f)).every((v) => v === 0)).toBe(true);
    // the step before the last is the previous row of the same symbol (symbols interleave in the split)
    const sym = ds.test.symbol[k];
    const prevK = ds.test.symbol.lastIndexOf(sym, k - 1);
    expect(Array.from(seq.subarray((k * w + w - 2) * f, (k * w + w - 1) * f))).toEqual(
      Array.from(ds.test.x.subarray(prevK * f, (prevK + 1) * f)),
    );
  });

  it('rejects malformed batches and too-short series with a reason', () => {
    expect(() => prepareDataset({ ...batch, ts: new Float64Array(3) })).toThrow(/batch.ts has 3 entries/);
    const tiny = batchFromCloses({ A: Float64Array.from({ length: 30 }, (_, i) => 100 + i) });
    expect(() => prepareDataset(tiny)).toThrow(DatasetError);
    expect(() => computeBoundaries(batch, { split: { train: 0.7, val: 0, test: 0.3 } })).toThrow(/split.val/);
  });
});
