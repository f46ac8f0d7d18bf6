import { emptySeries, firstValid } from './window.ts';

/**
 * Exponential moving average with ratio 2/(n+1). The first value is the simple mean of the
 * first `n` valid inputs, placed at the n-th of them (the TA-Lib/TTR convention); leading
 * NaN values (another indicator's warm-up) are skipped. A later NaN input propagates.
 */
export function ema(values: Float64Array, n: number): Float64Array {
  const out = emptySeries(values.length);
  const start = firstValid(values);
  const seedAt = start + n - 1;
  if (seedAt >= values.length) return out;
  let sum = 0;
  for (let k = start; k <= seedAt; k++) sum += values[k];
  let prev = sum / n;
  out[seedAt] = prev;
  const alpha = 2 / (n + 1);
  for (let t = seedAt + 1; t < values.length; t++) {
    prev = (values[t] - prev) * alpha + prev;
    out[t] = prev;
  }
  return out;
}
