import { emptySeries } from './window.ts';

/** ln(close_t / close_{t−k}); empty for the first k rows. */
export function logReturn(close: Float64Array, k: number): Float64Array {
  const out = emptySeries(close.length);
  for (let t = k; t < close.length; t++) out[t] = Math.log(close[t] / close[t - k]);
  return out;
}

/** close_t / SMA(n)_t; empty for the first n−1 rows. */
export function closeOverSma(close: Float64Array, n: number): Float64Array {
  const out = emptySeries(close.length);
  for (let t = n - 1; t < close.length; t++) {
    let sum = 0;
    for (let j = t - n + 1; j <= t; j++) sum += close[j];
    out[t] = close[t] / (sum / n);
  }
  return out;
}

/**
 * Realized volatility: the sample standard deviation (n−1 denominator, pandas' default) of
 * the last `n` one-bar log returns, not annualised. First value at index n (n returns need
 * n+1 closes).
 */
export function realizedVolatility(close: Float64Array, n: number): Float64Array {
  const out = emptySeries(close.length);
  const r = new Float64Array(close.length);
  for (let t = 1; t < close.length; t++) r[t] = Math.log(close[t] / close[t - 1]);
  for (let t = n; t < close.length; t++) {
    let sum = 0;
    for (let j = t - n + 1; j <= t; j++) sum += r[j];
    const mean = sum / n;
    let ss = 0;
    for (let j = t - n + 1; j <= t; j++) {
      const d = r[j] - mean;
      ss += d * d;
    }
    out[t] = Math.sqrt(ss / (n - 1));
  }
  return out;
}
