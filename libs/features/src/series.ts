import type { Bar } from '@alphapulse/market';
import { FeatureInputError } from './errors.ts';

/**
 * Bars as columns, sorted by time, prices already adjusted for splits and dividends. This is
 * what indicators read; it is built fresh from the input for every computation.
 */
export interface OhlcvSeries {
  /** Bar timestamps, ms since the epoch, strictly increasing. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Raw columns as read from a file or a database, before adjustment; `adjClose` may be absent. */
export interface RawOhlcvColumns extends OhlcvSeries {
  adjClose?: Float64Array | null;
}

/**
 * Validates bars and returns them as an adjusted, time-sorted series.
 *
 * Refuses (FeatureInputError naming the 1-based input row and reason): a NaN or infinite
 * value, a non-positive price, negative volume, high below low, duplicate timestamps, and a
 * mix of bars with and without `adjClose`. Unsorted input is sorted; gaps are kept as they are.
 *
 * When every bar has `adjClose`, prices are adjusted: factor = adjClose / close, open, high,
 * low and close are multiplied by it and volume divided by it (dollar volume is preserved), so
 * a split is neither a price crash nor a volume spike.
 */
export function seriesFromBars(bars: readonly Bar[]): OhlcvSeries {
  const n = bars.length;
  const order = new Array<number>(n);
  const withAdj = n > 0 && bars[0].adjClose != null;
  for (let i = 0; i < n; i++) {
    const b = bars[i];
    const row = i + 1;
    const ts = b?.ts instanceof Date ? b.ts.getTime() : Number.NaN;
    if (!Number.isFinite(ts)) throw new FeatureInputError(row, 'ts is not a valid date');
    for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
      const v = b[field];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new FeatureInputError(row, `${field} ${String(v)} is not a finite number`);
      if (field !== 'volume' && v <= 0) throw new FeatureInputError(row, `${field} ${v} is not positive`);
    }
    if (b.volume < 0) throw new FeatureInputError(row, `volume ${b.volume} is negative`);
    if (b.high < b.low) throw new FeatureInputError(row, `high ${b.high} is below low ${b.low}`);
    if ((b.adjClose != null) !== withAdj) {
      throw new FeatureInputError(row, withAdj ? 'adjClose is missing while other bars have it' : 'adjClose is present while other bars lack it');
    }
    if (withAdj && (typeof b.adjClose !== 'number' || !Number.isFinite(b.adjClose) || b.adjClose <= 0)) {
      throw new FeatureInputError(row, `adjClose ${String(b.adjClose)} is not a positive finite number`);
    }
    order[i] = i;
  }
  order.sort((a, b) => bars[a].ts.getTime() - bars[b].ts.getTime());
  const out: OhlcvSeries = {
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const b = bars[i];
    const ts = b.ts.getTime();
    if (k > 0 && ts === out.ts[k - 1]) {
      throw new FeatureInputError(Math.max(i, order[k - 1]) + 1, `duplicate timestamp ${b.ts.toISOString()} (also row ${Math.min(i, order[k - 1]) + 1})`);
    }
    const f = withAdj ? (b.adjClose as number) / b.close : 1;
    out.ts[k] = ts;
    out.open[k] = b.open * f;
    out.high[k] = b.high * f;
    out.low[k] = b.low * f;
    out.close[k] = withAdj ? (b.adjClose as number) : b.close;
    out.volume[k] = b.volume / f;
  }
  return out;
}

/**
 * The same adjustment for columns that are already sorted and validated (the CSV fast path):
 * returns a new series, never the input arrays.
 */
export function adjustColumns(raw: RawOhlcvColumns): OhlcvSeries {
  const n = raw.ts.length;
  const out: OhlcvSeries = {
    ts: Float64Array.from(raw.ts),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const adj = raw.adjClose;
  for (let k = 0; k < n; k++) {
    const f = adj ? adj[k] / raw.close[k] : 1;
    out.open[k] = raw.open[k] * f;
    out.high[k] = raw.high[k] * f;
    out.low[k] = raw.low[k] * f;
    out.close[k] = adj ? adj[k] : raw.close[k];
    out.volume[k] = raw.volume[k] / f;
  }
  return out;
}
