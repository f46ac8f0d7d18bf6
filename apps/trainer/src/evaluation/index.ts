export { majorityBaseline, persistenceBaseline } from './baselines.ts';
export {
  accuracy,
  balancedAccuracy,
  binomialTestPValue,
  brierScore,
  type CalibrationBin,
  type ClassificationMetrics,
  calibrationBins,
  classificationMetrics,
  type Interval,
  logLoss,
  rocAuc,
  wilsonInterval,
} from './classification-metrics.ts';
export { MetricInputError } from './errors.ts';
export { checkSuspectedLeak, type LeakCheck, PLAUSIBLE_DAILY } from './leak-guard.ts';
export { type PairedLogLossTest, pairedLogLossTest, rowLogLosses } from './paired-test.ts';
export { bestBaseline, type Skill, SKILL_ALPHA, type SkillVerdict, skillVerdict } from './skill.ts';
export { evaluateStrategy, type StrategyInput, type StrategyMetrics, type StrategyOptions } from './strategy.ts';
export { planWalkForward, type WalkForwardOptions } from './walk-forward-plan.ts';
// Model-level evaluation (needs a fitted model): re-exported here for callers that think in evaluation terms.
export { type BaselineMetrics, evaluateModel, type ModelReport, type SymbolMetrics } from '../ml/evaluate-test.ts';
export { runWalkForward, type WalkForwardResult } from '../ml/walk-forward.ts';
