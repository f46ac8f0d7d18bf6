/**
 * Test-only helpers for the gbdt tests (not exported by the gbdt barrel): problems with known answers,
 * a plain logistic regression to compare with, an AUC significance test, and a brute-force reference
 * booster the histogram implementation must agree with.
 */
import { rocAuc } from '../../evaluation/classification-metrics.ts';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { createRng } from '../rng.ts';
import { syntheticReturns } from '../testing/synthetic-series.ts';
import type { GbdtMatrix } from './matrix.ts';
import { fitLogisticRegression, predictLogistic } from '../logistic/irls.ts';
import { baseMargin, logisticGradients, sigmoid } from './objective.ts';

/** ROC AUC and its two-sided p-value against 0.5 (Mann–Whitney normal approximation under H0). */
export function aucTest(y: ArrayLike<number>, p: ArrayLike<number>): { auc: number; z: number; pValue: number } {
  const auc = rocAuc(y, p);
  if (auc === null) throw new Error('aucTest needs both classes');
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i];
  const neg = y.length - pos;
  const z = (auc - 0.5) / Math.sqrt((pos + neg + 1) / (12 * pos * neg));
  return { auc, z, pValue: 2 * (1 - normalCdf(Math.abs(z), 0, 1)) };
}

/**
 * Logistic regression (the trainer's own IRLS baseline) on the rows' features as they are (NaN read as
 * 0). Returns P(y = 1) for `score`.
 */
export function logisticRegression(train: GbdtMatrix, score: GbdtMatrix): Float64Array {
  const clean = (m: GbdtMatrix) => Float64Array.from(m.x as ArrayLike<number>, (v) => (Number.isNaN(v) ? 0 : v));
  const fit = fitLogisticRegression(clean(train), train.y as ArrayLike<number>, train.n, train.f, { l2: 1e-6 });
  return predictLogistic(fit, clean(score), score.n, score.f);
}

/**
 * A planted interaction no linear model can see: y = 1 when x0 · x1 + 0.3 ε > 0, with x0, x1 and
 * `noise` further features standard normal. Row-major Float64.
 */
export function interactionProblem(n: number, seed: number, noise = 3): GbdtMatrix {
  const rng = createRng(seed);
  const f = 2 + noise;
  const x = new Float64Array(n * f);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < f; j++) x[r * f + j] = rng.normal();
    y[r] = x[r * f] * x[r * f + 1] + 0.3 * rng.normal() > 0 ? 1 : 0;
  }
  return { x, y, n, f };
}

/**
 * A driftless random walk's returns as a chronological supervised problem: features are the last
 * `lags` returns at t, the label whether the return at t + 1 is positive. Split 60/20/20 in time.
 */
export function randomWalkProblem(
  rows: number,
  seed: number,
  lags = 5,
): { train: GbdtMatrix; val: GbdtMatrix; test: GbdtMatrix } {
  const r = syntheticReturns(rows + lags + 1, { seed, phi: 0 });
  const part = (from: number, to: number): GbdtMatrix => {
    const n = to - from;
    const x = new Float64Array(n * lags);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const t = from + i + lags; // features use returns t-lags+1 .. t; the label is t + 1
      for (let k = 0; k < lags; k++) x[i * lags + k] = r[t - k];
      y[i] = r[t + 1] > 0 ? 1 : 0;
    }
    return { x, y, n, f: lags };
  };
  const a = Math.floor(rows * 0.6);
  const b = Math.floor(rows * 0.8);
  return { train: part(0, a), val: part(a, b), test: part(b, rows) };
}

/** Rows a..b-1 of a matrix. */
export function sliceRows(m: GbdtMatrix, a: number, b: number): GbdtMatrix {
  return { x: m.x.slice(a * m.f, b * m.f), y: m.y?.slice(a, b), n: b - a, f: m.f };
}

interface RefNode {
  feature: number;
  threshold: number;
  defaultLeft: boolean;
  left?: RefNode;
  right?: RefNode;
  value: number;
}

/**
 * Exact greedy boosting by brute force (XGBoost's `exact` method): at every node, every feature's rows
 * sorted by value, every threshold between distinct values ("x < next distinct value" goes left),
 * missing values tried on both sides; gradients summed directly, no histograms, no subtraction. With
 * fewer distinct values per feature than bins, histogram boosting must grow the same trees. Full rows
 * and features (no sampling), no validation; returns P(y = 1) for `score`.
 */
export function referenceBoost(
  train: GbdtMatrix,
  score: GbdtMatrix,
  p: { rounds: number; maxDepth: number; learningRate: number; lambda: number; minChildWeight: number; gamma: number },
): Float64Array {
  const { n, f, x } = train;
  const y = train.y as ArrayLike<number>;
  const base = baseMargin(y);
  const margin = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: RefNode[] = [];
  const score2 = (g: number, h: number) => (g * g) / (h + p.lambda);
  const minH = p.minChildWeight > 0 ? p.minChildWeight : Number.MIN_VALUE;
  const grow = (rows: number[], depth: number): RefNode => {
    let G = 0;
    let H = 0;
    for (const r of rows) {
      G += grad[r];
      H += hess[r];
    }
    const leaf: RefNode = { feature: -1, threshold: 0, defaultLeft: false, value: (-G / (H + p.lambda)) * p.learningRate };
    if (depth >= p.maxDepth || rows.length < 2) return leaf;
    let best = { gain: Number.NEGATIVE_INFINITY, feature: -1, threshold: 0, defaultLeft: false };
    for (let j = 0; j < f; j++) {
      const present = rows.filter((r) => !Number.isNaN(x[r * f + j])).sort((a, b) => x[a * f + j] - x[b * f + j]);
      let gm = 0;
      let hm = 0;
      for (const r of rows) {
        if (Number.isNaN(x[r * f + j])) {
          gm += grad[r];
          hm += hess[r];
        }
      }
      const hasMissing = present.length < rows.length;
      let gl = 0;
      let hl = 0;
      for (let i = 0; i < present.length; i++) {
        const r = present[i];
        gl += grad[r];
        hl += hess[r];
        const last = i === present.length - 1;
        if (!last && x[present[i + 1] * f + j] === x[r * f + j]) continue;
        const threshold = last ? Number.POSITIVE_INFINITY : x[present[i + 1] * f + j];
        const tryDirection = (gL: number, hL: number, defaultLeft: boolean) => {
          const gR = G - gL;
          const hR = H - hL;
          if (hL < minH || hR < minH) return;
          if (!hasMissing && last) return;
          const gain = score2(gL, hL) + score2(gR, hR) - score2(G, H);
          if (gain > best.gain) best = { gain, feature: j, threshold, defaultLeft: hasMissing ? defaultLeft : hl >= hR };
        };
        tryDirection(gl, hl, false);
        if (hasMissing && !last) tryDirection(gl + gm, hl + hm, true);
      }
    }
    if (!(best.gain > 1e-6 && best.gain >= p.gamma)) return leaf;
    const goLeft = (r: number) => {
      const v = x[r * f + best.feature];
      return Number.isNaN(v) ? best.defaultLeft : v < best.threshold;
    };
    return {
      feature: best.feature,
      threshold: best.threshold,
      defaultLeft: best.defaultLeft,
      value: 0,
      left: grow(
        rows.filter((r) => goLeft(r)),
        depth + 1,
      ),
      right: grow(
        rows.filter((r) => !goLeft(r)),
        depth + 1,
      ),
    };
  };
  const route = (node: RefNode, m: GbdtMatrix, r: number): number => {
    let at = node;
    while (at.feature >= 0) {
      const v = m.x[r * m.f + at.feature];
      at = ((Number.isNaN(v) ? at.defaultLeft : v < at.threshold) ? at.left : at.right) as RefNode;
    }
    return at.value;
  };
  const all = Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < p.rounds; t++) {
    logisticGradients(margin, y, grad, hess);
    const tree = grow(all, 0);
    trees.push(tree);
    for (let r = 0; r < n; r++) margin[r] += route(tree, train, r);
  }
  const out = new Float64Array(score.n);
  for (let r = 0; r < score.n; r++) {
    let m = base;
    for (const tree of trees) m += route(tree, score, r);
    out[r] = sigmoid(m);
  }
  return out;
}
