import type * as TF from '@tensorflow/tfjs';
import { scaledRows, scaledSequences } from '../frame-input.ts';
import type { FeatureImportance, FittedModel, ModelMeta, ScoringFrame } from '../model.ts';
import type { Scaler } from '../scaler.ts';
import { serializeLayers } from './tfjs-files.ts';

const PREDICT_CHUNK = 2048;

/** A fitted TensorFlow.js network (logistic regression, MLP or LSTM) with its scaler and feature list. */
export class TfjsModel implements FittedModel {
  constructor(
    readonly tf: typeof TF,
    readonly layers: TF.LayersModel,
    readonly scaler: Scaler,
    readonly featureNames: string[],
    readonly meta: ModelMeta,
  ) {}

  get window(): number {
    return this.meta.window;
  }

  private get sequential(): boolean {
    return this.meta.window > 1 || this.meta.kind === 'lstm';
  }

  /**
   * P(up) for row-major, already-scaled inputs of window × features values each (a window of rows for
   * sequence models, oldest first). The training loop's fast path; everyone else uses predictFrame.
   */
  predictScaled(x: Float32Array): Float64Array {
    const f = this.featureNames.length;
    const size = this.meta.window * f;
    if (x.length % size !== 0) throw new RangeError(`predict: input length ${x.length} is not a multiple of ${size}`);
    const n = x.length / size;
    const out = new Float64Array(n);
    for (let start = 0; start < n; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, n - start);
      const slice = x.subarray(start * size, (start + rows) * size);
      const values = this.tf.tidy(() => {
        const input = this.sequential ? this.tf.tensor3d(slice, [rows, this.meta.window, f]) : this.tf.tensor2d(slice, [rows, f]);
        return (this.layers.predict(input) as TF.Tensor).dataSync();
      });
      for (let k = 0; k < rows; k++) out[start + k] = values[k];
    }
    return out;
  }

  predictFrame(frame: ScoringFrame, rows: ArrayLike<number>): Float64Array {
    const x = this.sequential
      ? scaledSequences(frame, this.featureNames, this.scaler, rows, this.meta.window)
      : scaledRows(frame, this.featureNames, this.scaler, rows);
    return this.predictScaled(x);
  }

  importances(): FeatureImportance[] | null {
    return null;
  }

  serialize(): Promise<Record<string, Buffer>> {
    return serializeLayers(this.tf, this.layers);
  }

  dispose(): void {
    this.layers.dispose();
  }
}
