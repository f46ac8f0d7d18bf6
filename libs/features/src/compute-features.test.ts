import type { Bar } from '@alphapulse/market';
import { describe, expect, it } from 'vitest';
import { computeFeatures, FeatureInputError, getFeatureSet, type FeatureFrame } from './index.ts';
import { loadYahooBars } from './test-support/yahoo-fixture.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const bar = (iso: string, close: number, extra: Partial<Bar> = {}): Bar => ({ ts: day(iso), open: close, high: close * 1.01, low: close * 0.99, close, volume: 1000, ...extra });

/** Rows 0..count-1 of `a` equal those of `b` bit for bit (NaN equal to NaN); one assertion per call. */
function expectRowsEqual(a: FeatureFrame, b: FeatureFrame, count: number) {
  const diffs: string[] = [];
  for (let t = 0; t < count; t++) {
    if (a.ts[t] !== b.ts[t] || a.availableAt[t] !== b.availableAt[t]) diffs.push(`row ${t}: ts/availableAt`);
    for (const [name, col] of Object.entries(a.columns)) if (!Object.is(col[t], b.columns[name][t])) diffs.push(`${name} row ${t}: ${col[t]} vs ${b.columns[name][t]}`);
  }
  expect(diffs.slice(0, 5)).toEqual([]);
}

describe('computeFeatures', () => {
  const { bars, timezone } = loadYahooBars('nvda');
  const session = { timezone, close: '16:00' };

  it('returns every column of the set, one value per bar', () => {
    const frame = computeFeatures(bars, { set: 'technical', session });
    expect(Object.keys(frame.columns)).toEqual(getFeatureSet('technical').columns);
    for (const col of Object.values(frame.columns)) expect(col.length).toBe(bars.length);
    expect(frame.columns.rsi_14.findIndex((x) => !Number.isNaN(x))).toBe(14);
    expect(frame.columns.macd_signal.findIndex((x) => !Number.isNaN(x))).toBe(33);
  });

  it('has no look-ahead: every prefix gives the full run\'s rows', () => {
    const full = computeFeatures(bars, { session });
    for (let len = 1; len <= bars.length; len++) {
      const prefix = computeFeatures(bars.slice(0, len), { session });
      expectRowsEqual(prefix, full, len);
    }
  });

  it('mutating future bars never changes earlier rows', () => {
    const full = computeFeatures(bars, { session });
    for (const cut of [0, 30, 100, 200]) {
      const changed = bars.map((b, i) => (i > cut ? { ...b, close: b.close * 3, high: b.high * 3, low: b.low * 0.5, volume: b.volume * 7, adjClose: (b.adjClose ?? b.close) * 3 } : b));
      const frame = computeFeatures(changed, { session });
      expectRowsEqual(frame, full, cut + 1);
      expect(frame.columns.logret_1[cut + 1]).not.toBe(full.columns.logret_1[cut + 1]);
    }
  });

  it('stamps each row with its session close in the exchange time zone, DST-correct', () => {
    const frame = computeFeatures(bars, { session });
    const iso = [...frame.availableAt].map((ms) => new Date(ms).toISOString());
    expect(iso[0]).toBe('2021-02-01T21:00:00.000Z'); // EST
    expect(iso).toContain('2021-06-01T20:00:00.000Z'); // EDT
    for (let t = 0; t < bars.length; t++) expect(frame.availableAt[t]).toBeGreaterThan(frame.ts[t]);
    // A CSV bar stamped 00:00 UTC belongs to that calendar day.
    const csv = computeFeatures([bar('2024-03-08', 10), bar('2024-03-11', 11)], { session });
    expect([...csv.availableAt].map((ms) => new Date(ms).toISOString())).toEqual(['2024-03-08T21:00:00.000Z', '2024-03-11T20:00:00.000Z']);
    expect([...csv.columns.dow]).toEqual([4, 0]);
  });

  it('uses adjusted closes so a split is not a crash', () => {
    const rows = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
    // A 4:1 split on the third session: raw close drops from 400 to 101, the adjusted series does not.
    const split = rows.map((d, i) => bar(d, [400, 404, 101, 102][i], { adjClose: [100, 101, 101, 102][i], volume: [10, 10, 40, 40][i] }));
    const f = computeFeatures(split, { set: 'technical' });
    expect(f.columns.logret_1[2]).toBeCloseTo(0, 12);
    expect([...f.columns.obv]).toEqual([0, 40, 40, 80]);
    const raw = computeFeatures(split.map((b) => ({ ...b, adjClose: null })), { set: 'technical' });
    expect(raw.columns.logret_1[2]).toBeLessThan(-1.3);
  });

  it('sorts unsorted bars and keeps gaps as they are', () => {
    const sorted = [bar('2024-01-02', 10), bar('2024-01-03', 11), bar('2024-01-10', 12)];
    const f = computeFeatures([sorted[2], sorted[0], sorted[1]], { set: 'technical' });
    expect([...f.ts]).toEqual(sorted.map((b) => b.ts.getTime()));
    expect(f.columns.logret_1[2]).toBeCloseTo(Math.log(12 / 11), 14);
  });

  it('gives empty features for a series shorter than the warm-ups, not an error', () => {
    const f = computeFeatures([bar('2024-01-02', 10), bar('2024-01-03', 11)], { set: 'technical' });
    for (const name of ['sma_20', 'ema_12', 'rsi_14', 'macd', 'bb_upper', 'atr_14', 'rv_20', 'close_sma_50']) expect([...f.columns[name]].every(Number.isNaN)).toBe(true);
    expect(computeFeatures([], { set: 'technical' }).ts.length).toBe(0);
  });

  it.each([
    ['duplicate timestamps', [bar('2024-01-02', 10), bar('2024-01-03', 11), bar('2024-01-02', 12)], 3, /duplicate timestamp 2024-01-02T00:00:00.000Z \(also row 1\)/],
    ['a non-positive price', [bar('2024-01-02', 10), bar('2024-01-03', 11, { low: 0 })], 2, /low 0 is not positive/],
    ['NaN', [bar('2024-01-02', Number.NaN)], 1, /open NaN is not a finite number/],
    ['Infinity', [bar('2024-01-02', 10, { volume: Number.POSITIVE_INFINITY })], 1, /volume Infinity is not a finite number/],
    ['negative volume', [bar('2024-01-02', 10, { volume: -5 })], 1, /volume -5 is negative/],
    ['high below low', [bar('2024-01-02', 10, { high: 9, low: 9.5 })], 1, /high 9 is below low 9.5/],
    ['an invalid date', [{ ...bar('2024-01-02', 10), ts: new Date('nope') }], 1, /ts is not a valid date/],
    ['a mix of adjusted and raw bars', [bar('2024-01-02', 10, { adjClose: 9 }), bar('2024-01-03', 10)], 2, /adjClose is missing/],
  ])('refuses %s with the row and reason', (_what, input, row, reason) => {
    try {
      computeFeatures(input as Bar[]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FeatureInputError);
      expect((err as FeatureInputError).row).toBe(row);
      expect((err as Error).message).toMatch(reason);
    }
  });

  it('without sentiment input, the core set\'s sentiment columns are empty (unknown, not neutral)', () => {
    const f = computeFeatures(bars.slice(0, 5), { set: 'core', session });
    expect([...f.columns.sent_count].every(Number.isNaN)).toBe(true);
  });
});
