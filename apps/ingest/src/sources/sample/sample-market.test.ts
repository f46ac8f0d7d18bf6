import { describe, expect, it } from 'vitest';
import { SAMPLE_SYMBOLS, simulateBars, simulateHeadlines, UnknownSampleSymbolError } from './index.ts';

describe('sample market (synthetic)', () => {
  it('is deterministic and independent of the range asked for', () => {
    const all = simulateBars('SYN-MOM', { from: '2020-01-01', to: '2020-12-31' });
    const part = simulateBars('SYN-MOM', { from: '2020-06-01', to: '2020-06-30' });
    const byDate = new Map(all.map((b) => [b.ts.getTime(), b]));
    expect(part.length).toBeGreaterThan(15);
    for (const b of part) expect(byDate.get(b.ts.getTime())).toEqual(b);
    expect(simulateBars('SYN-MOM', { from: '2020-06-01', to: '2020-06-30', seed: 2 })).not.toEqual(part);
  });

  it('produces valid weekday OHLCV bars', () => {
    for (const s of SAMPLE_SYMBOLS) {
      for (const b of simulateBars(s, { from: '2019-01-01', to: '2019-12-31' })) {
        expect([0, 6]).not.toContain(b.ts.getUTCDay());
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.low).toBeGreaterThan(0);
        expect(b.volume).toBeGreaterThan(0);
      }
    }
  });

  it('plants the documented lag-1 autocorrelation and none in the random walk', () => {
    const ac = (symbol: string) => {
      const c = simulateBars(symbol, { from: '2000-01-01', to: '2024-12-31' }).map((b) => b.close);
      const r = c.slice(1).map((x, i) => Math.log(x / c[i]));
      const m = r.reduce((a, b) => a + b, 0) / r.length;
      let num = 0;
      let den = 0;
      for (let i = 0; i < r.length; i++) {
        den += (r[i] - m) ** 2;
        if (i > 0) num += (r[i] - m) * (r[i - 1] - m);
      }
      return num / den;
    };
    expect(Math.abs(ac('SYN-RW'))).toBeLessThan(0.04); // ~6,500 returns: 2 standard errors ≈ 0.025
    // Planted effects point the same way at different strengths (a pooled model can learn them all).
    expect(ac('SYN-MOM')).toBeGreaterThan(0.42);
    expect(ac('SYN-TREND')).toBeGreaterThan(0.18);
    expect(ac('SYN-TREND')).toBeLessThan(ac('SYN-MOM'));
  });

  it('applies a volatility shock from its date on, leaving earlier bars unchanged', () => {
    const plain = simulateBars('SYN-IDX', { from: '2021-01-01', to: '2022-12-31' });
    const shocked = simulateBars('SYN-IDX', { from: '2021-01-01', to: '2022-12-31', shock: { from: '2022-01-01', factor: 3 } });
    const before = (bars: typeof plain) => bars.filter((b) => b.ts < new Date('2022-01-01'));
    expect(before(shocked)).toEqual(before(plain));
    const sd = (bars: typeof plain) => {
      const r = bars.slice(1).map((b, i) => Math.log(b.close / bars[i].close));
      const m = r.reduce((a, b) => a + b, 0) / r.length;
      return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length);
    };
    const after = (bars: typeof plain) => bars.filter((b) => b.ts >= new Date('2022-01-01'));
    expect(sd(after(shocked)) / sd(after(plain))).toBeGreaterThan(2.5);
    expect(sd(after(shocked)) / sd(after(plain))).toBeLessThan(3.5);
  });

  it('gives a day the same headline whatever range is asked for', () => {
    const all = simulateHeadlines('SYN-MOM', { from: '2020-01-01', to: '2020-12-31' });
    const part = simulateHeadlines('SYN-MOM', { from: '2020-06-01', to: '2020-06-30' });
    expect(part.length).toBeGreaterThan(5);
    expect(all.filter((h) => h.publishedAt >= new Date('2020-06-01') && h.publishedAt < new Date('2020-07-01T12:00:00Z'))).toEqual(part);
  });

  it('labels every headline synthetic', () => {
    const h = simulateHeadlines('SYN-RW', { from: '2024-01-01', to: '2024-03-31' });
    expect(h.length).toBeGreaterThan(20);
    for (const x of h) expect(x.title.startsWith('[SYNTHETIC]')).toBe(true);
  });

  it('refuses symbols it does not simulate', () => {
    expect(() => simulateBars('AAPL')).toThrow(UnknownSampleSymbolError);
  });
});
