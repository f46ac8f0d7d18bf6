import { majorityBaseline, persistenceBaseline } from '../evaluation/baselines.ts';
import { type ClassificationMetrics, classificationMetrics } from '../evaluation/classification-metrics.ts';
import { checkSuspectedLeak, type LeakCheck } from '../evaluation/leak-guard.ts';
import { evaluateStrategy, type StrategyMetrics } from '../evaluation/strategy.ts';
import type { PreparedDataset } from './dataset.ts';
import { fitFinal, predictSplit } from './train.ts';
import type { TrainedModel } from './trained-model.ts';
import type { TrialParams } from './types.ts';

export interface TestEvaluation {
  test: ClassificationMetrics;
  /** The model's probabilities on the test rows (ds.test order). */
  probabilities: Float64Array;
  strategy: StrategyMetrics;
  buyAndHold: StrategyMetrics;
  /** Strategy settings used (long when p > threshold; one-way cost in bps). */
  strategySettings: { threshold: number; costBps: number };
  suspectedLeak: LeakCheck;
}

export interface EvaluateOptions {
  /** One-way trading cost in basis points (default 5). */
  costBps?: number;
  /** Long when p > threshold (default 0.5, fixed in advance, not fitted). */
  threshold?: number;
}

/**
 * The one use of the test window: the model's classification metrics with their interval and p-value,
 * the long/flat strategy beside buy-and-hold, and the suspected-leak flag.
 */
export function evaluateOnTest(model: TrainedModel, ds: PreparedDataset, opts: EvaluateOptions = {}): TestEvaluation {
  const threshold = opts.threshold ?? 0.5;
  const costBps = opts.costBps ?? 5;
  const probabilities = predictSplit(model, ds, ds.test);
  const test = classificationMetrics(ds.test.y, probabilities, { threshold });
  const { strategy, buyAndHold } = evaluateStrategy(
    { symbol: ds.test.symbol, ts: ds.test.ts, nextReturn: ds.test.nextReturn, probabilityUp: probabilities },
    { threshold, costBps },
  );
  return { test, probabilities, strategy, buyAndHold, strategySettings: { threshold, costBps }, suspectedLeak: checkSuspectedLeak(test.accuracy) };
}

/** Untuned logistic regression used as the learned baseline. */
export const LOGISTIC_BASELINE_PARAMS: TrialParams = { model: 'logistic', learningRate: 0.01, batchSize: 64, epochs: 60, l2: 1e-4 };

export interface BaselineMetrics {
  majority: ClassificationMetrics;
  persistence: ClassificationMetrics;
  logistic: ClassificationMetrics;
}

/**
 * Baselines on the same test rows: majority class (base rate fitted on train), persistence (tomorrow's
 * direction = today's; hard labels, so no log loss) and a logistic regression fitted on train and
 * early-stopped on validation with fixed params.
 */
export async function evaluateBaselines(ds: PreparedDataset, opts: { seed: number }): Promise<BaselineMetrics> {
  const logistic = await fitFinal(ds, LOGISTIC_BASELINE_PARAMS, { seed: opts.seed });
  try {
    return {
      majority: classificationMetrics(ds.test.y, majorityBaseline(ds.train.y, ds.test.n)),
      persistence: classificationMetrics(ds.test.y, persistenceBaseline(ds.test.todayReturn), { hardLabels: true }),
      logistic: classificationMetrics(ds.test.y, predictSplit(logistic, ds, ds.test)),
    };
  } finally {
    logistic.dispose();
  }
}
