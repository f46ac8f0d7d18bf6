import { mulberry32, shuffled } from '../seeded-random.ts';
import { logitsOf, type SoftmaxWeights, softmax3 } from '../softmax-weights.ts';

/** One training row: a sparse input and its class (0 negative, 1 positive, 2 neutral). */
export interface TrainingRow {
  size: number;
  index: Int32Array;
  value: Float32Array;
  label: number;
}

export interface TrainOptions {
  rows: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to a weight each time its feature is seen (the usual sparse-SGD form). */
  l2: number;
  seed: number;
}

/**
 * Multinomial logistic regression by AdaGrad SGD over shuffled rows (one shuffle per epoch from
 * `seed`), cross-entropy loss. Single-threaded and in a fixed order: the same data, options and seed
 * give bit-identical weights.
 */
export function trainSoftmax(data: readonly TrainingRow[], o: TrainOptions): SoftmaxWeights {
  const weights = new Float32Array(o.rows * 3);
  const g2 = new Float32Array(o.rows * 3);
  const bias = new Float64Array(3);
  const biasG2 = new Float64Array(3);
  const model: SoftmaxWeights = { rows: o.rows, weights, bias, temperature: 1 };
  const random = mulberry32(o.seed);
  const p = new Float64Array(3);
  const eps = 1e-8;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffled(data.length, random);
    for (let r = 0; r < order.length; r++) {
      const row = data[order[r]];
      softmax3(logitsOf(model, row.size, row.index, row.value, p));
      p[row.label] -= 1;
      for (let c = 0; c < 3; c++) {
        biasG2[c] += p[c] * p[c];
        bias[c] -= (o.learningRate * p[c]) / Math.sqrt(biasG2[c] + eps);
      }
      for (let k = 0; k < row.size; k++) {
        const base = row.index[k] * 3;
        const v = row.value[k];
        for (let c = 0; c < 3; c++) {
          const at = base + c;
          const grad = v * p[c] + o.l2 * weights[at];
          g2[at] += grad * grad;
          weights[at] -= (o.learningRate * grad) / Math.sqrt(g2[at] + eps);
        }
      }
    }
  }
  return model;
}

/** Mean negative log-likelihood of rows under the model at a temperature. */
export function meanLogLoss(model: SoftmaxWeights, data: readonly TrainingRow[], temperature: number): number {
  const p = new Float64Array(3);
  let sum = 0;
  for (const row of data) {
    softmax3(logitsOf(model, row.size, row.index, row.value, p), temperature);
    sum -= Math.log(Math.max(p[row.label], 1e-12));
  }
  return sum / data.length;
}

/**
 * Temperature scaling: the temperature in [0.25, 4] that minimises the log-loss on `data` (rows the
 * weights were not fitted on), by golden-section search on log T (the loss is unimodal in T).
 */
export function fitTemperature(model: SoftmaxWeights, data: readonly TrainingRow[]): number {
  let lo = Math.log(0.25);
  let hi = Math.log(4);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = meanLogLoss(model, data, Math.exp(a));
  let fb = meanLogLoss(model, data, Math.exp(b));
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = meanLogLoss(model, data, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = meanLogLoss(model, data, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}
