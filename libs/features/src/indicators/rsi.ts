import { emptySeries } from './window.ts';

/**
 * Wilder's relative strength index. Gains and losses of close-to-close changes are seeded
 * with their simple mean over the first `n` changes and then smoothed with ratio 1/n, so the
 * first value is on row n+1 (index n). A window with no losses reads 100, with neither gains
 * nor losses 50.
 */
export function rsi(close: Float64Array, n: number): Float64Array {
  const out = emptySeries(close.length);
  if (close.length <= n) return out;
  let gain = 0;
  let loss = 0;
  for (let t = 1; t <= n; t++) {
    const d = close[t] - close[t - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= n;
  loss /= n;
  out[n] = rsiValue(gain, loss);
  for (let t = n + 1; t < close.length; t++) {
    const d = close[t] - close[t - 1];
    gain = (gain * (n - 1) + Math.max(d, 0)) / n;
    loss = (loss * (n - 1) + Math.max(-d, 0)) / n;
    out[t] = rsiValue(gain, loss);
  }
  return out;
}

function rsiValue(gain: number, loss: number): number {
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}
