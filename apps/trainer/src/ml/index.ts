export { type BackendPreference, type SelectedBackend, selectBackend } from './backend.ts';
export {
  buildSequences,
  computeBoundaries,
  type PreparedDataset,
  type PrepareOptions,
  prepareDataset,
  prepareDatasetWithBoundaries,
  type SplitBoundaries,
  type SplitData,
  type SplitName,
  sequenceWindows,
  modelFeatureNames,
  validateBatch,
} from './dataset.ts';
export { DatasetError, InvalidParamsError, ModelArtifactError } from './errors.ts';
export {
  type BaselineMetrics,
  type EvaluateOptions,
  evaluateBaselines,
  evaluateModel,
  evaluateOnTest,
  LOGISTIC_BASELINE_PARAMS,
  type ModelReport,
  type TestEvaluation,
} from './evaluate-test.ts';
export { buildModel, inputWindow, normalizeParams, validateParams } from './models.ts';
export { ARTIFACT_FILES, loadModel, serializeModel } from './artifacts.ts';
export { type LatestPrediction, predictLatest } from './predict-latest.ts';
export { createRng, mixSeed, permutation, type Rng } from './rng.ts';
export { applyScaler, fitScaler, type Scaler } from './scaler.ts';
export {
  type EpochDecision,
  fitFinal,
  type OnEpoch,
  predictSplit,
  splitInput,
  type TrainOptions,
  type TrialResult,
  trainTrial,
  trainTrialKeepingModel,
} from './train.ts';
export { type ModelMeta, TrainedModel } from './trained-model.ts';
export { type DecodedFeatureBatch, MODEL_KINDS, type ModelKind, type TrialParams } from './types.ts';
export { labelledTimes, runWalkForward, type WalkForwardResult } from './walk-forward.ts';
