import { emptySeries } from './window.ts';

/**
 * Simple moving average over the last `n` values, placed at the n-th value. Each window is
 * summed afresh (no running sum), so a value never carries rounding drift from far back and
 * row t depends only on rows t-n+1..t. A window containing NaN yields NaN.
 */
export function sma(values: Float64Array, n: number): Float64Array {
  const out = emptySeries(values.length);
  for (let t = n - 1; t < values.length; t++) {
    let sum = 0;
    for (let k = t - n + 1; k <= t; k++) sum += values[k];
    out[t] = sum / n;
  }
  return out;
}
