/** The decoded feature batch, as @alphapulse/features defines and decodes it. */
export type { DecodedFeatureBatch } from '@alphapulse/features';

import type { ModelKind } from '@alphapulse/queue/vocabulary';
export { MODEL_KINDS, type ModelKind } from '@alphapulse/queue/vocabulary';

/** Hyperparameters of one trial (a point of a search space). */
export interface TrialParams {
  model: ModelKind;
  learningRate: number;
  batchSize: number;
  /** Upper bound; early stopping usually ends sooner. */
  epochs: number;
  l2: number;
  dropout?: number;
  /** Hidden dense layers (mlp). */
  layers?: number;
  /** Units per hidden layer (mlp) or recurrent units (lstm). */
  units?: number;
  /** Rows per sequence (lstm). */
  window?: number;
}
