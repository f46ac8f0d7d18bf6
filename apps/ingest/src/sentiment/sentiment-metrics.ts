import { goldScore, type Polarity } from './labelled-csv.ts';
import { mulberry32 } from './seeded-random.ts';

/** What a scorer says about one text, as far as the metrics need. */
export interface ScoredLabel {
  score: number;
  label: Polarity;
  /** Probability the scorer gives its own label, when it has one (for calibration). */
  confidence?: number;
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * The figures `sentiment --eval` prints. Exact definitions (gold: positive/bullish, negative/bearish,
 * neutral; gold score +1/−1/0):
 * - accuracy: share of all rows whose predicted label equals the gold label (3 classes);
 * - macroF1: unweighted mean over the 3 classes of F1 = 2PR/(P+R) (a class never predicted and
 *   never gold is left out; never predicted but gold counts F1 = 0);
 * - polarityAccuracy: over the polar gold rows (positive or negative), the share whose score has the
 *   gold sign; a score of exactly 0 counts as wrong. This is the direction a user acts on;
 * - coverage: share of all rows scored non-zero;
 * - pearson: Pearson correlation of the score with the gold score, over all rows.
 */
export interface SentimentReport {
  n: number;
  polar: number;
  accuracy: number;
  accuracyInterval: Interval;
  /** Share of the most frequent gold label: the accuracy of always answering it. */
  majorityRate: number;
  /** One-sided binomial p-value of the accuracy against the majority rate (normal approximation). */
  pValueVsMajority: number;
  macroF1: number;
  macroF1Interval: Interval;
  polarityAccuracy: number;
  polarityAccuracyInterval: Interval;
  coverage: number;
  pearson: number;
  pearsonInterval: Interval;
  /** Expected calibration error of `confidence` (10 equal-width bins), when the scorer gives one. */
  calibrationError?: number;
}

const LABELS: readonly Polarity[] = ['negative', 'positive', 'neutral'];
const Z95 = 1.959964;

/** Wilson score interval (95%) for k successes out of n. */
export function wilson(k: number, n: number): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Fisher z interval (95%) of a correlation over n pairs. */
function fisherInterval(r: number, n: number): Interval {
  if (n <= 3 || Math.abs(r) >= 1) return { low: r, high: r };
  const z = Math.atanh(r);
  const half = Z95 / Math.sqrt(n - 3);
  return { low: Math.tanh(z - half), high: Math.tanh(z + half) };
}

function macroF1Of(gold: readonly Polarity[], predicted: readonly Polarity[], rows: ArrayLike<number>): number {
  let sum = 0;
  let classes = 0;
  for (const c of LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      const g = gold[i] === c;
      const p = predicted[i] === c;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    if (tp + fp + fn === 0) continue;
    classes++;
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return classes ? sum / classes : 0;
}

/** Standard normal upper tail. */
function normalTail(z: number): number {
  // Abramowitz–Stegun 26.2.17, |error| < 7.5e-8.
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989423 * Math.exp((-z * z) / 2);
  const p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return z >= 0 ? p : 1 - p;
}

/** Scores a scorer's outputs against gold labels (see SentimentReport for the definitions). */
export function sentimentReport(gold: readonly Polarity[], predicted: readonly ScoredLabel[]): SentimentReport {
  const n = gold.length;
  if (predicted.length !== n) throw new Error(`sentimentReport: ${n} gold labels, ${predicted.length} predictions`);
  let right = 0;
  let polar = 0;
  let signRight = 0;
  let nonZero = 0;
  const counts = { positive: 0, negative: 0, neutral: 0 };
  const scores = new Float64Array(n);
  const golds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = predicted[i];
    const g = gold[i];
    counts[g]++;
    scores[i] = p.score;
    golds[i] = goldScore(g);
    if (p.label === g) right++;
    if (p.score !== 0) nonZero++;
    if (g !== 'neutral') {
      polar++;
      if (Math.sign(p.score) === golds[i]) signRight++;
    }
  }
  const labels = predicted.map((p) => p.label);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const macroF1 = macroF1Of(gold, labels, all);
  // Bootstrap (1,000 resamples, fixed seed) for macro-F1, which has no closed-form interval.
  const random = mulberry32(0x5eed);
  const resample = new Int32Array(n);
  const boot: number[] = [];
  for (let b = 0; b < 1000 && n > 0; b++) {
    for (let k = 0; k < n; k++) resample[k] = Math.floor(random() * n);
    boot.push(macroF1Of(gold, labels, resample));
  }
  boot.sort((a, b) => a - b);
  const majorityRate = n ? Math.max(counts.positive, counts.negative, counts.neutral) / n : 0;
  const accuracy = n ? right / n : 0;
  const se = Math.sqrt((majorityRate * (1 - majorityRate)) / Math.max(n, 1));
  const r = pearson(scores, golds);
  const report: SentimentReport = {
    n,
    polar,
    accuracy,
    accuracyInterval: wilson(right, n),
    majorityRate,
    pValueVsMajority: se > 0 ? normalTail((accuracy - majorityRate) / se) : 1,
    macroF1,
    macroF1Interval: boot.length ? { low: boot[Math.floor(0.025 * boot.length)], high: boot[Math.ceil(0.975 * boot.length) - 1] } : { low: 0, high: 0 },
    polarityAccuracy: polar ? signRight / polar : 0,
    polarityAccuracyInterval: wilson(signRight, polar),
    coverage: n ? nonZero / n : 0,
    pearson: r,
    pearsonInterval: fisherInterval(r, n),
  };
  if (predicted.every((p) => p.confidence !== undefined)) report.calibrationError = expectedCalibrationError(gold, predicted);
  return report;
}

/** ECE over 10 equal-width confidence bins: Σ |bin accuracy − bin mean confidence| × bin share. */
export function expectedCalibrationError(gold: readonly Polarity[], predicted: readonly ScoredLabel[]): number {
  const bins = 10;
  const count = new Float64Array(bins);
  const hit = new Float64Array(bins);
  const conf = new Float64Array(bins);
  for (let i = 0; i < gold.length; i++) {
    const c = predicted[i].confidence ?? 0;
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]++;
    conf[b] += c;
    if (predicted[i].label === gold[i]) hit[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]) ece += (count[b] / gold.length) * Math.abs(hit[b] / count[b] - conf[b] / count[b]);
  return ece;
}
