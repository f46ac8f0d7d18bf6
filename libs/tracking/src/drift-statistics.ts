/** Statistics behind the drift report: quantiles, binning, PSI and the two-sample Kolmogorov–Smirnov test. */

/** Finite values of `values`, sorted ascending (NaN and infinities dropped). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[j++] = values[i];
  return out.sort();
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, linearly interpolated (Hyndman–Fan type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Index of the bin of `value` for strictly increasing cut points: bin i is (cuts[i-1], cuts[i]]. */
export function binIndex(cuts: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts of values per bin (cuts.length + 1 bins). */
export function binCounts(cuts: ArrayLike<number>, values: ArrayLike<number>): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binIndex(cuts, values[i])]++;
  return counts;
}

/** Proportions below this are raised to it so that an empty bin gives a large, finite PSI term. */
export const PSI_EPSILON = 1e-4;

/**
 * Population stability index of `actual` against `expected` bin counts:
 * Σ (a − e) · ln(a / e) over bin proportions, each floored at PSI_EPSILON.
 */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new RangeError('psi: bin counts of different lengths');
  const totalE = expected.reduce((s, x) => s + x, 0);
  const totalA = actual.reduce((s, x) => s + x, 0);
  if (totalE === 0 || totalA === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] / totalE, PSI_EPSILON);
    const a = Math.max(actual[i] / totalA, PSI_EPSILON);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** The two-sample KS statistic: the largest distance between the two empirical CDFs (inputs sorted). */
export function ksStatistic(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): number {
  const n = sortedA.length;
  const m = sortedB.length;
  if (n === 0 || m === 0) return Number.NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(sortedA[i], sortedB[j]);
    while (i < n && sortedA[i] <= x) i++;
    while (j < m && sortedB[j] <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/**
 * P-value of the two-sample KS statistic `d` for sample sizes n and m: the asymptotic Kolmogorov
 * distribution at λ = (√nₑ + 0.12 + 0.11/√nₑ)·d with nₑ = nm/(n+m) (Stephens' small-sample
 * correction, as in Numerical Recipes' kstwo).
 */
export function ksPValue(d: number, n: number, m: number): number {
  if (!(d >= 0) || n < 1 || m < 1) return Number.NaN;
  const ne = Math.sqrt((n * m) / (n + m));
  return kolmogorovQ((ne + 0.12 + 0.11 / ne) * d);
}

/** Survival function of the Kolmogorov distribution, Q(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²). */
export function kolmogorovQ(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    // The alternating series converges slowly for small λ; use the Jacobi-transformed form.
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    const p = (Math.sqrt(2 * Math.PI) / lambda) * (y + y ** 9 + y ** 25 + y ** 49);
    return clamp01(1 - p);
  }
  const x = Math.exp(-2 * lambda * lambda);
  return clamp01(2 * (x - x ** 4 + x ** 9 - x ** 16));
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
