import type * as TF from '@tensorflow/tfjs';
import type { Scaler } from './scaler.ts';
import type { ModelKind, TrialParams } from './types.ts';

/** What a model needs beside its weights to be used again: written to meta/scaler/features artifacts. */
export interface ModelMeta {
  kind: ModelKind;
  params: TrialParams;
  backend: string;
  seed: number;
  featureSet: string;
  featureSetHash: string;
  /** Rows per input sequence (1 for row models). */
  window: number;
  /** Epoch (0-based) whose weights were kept by early stopping. */
  bestEpoch: number;
  /** Validation log loss per epoch of the fit. */
  valCurve: number[];
}

const PREDICT_CHUNK = 2048;

/** A fitted classifier with the scaler and feature list it was trained with. */
export class TrainedModel {
  constructor(
    readonly tf: typeof TF,
    readonly model: TF.LayersModel,
    readonly scaler: Scaler,
    readonly featureNames: string[],
    readonly meta: ModelMeta,
  ) {}

  get window(): number {
    return this.meta.window;
  }

  /** Values per input row: window × features. */
  get inputSize(): number {
    return this.meta.window * this.featureNames.length;
  }

  /**
   * Probability that the next return is positive, for row-major already-scaled inputs of `inputSize`
   * values each (a window of rows for sequence models, oldest first).
   */
  predictProba(x: Float32Array): Float64Array {
    const size = this.inputSize;
    if (x.length % size !== 0) throw new RangeError(`predictProba: input length ${x.length} is not a multiple of ${size}`);
    const n = x.length / size;
    const out = new Float64Array(n);
    const f = this.featureNames.length;
    for (let start = 0; start < n; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, n - start);
      const slice = x.subarray(start * size, (start + rows) * size);
      const values = this.tf.tidy(() => {
        const input =
          this.meta.window > 1 || this.meta.kind === 'lstm'
            ? this.tf.tensor3d(slice, [rows, this.meta.window, f])
            : this.tf.tensor2d(slice, [rows, f]);
        return (this.model.predict(input) as TF.Tensor).dataSync();
      });
      for (let k = 0; k < rows; k++) out[start + k] = values[k];
    }
    return out;
  }

  dispose(): void {
    this.model.dispose();
  }
}
