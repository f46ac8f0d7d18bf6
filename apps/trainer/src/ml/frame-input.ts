import { ModelArtifactError } from './errors.ts';
import type { ScoringFrame } from './model.ts';
import { applyScaler, type Scaler } from './scaler.ts';

function columnsOf(frame: ScoringFrame, featureNames: readonly string[]): ArrayLike<number>[] {
  const missing = featureNames.filter((n) => !frame.columns[n]);
  if (missing.length) throw new ModelArtifactError(`the rows lack feature(s) the model needs: ${missing.join(', ')}`);
  return featureNames.map((n) => frame.columns[n]);
}

/** Row-major rows × features of the given frame rows, standardised with `scaler`. */
export function scaledRows(frame: ScoringFrame, featureNames: readonly string[], scaler: Scaler, rows: ArrayLike<number>): Float32Array {
  return applyScaler(scaler, columnsOf(frame, featureNames), rows);
}

/**
 * Row-major rows × window × features sequences ending at each given row, assembled by following
 * `frame.previous` (same symbol only) and standardised with `scaler`; a short history is zero-padded
 * at the front (zero is the training mean).
 */
export function scaledSequences(
  frame: ScoringFrame,
  featureNames: readonly string[],
  scaler: Scaler,
  rows: ArrayLike<number>,
  window: number,
): Float32Array {
  const cols = columnsOf(frame, featureNames);
  const f = cols.length;
  const out = new Float32Array(rows.length * window * f);
  for (let k = 0; k < rows.length; k++) {
    let r = rows[k];
    for (let step = window - 1; step >= 0 && r >= 0; step--) {
      const at = (k * window + step) * f;
      for (let j = 0; j < f; j++) out[at + j] = (cols[j][r] - scaler.mean[j]) / scaler.sd[j];
      r = frame.previous[r];
    }
  }
  return out;
}
