import { emptySeries } from './window.ts';

export interface Stochastic {
  k: Float64Array;
  d: Float64Array;
}

/**
 * Stochastic oscillator: %K = 100 × (close − lowest low) / (highest high − lowest low) over
 * `n` bars (first value at index n−1; 50 when the range is empty), %D = SMA(`dPeriod`) of %K.
 */
export function stochastic(high: Float64Array, low: Float64Array, close: Float64Array, n = 14, dPeriod = 3): Stochastic {
  const len = close.length;
  const k = emptySeries(len);
  const d = emptySeries(len);
  for (let t = n - 1; t < len; t++) {
    let hh = high[t];
    let ll = low[t];
    for (let j = t - n + 1; j < t; j++) {
      if (high[j] > hh) hh = high[j];
      if (low[j] < ll) ll = low[j];
    }
    k[t] = hh > ll ? (100 * (close[t] - ll)) / (hh - ll) : 50;
  }
  for (let t = n - 1 + dPeriod - 1; t < len; t++) {
    let sum = 0;
    for (let j = t - dPeriod + 1; j <= t; j++) sum += k[j];
    d[t] = sum / dPeriod;
  }
  return { k, d };
}
