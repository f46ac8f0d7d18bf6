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
export { checkSuspectedLeak, type LeakCheck, PLAUSIBLE_DAILY_ACCURACY } from './leak-guard.ts';
export { evaluateStrategy, type StrategyInput, type StrategyMetrics, type StrategyOptions } from './strategy.ts';
export { planWalkForward, type WalkForwardOptions } from './walk-forward-plan.ts';
// Model-level evaluation (needs a fitted model): re-exported here for callers that think in evaluation terms.
export {
  type BaselineMetrics,
  evaluateBaselines,
  evaluateModel,
  evaluateOnTest,
  type ModelReport,
  type TestEvaluation,
} from '../ml/evaluate-test.ts';
export { runWalkForward, type WalkForwardResult } from '../ml/walk-forward.ts';
