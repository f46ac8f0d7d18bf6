/**
 * The three-class linear model: logits = bias + Σ value·W[index], classes in CLASSES order.
 * Probabilities are softmax(logits / temperature), the temperature being fitted after training
 * (calibration) on data the weights were not fitted on.
 */
export const CLASSES = ['negative', 'positive', 'neutral'] as const;
export type ClassLabel = (typeof CLASSES)[number];
export const NEGATIVE = 0;
export const POSITIVE = 1;
export const NEUTRAL = 2;

export interface SoftmaxWeights {
  /** Rows of the weight matrix (hash buckets + dense extras), 3 weights each (row-major). */
  rows: number;
  weights: Float32Array;
  bias: Float64Array;
  temperature: number;
}

/** Writes the 3 logits of a sparse input into `out`. */
export function logitsOf(w: SoftmaxWeights, size: number, index: ArrayLike<number>, value: ArrayLike<number>, out: Float64Array): Float64Array {
  let a = w.bias[0];
  let b = w.bias[1];
  let c = w.bias[2];
  const W = w.weights;
  for (let k = 0; k < size; k++) {
    const o = index[k] * 3;
    const v = value[k];
    a += v * W[o];
    b += v * W[o + 1];
    c += v * W[o + 2];
  }
  out[0] = a;
  out[1] = b;
  out[2] = c;
  return out;
}

/** In-place softmax of 3 logits divided by `temperature`. */
export function softmax3(z: Float64Array, temperature = 1): Float64Array {
  const t = 1 / temperature;
  const m = Math.max(z[0], z[1], z[2]);
  const a = Math.exp((z[0] - m) * t);
  const b = Math.exp((z[1] - m) * t);
  const c = Math.exp((z[2] - m) * t);
  const s = a + b + c;
  z[0] = a / s;
  z[1] = b / s;
  z[2] = c / s;
  return z;
}

/** Index of the largest of 3 probabilities (ties: negative over neutral, neutral over positive). */
export function argmax3(p: Float64Array): number {
  return p[NEGATIVE] > p[POSITIVE] ? (p[NEGATIVE] > p[NEUTRAL] ? NEGATIVE : NEUTRAL) : p[POSITIVE] > p[NEUTRAL] ? POSITIVE : NEUTRAL;
}
