import { DatasetError } from '../errors.ts';

/** Smallest hessian a row contributes, as XGBoost's logistic objective clamps it. */
export const MIN_HESSIAN = 1e-16;

/** 1 / (1 + e^-m). */
export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

/**
 * The starting margin of every row: the log-odds of the mean training label (XGBoost >= 2.0's default;
 * XGBoost 1.x reaches the same with `base_score = mean(y)`). A training set with one class only cannot
 * be learned from and is rejected.
 */
export function baseMargin(y: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  if (positives === 0 || positives === y.length)
    throw new DatasetError(`train: all ${y.length} labels are ${positives === 0 ? 0 : 1}; gbdt needs both classes`);
  const mean = positives / y.length;
  return Math.log(mean / (1 - mean));
}

/**
 * Binary log-loss gradients with respect to the margin m: p = sigmoid(m), g = p - y,
 * h = max(p (1 - p), MIN_HESSIAN), for every row.
 */
export function logisticGradients(margin: Float64Array, y: ArrayLike<number>, grad: Float64Array, hess: Float64Array): void {
  for (let i = 0; i < margin.length; i++) {
    const p = 1 / (1 + Math.exp(-margin[i]));
    grad[i] = p - y[i];
    const h = p * (1 - p);
    hess[i] = Math.max(h, MIN_HESSIAN);
  }
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Mean binary cross-entropy (nats) of margins against 0/1 labels, computed stably from the margins. */
export function marginLogLoss(margin: Float64Array, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < margin.length; i++) s += softplus(y[i] === 1 ? -margin[i] : margin[i]);
  return s / margin.length;
}
