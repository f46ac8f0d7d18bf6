import { majorityBaseline, persistenceBaseline } from '../evaluation/baselines.ts';
import { type ClassificationMetrics, classificationMetrics } from '../evaluation/classification-metrics.ts';
import { checkSuspectedLeak, type LeakCheck } from '../evaluation/leak-guard.ts';
import { evaluateStrategy, type StrategyMetrics } from '../evaluation/strategy.ts';
import type { PreparedDataset, SplitData } from './dataset.ts';
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
  return {
    test,
    probabilities,
    strategy,
    buyAndHold,
    strategySettings: { threshold, costBps },
    suspectedLeak: checkSuspectedLeak(test.accuracy),
  };
}

/** Untuned logistic regression used as the learned baseline. */
export const LOGISTIC_BASELINE_PARAMS: TrialParams = {
  model: 'logistic',
  learningRate: 0.01,
  batchSize: 64,
  epochs: 60,
  l2: 1e-4,
};

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
  return (await baselinesOn(ds, opts.seed)).test;
}

async function baselinesOn(ds: PreparedDataset, seed: number): Promise<{ val: BaselineMetrics; test: BaselineMetrics }> {
  const logistic = await fitFinal(ds, LOGISTIC_BASELINE_PARAMS, { seed });
  try {
    const on = (split: SplitData): BaselineMetrics => ({
      majority: classificationMetrics(split.y, majorityBaseline(ds.train.y, split.n)),
      persistence: classificationMetrics(split.y, persistenceBaseline(split.todayReturn), { hardLabels: true }),
      logistic: classificationMetrics(split.y, predictSplit(logistic, ds, split)),
    });
    return { val: on(ds.val), test: on(ds.test) };
  } finally {
    logistic.dispose();
  }
}

/** Everything a run records about its final model (JSON-serialisable; no per-row arrays). */
export interface ModelReport {
  /** The model on the test window (its one use). */
  test: ClassificationMetrics;
  /** The model on the validation window (what promotion compares against other models on the same window). */
  validation: ClassificationMetrics;
  /** Baselines on the test window. */
  baselines: BaselineMetrics;
  /** Baselines on the validation window. */
  validationBaselines: BaselineMetrics;
  strategy: { model: StrategyMetrics; buyAndHold: StrategyMetrics; threshold: number; costBps: number };
  suspectedLeak: LeakCheck;
  windows: Record<'train' | 'val' | 'test', { start: string; end: string; n: number }>;
}

/**
 * The full report of a final model: evaluateOnTest (the one use of the test window), the validation
 * metrics, and the baselines on both windows (the logistic baseline is fitted on train, early-stopped on
 * validation, seeded with `seed`, default the model's seed).
 */
export async function evaluateModel(
  model: TrainedModel,
  ds: PreparedDataset,
  opts: EvaluateOptions & { seed?: number } = {},
): Promise<ModelReport> {
  const onTest = evaluateOnTest(model, ds, opts);
  const validation = classificationMetrics(ds.val.y, predictSplit(model, ds, ds.val), {
    threshold: onTest.strategySettings.threshold,
  });
  const baselines = await baselinesOn(ds, opts.seed ?? model.meta.seed);
  const iso = (ms: number) => new Date(ms).toISOString();
  const window = (name: 'train' | 'val' | 'test') => ({
    start: iso(ds.boundaries[name].start),
    end: iso(ds.boundaries[name].end),
    n: ds[name].n,
  });
  return {
    test: onTest.test,
    validation,
    baselines: baselines.test,
    validationBaselines: baselines.val,
    strategy: { model: onTest.strategy, buyAndHold: onTest.buyAndHold, ...onTest.strategySettings },
    suspectedLeak: onTest.suspectedLeak,
    windows: { train: window('train'), val: window('val'), test: window('test') },
  };
}
