/**
 * The decoded feature batch as @alphapulse/features hands it over (structural copy of its shape, so
 * the trainer's ML core depends on the data, not on the package).
 */
export interface DecodedFeatureBatch {
  schema: { featureSet: string; featureSetHash: string; columns: string[] };
  rows: number;
  /** Per row. */
  symbol: string[];
  /** Bar time, ms. */
  ts: Float64Array;
  /** When the row's inputs were all known, ms. */
  availableAt: Float64Array;
  /** NaN = empty (warm-up). */
  features: Record<string, Float64Array>;
  /** NaN when unknown (the latest bar). nextReturn is the simple return from this close to the next. */
  targets: { nextReturn: Float64Array; direction: Float64Array };
}

export type ModelKind = 'logistic' | 'mlp' | 'lstm';
export const MODEL_KINDS: readonly ModelKind[] = ['logistic', 'mlp', 'lstm'];

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
