import { closeSync, openSync, writeSync } from 'node:fs';

export interface SyntheticBarsOptions {
  series?: number;
  /** Bars per series. */
  bars?: number;
  seed?: number;
  /** First session, `YYYY-MM-DD` (default 2015-01-05). */
  start?: string;
  /** Every calendar day instead of weekdays only (one long series: 1M days ≈ 2,738 years). */
  everyDay?: boolean;
  /**
   * Pull log prices back toward the series' first price at this rate per bar (0 = plain GBM).
   * A random walk of a million bars wanders to 0 or to infinity; 0.001 keeps prices within a
   * few multiples of where they started.
   */
  meanReversion?: number;
}

/**
 * Synthetic daily bars as one OHLCV CSV with a symbol column: `series` independent geometric
 * Brownian motions of `bars` sessions each (weekdays by default: 400 × 2,500 = 1,000,000 bars,
 * about ten years per series, dates unique within a series). Deterministic for a given seed;
 * prices with 4 decimals and integer volumes, like a real vendor file.
 */
export function writeSyntheticBarsCsv(
  path: string,
  { series = 400, bars = 2500, seed = 42, start = '2015-01-05', everyDay = false, meanReversion = 0 }: SyntheticBarsOptions = {},
): number {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    // xorshift32: fast, deterministic, good enough for synthetic prices
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const days: string[] = [];
  for (let d = Date.parse(`${start}T00:00:00Z`); days.length < bars; d += 86_400_000) {
    const dow = new Date(d).getUTCDay();
    if (everyDay || (dow !== 0 && dow !== 6)) days.push(new Date(d).toISOString().slice(0, 10));
  }
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'date,symbol,open,high,low,close,volume\n');
    for (let s = 0; s < series; s++) {
      const symbol = `SYM${String(s).padStart(4, '0')}`;
      const drift = 0.0002 + 0.0002 * normal();
      const vol = 0.01 + 0.02 * uniform();
      let close = 20 + 200 * uniform();
      const anchor = Math.log(close);
      let chunk = '';
      for (let t = 0; t < bars; t++) {
        const open = close * Math.exp(0.002 * normal());
        const pull = meanReversion * (anchor - Math.log(open));
        close = open * Math.exp(drift - (vol * vol) / 2 + pull + vol * normal());
        const high = Math.max(open, close) * (1 + Math.abs(0.004 * normal()));
        const low = Math.min(open, close) * (1 - Math.abs(0.004 * normal()));
        const volume = Math.round(1e6 * Math.exp(0.5 * normal()));
        chunk += `${days[t]},${symbol},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${volume}\n`;
        if (chunk.length > 1 << 16) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return series * bars;
}
