import { createRng } from '../rng.ts';
import type { DecodedFeatureBatch } from '../types.ts';

/**
 * Synthetic daily returns for tests and benchmarks: r_t = phi·r_{t−1} + sigma·ε_t (phi = 0 is a driftless
 * random walk in log price; phi > 0 plants a learnable lag-1 autocorrelation).
 */
export function syntheticReturns(n: number, opts: { seed: number; phi?: number; sigma?: number }): Float64Array {
  const rng = createRng(opts.seed);
  const phi = opts.phi ?? 0;
  const sigma = opts.sigma ?? 0.01;
  const r = new Float64Array(n);
  let prev = 0;
  for (let t = 0; t < n; t++) {
    prev = phi * prev + sigma * rng.normal();
    r[t] = prev;
  }
  return r;
}

/** Closes from log returns, starting at `start`. */
export function closesFromReturns(returns: Float64Array, start = 100): Float64Array {
  const c = new Float64Array(returns.length + 1);
  c[0] = start;
  for (let t = 0; t < returns.length; t++) c[t + 1] = c[t] * Math.exp(returns[t]);
  return c;
}

export const SYNTHETIC_COLUMNS = ['ret1', 'ret2', 'ret3', 'ret5', 'mom10', 'vol10'];
const WARMUP = 10;
const DAY = 86_400_000;

/**
 * A decoded feature batch in exactly the @alphapulse/features shape, built from close series with a few
 * causal features (lagged returns, 10-day momentum and volatility; NaN during warm-up) and the targets
 * nextReturn (simple, close to next close) and direction (NaN on the last bar).
 */
export function batchFromCloses(
  series: Record<string, Float64Array>,
  opts: { startMs?: number; featureSetHash?: string } = {},
): DecodedFeatureBatch {
  const start = opts.startMs ?? Date.UTC(2000, 0, 3);
  const symbols = Object.keys(series).sort();
  const rows = symbols.reduce((s, k) => s + series[k].length, 0);
  const features: Record<string, Float64Array> = Object.fromEntries(
    SYNTHETIC_COLUMNS.map((c) => [c, new Float64Array(rows).fill(Number.NaN)]),
  );
  const symbol: string[] = [];
  const ts = new Float64Array(rows);
  const nextReturn = new Float64Array(rows).fill(Number.NaN);
  const direction = new Float64Array(rows).fill(Number.NaN);
  let r = 0;
  for (const s of symbols) {
    const c = series[s];
    const ret = (t: number) => c[t] / c[t - 1] - 1;
    for (let t = 0; t < c.length; t++, r++) {
      symbol.push(s);
      ts[r] = start + t * DAY;
      if (t + 1 < c.length) {
        nextReturn[r] = c[t + 1] / c[t] - 1;
        direction[r] = nextReturn[r] > 0 ? 1 : 0;
      }
      if (t < WARMUP) continue;
      features.ret1[r] = ret(t);
      features.ret2[r] = ret(t - 1);
      features.ret3[r] = ret(t - 2);
      features.ret5[r] = c[t] / c[t - 5] - 1;
      let sum = 0;
      let ss = 0;
      for (let k = t - 9; k <= t; k++) {
        sum += ret(k);
        ss += ret(k) ** 2;
      }
      features.mom10[r] = sum;
      features.vol10[r] = Math.sqrt(Math.max(0, ss / 10 - (sum / 10) ** 2));
    }
  }
  return {
    schema: { featureSet: 'synthetic-v1', featureSetHash: opts.featureSetHash ?? 'synthetic-v1', columns: SYNTHETIC_COLUMNS },
    rows,
    symbol,
    ts,
    availableAt: Float64Array.from(ts, (t) => t + DAY - 1),
    features,
    targets: { nextReturn, direction },
  };
}

/** A batch of `symbols` independent series of `bars` bars each with lag-1 autocorrelation `phi`. */
export function syntheticBatch(opts: { symbols: number; bars: number; seed: number; phi?: number }): DecodedFeatureBatch {
  const series: Record<string, Float64Array> = {};
  for (let s = 0; s < opts.symbols; s++) {
    series[`SYN${s}`] = closesFromReturns(syntheticReturns(opts.bars - 1, { seed: opts.seed * 1000 + s, phi: opts.phi }));
  }
  return batchFromCloses(series);
}
