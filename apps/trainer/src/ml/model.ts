import type { ModelKind } from '@alphapulse/queue/vocabulary';
import type { PreparedDataset } from './dataset.ts';
import type { Scaler } from './scaler.ts';
import type { TrialParams } from './types.ts';

/**
 * Rows to score, in raw (unscaled) feature units, with a link from each row to the previous row of
 * the same symbol whose features are complete (-1 when none): sequence models read those links.
 * A model scales what it reads with its OWN training scaler, so one frame can be scored by models
 * trained on different windows (champion re-scoring, serving).
 */
export interface ScoringFrame {
  columns: Record<string, ArrayLike<number>>;
  previous: Int32Array;
}

/** What a fitted model records about itself beside its weights. */
export interface ModelMeta {
  kind: ModelKind;
  params: TrialParams;
  seed: number;
  featureSet: string;
  featureSetHash: string;
  /** Rows per input sequence (1 for row models). */
  window: number;
  /** Step (epoch or boosting round, 0-based) whose state was kept by early stopping. */
  bestStep: number;
  /** Validation log loss per step of the fit. */
  valCurve: number[];
  /** What ran the fit: a TensorFlow.js backend name, or `typescript` for models that need none. */
  engine: string;
}

export interface FeatureImportance {
  feature: string;
  /** Total loss reduction of the splits on this feature (gain importance). */
  gain: number;
  /** Splits on this feature. */
  splits: number;
}

/** A fitted binary classifier: P(next return > 0). Every family implements it. */
export interface FittedModel {
  readonly featureNames: readonly string[];
  readonly scaler: Scaler;
  readonly meta: ModelMeta;
  /** P(up) of frame rows `rows`, read through the model's own scaler (sequence models follow `previous`). */
  predictFrame(frame: ScoringFrame, rows: ArrayLike<number>): Float64Array;
  /** Feature importances, or null for families that have none. */
  importances(): FeatureImportance[] | null;
  /** The model as named files (`meta.json`, `scaler.json`, `features.json` and the family's own). */
  serialize(): Promise<Record<string, Buffer>>;
  dispose(): void;
}

export type StepDecision = 'continue' | 'stop';
/** Called after every step with the validation log loss; `stop` prunes (callers also renew job locks here). */
export type OnStep = (step: number, valLoss: number) => Promise<StepDecision> | StepDecision;

export interface FitOptions {
  seed: number;
  onStep?: OnStep;
  /** Steps without a validation improvement before early stopping (family default when unset). */
  patience?: number;
}

export interface FitOutcome {
  model: FittedModel;
  /** Validation log loss per completed step. */
  curve: number[];
  bestStep: number;
  /** Best validation log loss (the study's objective). */
  bestLoss: number;
  pruned: boolean;
}

/**
 * One family of models (TensorFlow.js networks, gradient-boosted trees): how to fit on a prepared
 * dataset's training window, early-stopped on its validation window, and how to load a serialized model.
 */
export interface ModelFamily {
  fit(ds: PreparedDataset, params: TrialParams, opts: FitOptions): Promise<FitOutcome>;
  load(files: Record<string, Buffer>, meta: ModelMeta, scaler: Scaler, featureNames: string[]): Promise<FittedModel>;
}
