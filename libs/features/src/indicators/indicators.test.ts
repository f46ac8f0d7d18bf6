import * as ti from 'technicalindicators';
import * as ts from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { seriesFromBars } from '../series.ts';
import { loadYahooBars } from '../test-support/yahoo-fixture.ts';
import { atr, bollinger, closeOverSma, ema, logReturn, macd, obvFlow, onBalanceVolume, realizedVolatility, rsi, sma, stochastic, volumeZScore } from './index.ts';

const f64 = (xs: number[]) => Float64Array.from(xs);
const firstValue = (xs: Float64Array) => xs.findIndex((x) => !Number.isNaN(x));

/** Our series must be empty exactly where the reference is, and equal (to `tol`, relative) elsewhere. */
function expectMatches(ours: Float64Array, reference: (number | null | undefined)[], tol = 1e-9) {
  expect(ours.length).toBe(reference.length);
  for (let i = 0; i < ours.length; i++) {
    const r = reference[i];
    if (r == null) {
      expect(ours[i], `row ${i} should be empty`).toBeNaN();
    } else {
      expect(Math.abs(ours[i] - r), `row ${i}: ours ${ours[i]} vs reference ${r}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(r)));
    }
  }
}

/** technicalindicators returns only the defined tail; align it to the input's rows. */
const alignTail = <T>(n: number, tail: T[]): (T | null)[] => [...new Array<null>(n - tail.length).fill(null), ...tail];

function streamed<I, R>(indicator: { update(input: I, replace: boolean): R | null }, inputs: I[], pick: (r: R) => number): (number | null)[] {
  return inputs.map((x) => {
    const r = indicator.update(x, false);
    return r == null ? null : pick(r);
  });
}

describe.each(['msft', 'nvda', 'aapl'] as const)('indicators on real %s bars match independent implementations', (name) => {
  const s = seriesFromBars(loadYahooBars(name).bars);
  const c = [...s.close];
  const h = [...s.high];
  const l = [...s.low];
  const v = [...s.volume];
  const candles = c.map((close, i) => ({ high: h[i], low: l[i], close }));
  const n = c.length;

  it('sma_20 = trading-signals SMA', () => expectMatches(sma(s.close, 20), streamed(new ts.SMA(20), c, (r) => r)));
  it('ema_12 = technicalindicators EMA (SMA-seeded)', () => expectMatches(ema(s.close, 12), alignTail(n, ti.EMA.calculate({ period: 12, values: c }))));
  it('rsi_14 = trading-signals RSI (Wilder)', () => expectMatches(rsi(s.close, 14), streamed(new ts.RSI(14), c, (r) => r)));
  it('macd, signal, hist = technicalindicators MACD (EMA oscillator and signal)', () => {
    const ref = ti.MACD.calculate({ values: c, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
    const m = macd(s.close);
    expectMatches(m.macd, alignTail(n, ref.map((r) => r.MACD)));
    expectMatches(m.signal, alignTail(n, ref.map((r) => r.signal)));
    expectMatches(m.hist, alignTail(n, ref.map((r) => r.histogram)));
  });
  it('bollinger(20, 2) = technicalindicators and trading-signals bands', () => {
    const b = bollinger(s.close);
    const ref = alignTail(n, ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: c }));
    expectMatches(b.lower, ref.map((r) => r?.lower));
    expectMatches(b.middle, ref.map((r) => r?.middle));
    expectMatches(b.upper, ref.map((r) => r?.upper));
    expectMatches(b.pctb, ref.map((r) => r?.pb));
    expectMatches(b.upper, streamed(new ts.BollingerBands(20, 2), c, (r) => r.upper));
  });
  it('atr_14 = technicalindicators ATR (Wilder)', () => expectMatches(atr(s.high, s.low, s.close, 14), alignTail(n, ti.ATR.calculate({ period: 14, high: h, low: l, close: c }))));
  it('stoch_k / stoch_d = technicalindicators Stochastic(14, 3)', () => {
    const st = stochastic(s.high, s.low, s.close, 14, 3);
    const ref = ti.Stochastic.calculate({ period: 14, signalPeriod: 3, high: h, low: l, close: c });
    expectMatches(st.k, alignTail(n, ref.map((r) => r.k)));
    expectMatches(st.d, alignTail(n, ref.map((r) => r.d)));
    expectMatches(st.d, streamed(new ts.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 1, dPeriod: 3 }), candles, (r) => r.stochD));
  });
  it('obv = technicalindicators OBV (which omits the first row, ours is 0 there)', () => {
    const ours = onBalanceVolume(s.close, s.volume);
    expect(ours[0]).toBe(0);
    expectMatches(ours.subarray(1), ti.OBV.calculate({ close: c, volume: v }));
  });
});

describe('indicators on hand-computed cases', () => {
  const close = f64([10, 11, 12, 11, 13, 14, 13, 15]);

  it('sma is empty before n values, then the plain mean', () => {
    const out = sma(close, 3);
    expect([...out.subarray(0, 2)]).toEqual([Number.NaN, Number.NaN]);
    expect(out[2]).toBeCloseTo(11, 12);
    expect(out[7]).toBeCloseTo((14 + 13 + 15) / 3, 12);
  });

  it('ema is seeded with the mean of the first n, placed at the n-th, then ratio 2/(n+1)', () => {
    const out = ema(close, 3);
    expect(firstValue(out)).toBe(2);
    expect(out[2]).toBe(11);
    expect(out[3]).toBe(11 + 0.5 * (11 - 11));
    expect(out[4]).toBe(11 + 0.5 * (13 - 11));
  });

  it('ema skips another indicator\'s warm-up before seeding', () => {
    const out = ema(f64([Number.NaN, Number.NaN, 1, 2, 3, 4]), 2);
    expect(firstValue(out)).toBe(3);
    expect(out[3]).toBe(1.5);
    expect(out[4]).toBeCloseTo(1.5 + (2 / 3) * (3 - 1.5), 12);
  });

  it('rsi (n=3): Wilder averages seeded by the mean of the first 3 changes; first value on row 4', () => {
    const out = rsi(close, 3);
    expect(firstValue(out)).toBe(3);
    // changes +1 +1 −1 → gain 2/3, loss 1/3 → RS 2 → RSI 66.67
    expect(out[3]).toBeCloseTo(100 - 100 / 3, 10);
    // next change +2: gain (2/3·2 + 2)/3 = 10/9, loss (1/3·2)/3 = 2/9 → RS 5
    expect(out[4]).toBeCloseTo(100 - 100 / 6, 10);
    expect(rsi(f64([1, 2, 3, 4]), 3)[3]).toBe(100);
    expect(rsi(f64([2, 2, 2, 2]), 3)[3]).toBe(50);
  });

  it('atr (n=2): true range undefined on row 1, seeded by the mean of the first 2', () => {
    const high = f64([11, 12, 14, 13]);
    const low = f64([9, 10, 11, 10]);
    const c = f64([10, 11, 13, 11]);
    // TR1 = max(2, |12−10|, |10−10|) = 2; TR2 = max(3, |14−11|, |11−11|) = 3; TR3 = max(3, 0, 3) = 3
    const out = atr(high, low, c, 2);
    expect(firstValue(out)).toBe(2);
    expect(out[2]).toBe(2.5);
    expect(out[3]).toBe((2.5 * 1 + 3) / 2);
  });

  it('bollinger uses the population standard deviation', () => {
    const b = bollinger(f64([1, 2, 3, 4]), 4, 2);
    const sd = Math.sqrt(1.25);
    expect(b.middle[3]).toBe(2.5);
    expect(b.upper[3]).toBeCloseTo(2.5 + 2 * sd, 12);
    expect(b.lower[3]).toBeCloseTo(2.5 - 2 * sd, 12);
    expect(b.pctb[3]).toBeCloseTo((4 - (2.5 - 2 * sd)) / (4 * sd), 12);
    expect(b.width[3]).toBeCloseTo((4 * sd) / 2.5, 12);
    expect(bollinger(f64([5, 5, 5]), 3, 2).pctb[2]).toBe(0.5);
  });

  it('log returns, close over SMA, realized volatility', () => {
    expect(logReturn(close, 2)[2]).toBeCloseTo(Math.log(12 / 10), 14);
    expect(firstValue(logReturn(close, 5))).toBe(5);
    expect(closeOverSma(close, 2)[1]).toBeCloseTo(11 / 10.5, 14);
    const rv = realizedVolatility(f64([1, Math.E, 1, Math.E]), 3);
    // log returns 1, −1, 1: mean 1/3, sample variance ((2/3)² + (4/3)² + (2/3)²) / 2 = 4/3
    expect(firstValue(rv)).toBe(3);
    expect(rv[3]).toBeCloseTo(Math.sqrt(4 / 3), 12);
  });

  it('volume z-score (sample sd), 0 on a flat window', () => {
    const z = volumeZScore(f64([1, 2, 3]), 3);
    expect(firstValue(z)).toBe(2);
    expect(z[2]).toBeCloseTo(1, 12);
    expect(volumeZScore(f64([7, 7, 7]), 3)[2]).toBe(0);
  });

  it('stochastic %K and %D', () => {
    const st = stochastic(f64([3, 4, 5, 6]), f64([1, 2, 3, 2]), f64([2, 3, 4, 5]), 2, 2);
    expect(firstValue(st.k)).toBe(1);
    expect(st.k[1]).toBeCloseTo((100 * (3 - 1)) / (4 - 1), 12);
    expect(st.k[2]).toBeCloseTo((100 * (4 - 2)) / (5 - 2), 12);
    expect(st.d[2]).toBeCloseTo((st.k[1] + st.k[2]) / 2, 12);
    expect(Number.isNaN(st.d[1])).toBe(true);
  });

  it('OBV and its normalised flow', () => {
    const c = f64([10, 11, 11, 9, 12]);
    const vol = f64([100, 10, 20, 30, 40]);
    expect([...onBalanceVolume(c, vol)]).toEqual([0, 10, 10, -20, 20]);
    const flow = obvFlow(c, vol, 2);
    expect(firstValue(flow)).toBe(2);
    expect(flow[2]).toBeCloseTo(10 / 30, 12);
    expect(flow[4]).toBeCloseTo((-30 + 40) / 70, 12);
  });

  it('a series shorter than the warm-up is all empty, never 0', () => {
    const short = f64([1, 2, 3]);
    for (const out of [sma(short, 20), ema(short, 12), rsi(short, 14), macd(short).signal, bollinger(short).upper, atr(short, short, short, 14), realizedVolatility(short, 20)]) {
      expect([...out].every(Number.isNaN)).toBe(true);
    }
  });
});
