import { emptySeries } from './window.ts';

/**
 * Wilder's average true range. The true range is undefined on the first row (no previous
 * close); the first ATR (row n+1, index n) is the mean of the first `n` true ranges, then
 * ATR = (ATR_prev × (n−1) + TR) / n.
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, n = 14): Float64Array {
  const out = emptySeries(close.length);
  if (close.length <= n) return out;
  let sum = 0;
  for (let t = 1; t <= n; t++) sum += trueRange(high, low, close, t);
  let prev = sum / n;
  out[n] = prev;
  for (let t = n + 1; t < close.length; t++) {
    prev = (prev * (n - 1) + trueRange(high, low, close, t)) / n;
    out[t] = prev;
  }
  return out;
}

function trueRange(high: Float64Array, low: Float64Array, close: Float64Array, t: number): number {
  const pc = close[t - 1];
  return Math.max(high[t] - low[t], Math.abs(high[t] - pc), Math.abs(low[t] - pc));
}
