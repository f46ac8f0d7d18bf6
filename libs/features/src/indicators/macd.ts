import { ema } from './ema.ts';

export interface Macd {
  macd: Float64Array;
  signal: Float64Array;
  hist: Float64Array;
}

/**
 * MACD = EMA(fast) − EMA(slow) of close (first value at index slow−1); the signal line is the
 * EMA(signal) of MACD seeded with the mean of its first `signal` values; hist = macd − signal.
 */
export function macd(close: Float64Array, fast = 12, slow = 26, signalPeriod = 9): Macd {
  const f = ema(close, fast);
  const s = ema(close, slow);
  const line = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) line[t] = f[t] - s[t];
  const signal = ema(line, signalPeriod);
  const hist = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) hist[t] = line[t] - signal[t];
  return { macd: line, signal, hist };
}
