import { emptySeries } from './window.ts';

export interface Bollinger {
  lower: Float64Array;
  middle: Float64Array;
  upper: Float64Array;
  /** (close − lower) / (upper − lower); 0.5 when the bands collapse (a flat window). */
  pctb: Float64Array;
  /** (upper − lower) / middle. */
  width: Float64Array;
}

/** Bollinger bands: SMA(n) ± k × the population standard deviation of the same n closes. */
export function bollinger(close: Float64Array, n = 20, k = 2): Bollinger {
  const len = close.length;
  const lower = emptySeries(len);
  const middle = emptySeries(len);
  const upper = emptySeries(len);
  const pctb = emptySeries(len);
  const width = emptySeries(len);
  for (let t = n - 1; t < len; t++) {
    let sum = 0;
    for (let j = t - n + 1; j <= t; j++) sum += close[j];
    const mean = sum / n;
    let ss = 0;
    for (let j = t - n + 1; j <= t; j++) {
      const d = close[j] - mean;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / n);
    const lo = mean - k * sd;
    const hi = mean + k * sd;
    lower[t] = lo;
    middle[t] = mean;
    upper[t] = hi;
    pctb[t] = hi > lo ? (close[t] - lo) / (hi - lo) : 0.5;
    width[t] = (hi - lo) / mean;
  }
  return { lower, middle, upper, pctb, width };
}
