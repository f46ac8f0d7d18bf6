export { type BackendPreference, type SelectedBackend, selectBackend } from './tfjs/backend.ts';
export {
  buildSequences,
  computeBoundaries,
  type PreparedDataset,
  type PrepareOptions,
  prepareDataset,
  prepareDatasetWithBoundaries,
  scoringFrameOf,
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
  evaluateModel,
  LOGISTIC_BASELINE_L2,
  metricsBySymbol,
  type ModelReport,
  type SymbolMetrics,
  type WindowPredictions,
} from './evaluate-test.ts';
export { familyOf, inputWindow, needsTensorflow, normalizeParams, paramSpaceOf } from './families.ts';
export type { FeatureImportance, FitOptions, FitOutcome, FittedModel, ModelFamily, ModelMeta, OnStep, ScoringFrame, StepDecision } from './model.ts';
export { COMMON_MODEL_FILES, loadModel, serializeModel } from './model-files.ts';
export { type LatestPrediction, predictLatest } from './predict-latest.ts';
export { createRng, mixSeed, permutation, type Rng } from './rng.ts';
export { applyScaler, fitScaler, type Scaler } from './scaler.ts';
export { fitFinal, predictSplit, type TrialResult, trainTrial, trainTrialKeepingModel } from './train.ts';
export { type DecodedFeatureBatch, MODEL_KINDS, type ModelKind, type TrialParams } from './types.ts';
export { labelledTimes, runWalkForward, type WalkForwardResult } from './walk-forward.ts';
