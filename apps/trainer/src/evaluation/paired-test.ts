import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { MetricInputError } from './errors.ts';

const EPS = 1e-7;

/** Per-row binary cross-entropy in nats, probabilities clipped to [eps, 1 - eps]. */
export function rowLogLosses(y: ArrayLike<number>, p: ArrayLike<number>): Float64Array {
  if (y.length !== p.length) throw new MetricInputError(`labels (${y.length}) and probabilities (${p.length}) differ in length`);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i]));
    out[i] = y[i] === 1 ? -Math.log(q) : -Math.log(1 - q);
  }
  return out;
}

/** A paired comparison of two predictors' log losses on the same rows. */
export interface PairedLogLossTest {
  /** Rows compared. */
  n: number;
  /** Independent groups the test counts (distinct bar times: rows of one day are not independent). */
  groups: number;
  logLossA: number;
  logLossB: number;
  /** Mean of (loss A − loss B) per row: negative when A is better. */
  meanDifference: number;
  /** Student t of the group means of the difference. */
  t: number;
  /** One-sided p-value that A is better (mean difference < 0). */
  pBetter: number;
  /** One-sided p-value that A is worse (mean difference > 0). */
  pWorse: number;
}

/**
 * Whether predictor A's log loss differs from B's on the same rows by more than noise: a one-sample
 * Student t test on the per-row log-loss differences, one-sided either way. Rows that share a `group`
 * (the same bar time, across symbols) move together with the market, so the test counts each group
 * once, by its mean difference, rather than pretending every row is independent.
 */
export function pairedLogLossTest(
  y: ArrayLike<number>,
  pA: ArrayLike<number>,
  pB: ArrayLike<number>,
  group?: ArrayLike<number>,
): PairedLogLossTest {
  const n = y.length;
  if (n === 0) throw new MetricInputError('pairedLogLossTest: no rows to compare');
  if (pA.length !== n || pB.length !== n || (group && group.length !== n))
    throw new MetricInputError('pairedLogLossTest: labels, probabilities and groups must have the same length');
  const a = rowLogLosses(y, pA);
  const b = rowLogLosses(y, pB);
  const sums = new Map<number, { s: number; c: number }>();
  let totalA = 0;
  let totalB = 0;
  for (let i = 0; i < n; i++) {
    totalA += a[i];
    totalB += b[i];
    const key = group ? group[i] : i;
    const g = sums.get(key) ?? { s: 0, c: 0 };
    g.s += a[i] - b[i];
    g.c++;
    sums.set(key, g);
  }
  const means = [...sums.values()].map((g) => g.s / g.c);
  const k = means.length;
  const mean = means.reduce((x, y2) => x + y2, 0) / k;
  const variance = k > 1 ? means.reduce((x, m) => x + (m - mean) ** 2, 0) / (k - 1) : 0;
  const se = Math.sqrt(variance / k);
  let t: number;
  let pBetter: number;
  if (k < 2 || se === 0) {
    // Identical predictions (or a single group) carry no evidence either way.
    t = mean === 0 || k < 2 ? 0 : mean < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    pBetter = t === 0 ? 0.5 : t < 0 ? 0 : 1;
  } else {
    t = mean / se;
    pBetter = tCdf(t, k - 1);
  }
  return { n, groups: k, logLossA: totalA / n, logLossB: totalB / n, meanDifference: (totalA - totalB) / n, t, pBetter, pWorse: 1 - pBetter };
}
