export type { TrialParams } from '../ml/types.ts';
export {
  BudgetError,
  budgetFor,
  MODE_BUDGETS,
  startupTrialsFor,
  TUNING_MODES,
  type TuningMode,
  trialsForMode,
} from './budgets.ts';
export { type PrunerOptions, shouldPrune } from './median-pruner.ts';
export {
  type Distribution,
  isActive,
  type ModelChoice,
  type ParamSpec,
  type ParamValue,
  type SampledParams,
  SEARCH_SPACES,
  type SearchSpace,
  SearchSpaceError,
  searchSpaceFor,
  toTrialParams,
} from './search-space.ts';
export { runStudyInProcess, type StudyOptions, type TrialRecord, trialSeed } from './study-in-process.ts';
export { goodCount, type SuggestInput, suggestParams, type TrialHistoryEntry, type TrialStatus } from './tpe-sampler.ts';
