export { ArtifactNotFoundError, ArtifactStore } from './artifact-store.ts';
export { codeVersion } from './code-version.ts';
export { DriftRepository, type DriftReportRecord } from './drift-repository.ts';
export {
  compareToReference,
  DEFAULT_SKETCH_SIZE,
  type DriftOptions,
  type DriftReference,
  type DriftReport,
  type FeatureDrift,
  type FeatureReference,
  referenceHistograms,
} from './drift.ts';
export {
  binCounts,
  kolmogorovQ,
  ksPValue,
  ksStatistic,
  psi,
  PSI_EPSILON,
  quantileSorted,
  sortedFinite,
} from './drift-statistics.ts';
export {
  FeatureSetMismatchError,
  RollbackError,
  TrackingConflictError,
  TrackingInputError,
  UnknownModelVersionError,
  UnknownRunError,
  UnknownStudyError,
  UnknownTrialError,
} from './errors.ts';
export { FeatureBatchRepository, type FeatureBatchInput, type FeatureBatchRecord } from './feature-batch-repository.ts';
export {
  type AliasChange,
  type AliasEvent,
  type AutoPromoteOptions,
  type AutoPromoteResult,
  type ChampionRecord,
  type ChampionStatus,
  type ModelAlias,
  ModelRegistry,
  type ModelVersionRecord,
  type ModelWindow,
  type RegisterModelInput,
  type SkillVerdict,
} from './model-registry.ts';
export { normalizeSymbol, PredictionRepository, type PredictionInput, type PredictionRecord } from './prediction-repository.ts';
export {
  ageInDays,
  type ChampionEvidence,
  DEFAULT_PROMOTION_POLICY,
  type DecisionWindow,
  decidePromotion,
  isStale,
  type PairedEvidence,
  type PromotionDecision,
  type PromotionEvidence,
  type PromotionPolicy,
  type PromotionRule,
} from './promotion.ts';
export {
  type CompleteRunInput,
  type ParamValue,
  RUN_STATUSES,
  type RunComparison,
  type RunDetail,
  RunRepository,
  type RunRow,
  type RunStatus,
  type RunSummary,
  type StartRunInput,
} from './run-repository.ts';
export { runSummarySchema, wireNumber } from './run-summary-schema.ts';
export {
  type CreateStudyInput,
  type FinishedTrialStatus,
  type FinishTrialInput,
  type StartTrialOutcome,
  StudyRepository,
  type StudyRow,
  type TrialRow,
  type TrialStatus,
} from './study-repository.ts';
export { type StudyProgress, studyProgress } from './study-progress.ts';
