import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { MetricInputError } from './errors.ts';

export type Labels = ArrayLike<number>;
export type Probabilities = ArrayLike<number>;

export interface Interval {
  lower: number;
  upper: number;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  /** Wilson score 95% interval for the accuracy. */
  accuracyCI: Interval;
  /**
   * One-sided exact binomial p-value of the number correct against always guessing this window's
   * majority class (`majorityRate`): a model must beat that, not a fair coin.
   */
  pValue: number;
  /** Share of the window's more frequent class: the accuracy of always guessing it. */
  majorityRate: number;
  balancedAccuracy: number;
  /** ROC AUC with ties counted as half (null when only one class is present). */
  auc: number | null;
  /** Mean binary cross-entropy (null when the predictor gives hard 0/1 labels, where it is meaningless). */
  logLoss: number | null;
  brier: number;
  calibration: CalibrationBin[];
  /** Share of rows labelled up. */
  baseRate: number;
}

function checkLabels(y: Labels, p: Probabilities): void {
  if (y.length !== p.length) throw new MetricInputError(`labels (${y.length}) and probabilities (${p.length}) differ in length`);
  if (y.length === 0) throw new MetricInputError('no rows to score');
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new MetricInputError(`label at row ${i} is ${y[i]}, expected 0 or 1`);
    if (!(p[i] >= 0 && p[i] <= 1)) throw new MetricInputError(`probability at row ${i} is ${p[i]}, expected a number in [0, 1]`);
  }
}

/** Wilson score interval for k successes out of n at the given z (1.96 → 95%). */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): Interval {
  if (n <= 0) throw new MetricInputError('wilsonInterval needs n > 0');
  const phat = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (phat + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n))) / denom;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * One-sided exact binomial test: P(X >= k) for X ~ Bin(n, p0), the chance of k or more successes when
 * each succeeds with probability p0.
 */
export function binomialTestPValue(k: number, n: number, p0 = 0.5): number {
  if (n <= 0 || k < 0 || k > n || !Number.isInteger(k) || !Number.isInteger(n))
    throw new MetricInputError(`binomialTestPValue: need integers 0 <= k <= n, n > 0 (k=${k}, n=${n})`);
  if (!(p0 >= 0 && p0 <= 1)) throw new MetricInputError(`binomialTestPValue: p0 must be in [0, 1], got ${p0}`);
  return k === 0 ? 1 : Math.min(1, Math.max(0, 1 - binomialCdf(k - 1, n, p0)));
}

/** Accuracy of thresholded probabilities (p > threshold → up). */
export function accuracy(y: Labels, p: Probabilities, threshold = 0.5): number {
  checkLabels(y, p);
  let correct = 0;
  for (let i = 0; i < y.length; i++) if ((p[i] > threshold ? 1 : 0) === y[i]) correct++;
  return correct / y.length;
}

/** Mean of the true-positive and true-negative rates (a class with no rows is left out). */
export function balancedAccuracy(y: Labels, p: Probabilities, threshold = 0.5): number {
  checkLabels(y, p);
  let tp = 0;
  let pos = 0;
  let tn = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    const hat = p[i] > threshold ? 1 : 0;
    if (y[i] === 1) {
      pos++;
      if (hat === 1) tp++;
    } else {
      neg++;
      if (hat === 0) tn++;
    }
  }
  const rates = [pos ? tp / pos : null, neg ? tn / neg : null].filter((r): r is number => r !== null);
  return rates.reduce((a, b) => a + b, 0) / rates.length;
}

/** ROC AUC via the Mann–Whitney statistic with average ranks (ties count one half); null with one class. */
export function rocAuc(y: Labels, p: Probabilities): number | null {
  checkLabels(y, p);
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]] === p[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = avg;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) {
      pos++;
      rankSum += ranks[i];
    }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean binary cross-entropy in nats, probabilities clipped to [eps, 1 - eps]. */
export function logLoss(y: Labels, p: Probabilities, eps = 1e-7): number {
  checkLabels(y, p);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

/** Mean squared error of the probabilities. */
export function brierScore(y: Labels, p: Probabilities): number {
  checkLabels(y, p);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
}

/** Equal-width reliability bins over [0, 1]; the last bin includes 1. */
export function calibrationBins(y: Labels, p: Probabilities, bins = 10): CalibrationBin[] {
  checkLabels(y, p);
  const count = new Array(bins).fill(0);
  const sumP = new Array(bins).fill(0);
  const sumY = new Array(bins).fill(0);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  return count.map((c, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: c,
    meanPredicted: c ? sumP[b] / c : null,
    observedRate: c ? sumY[b] / c : null,
  }));
}

/**
 * Every classification metric for one predictor on one window. `hardLabels` marks predictors that
 * output 0/1 only (persistence): their log loss is reported as null instead of a clipped, meaningless figure.
 */
export function classificationMetrics(
  y: Labels,
  p: Probabilities,
  opts: { threshold?: number; hardLabels?: boolean } = {},
): ClassificationMetrics {
  const threshold = opts.threshold ?? 0.5;
  checkLabels(y, p);
  const n = y.length;
  let correct = 0;
  let ups = 0;
  for (let i = 0; i < n; i++) {
    if ((p[i] > threshold ? 1 : 0) === y[i]) correct++;
    ups += y[i];
  }
  const majorityRate = Math.max(ups, n - ups) / n;
  return {
    n,
    accuracy: correct / n,
    accuracyCI: wilsonInterval(correct, n),
    pValue: binomialTestPValue(correct, n, majorityRate),
    majorityRate,
    balancedAccuracy: balancedAccuracy(y, p, threshold),
    auc: rocAuc(y, p),
    logLoss: opts.hardLabels ? null : logLoss(y, p),
    brier: brierScore(y, p),
    calibration: calibrationBins(y, p),
    baseRate: ups / n,
  };
}
