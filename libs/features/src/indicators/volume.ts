import { emptySeries } from './window.ts';

/**
 * Volume z-score: (v_t − mean) / sd over the last `n` volumes including v_t, sample standard
 * deviation (n−1 denominator). 0 when the window is flat (v_t equals the mean).
 */
export function volumeZScore(volume: Float64Array, n: number): Float64Array {
  const out = emptySeries(volume.length);
  for (let t = n - 1; t < volume.length; t++) {
    let sum = 0;
    for (let j = t - n + 1; j <= t; j++) sum += volume[j];
    const mean = sum / n;
    let ss = 0;
    for (let j = t - n + 1; j <= t; j++) {
      const d = volume[j] - mean;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / (n - 1));
    out[t] = sd > 0 ? (volume[t] - mean) / sd : 0;
  }
  return out;
}

/**
 * On-balance volume: 0 on the first row, then + volume on an up close, − volume on a down
 * close, unchanged on a flat close. Its level depends on where the series starts and drifts
 * without bound, so models should prefer `obvFlow`.
 */
export function onBalanceVolume(close: Float64Array, volume: Float64Array): Float64Array {
  const out = new Float64Array(close.length);
  if (close.length === 0) return out;
  let acc = 0;
  out[0] = 0;
  for (let t = 1; t < close.length; t++) {
    const d = close[t] - close[t - 1];
    if (d > 0) acc += volume[t];
    else if (d < 0) acc -= volume[t];
    out[t] = acc;
  }
  return out;
}

/**
 * Normalised OBV: the OBV change over the last `n` bars divided by the total volume of those
 * bars, i.e. the signed share of volume traded on up closes minus down closes, in [−1, 1].
 * Independent of the series' start and of the share count's scale. 0 when no volume traded.
 */
export function obvFlow(close: Float64Array, volume: Float64Array, n: number): Float64Array {
  const out = emptySeries(close.length);
  for (let t = n; t < close.length; t++) {
    let signed = 0;
    let total = 0;
    for (let j = t - n + 1; j <= t; j++) {
      const d = close[j] - close[j - 1];
      const v = volume[j];
      total += v;
      if (d > 0) signed += v;
      else if (d < 0) signed -= v;
    }
    out[t] = total > 0 ? signed / total : 0;
  }
  return out;
}
