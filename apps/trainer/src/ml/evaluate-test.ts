import { majorityBaseline, persistenceBaseline } from '../evaluation/baselines.ts';
import { type ClassificationMetrics, classificationMetrics } from '../evaluation/classification-metrics.ts';
import { checkSuspectedLeak, type LeakCheck } from '../evaluation/leak-guard.ts';
import { fitLogisticRegression, predictLogistic } from './logistic/irls.ts';
import { bestBaseline, type Skill, skillVerdict } from '../evaluation/skill.ts';
import { evaluateStrategy, type StrategyMetrics } from '../evaluation/strategy.ts';
import type { PreparedDataset, SplitData } from './dataset.ts';
import type { FeatureImportance, FittedModel } from './model.ts';
import { predictSplit } from './train.ts';

export interface EvaluateOptions {
  /** One-way trading cost in basis points (default 5). */
  costBps?: number;
  /** Long when p > threshold (default 0.5, fixed in advance, not fitted). */
  threshold?: number;
  /** Kept for callers that pass the study seed; the baselines are deterministic and need none. */
  seed?: number;
}

/** Ridge (per row) of the logistic-regression baseline: enough to keep Newton's method well posed, too little to shrink a real effect. */
export const LOGISTIC_BASELINE_L2 = 1e-4;

export interface BaselineMetrics {
  majority: ClassificationMetrics;
  /** Hard labels: no log loss; compared by accuracy only. */
  persistence: ClassificationMetrics;
  logistic: ClassificationMetrics;
}

/** Per-symbol test metrics of the model (pooled models can be right on one symbol and chance on another). */
export interface SymbolMetrics {
  n: number;
  accuracy: number;
  /** One-sided binomial p-value against this symbol's majority rate on the window. */
  pValue: number;
  majorityRate: number;
  auc: number | null;
}

/**
 * The test window row by row: what promotion pairs with a champion re-scored on the same rows, and
 * what charts (ROC, calibration, equity) are drawn from. `sourceRow` indexes the feature batch.
 */
export interface WindowPredictions {
  window: 'test';
  sourceRow: number[];
  ts: number[];
  symbol: string[];
  y: number[];
  nextReturn: number[];
  model: number[];
  baselines: { majority: number[]; persistence: number[]; logistic: number[] };
}

/** Everything a run records about its final model (JSON-serialisable; no per-row arrays). */
export interface ModelReport {
  /** The model on the test window (its one use). */
  test: ClassificationMetrics;
  /** The model on the validation window (what tuning and early stopping saw). */
  validation: ClassificationMetrics;
  /** Baselines on the test window. */
  baselines: BaselineMetrics;
  /** Baselines on the validation window. */
  validationBaselines: BaselineMetrics;
  /** The model against the best probabilistic baseline on the test window. */
  skill: Skill;
  perSymbol: Record<string, SymbolMetrics>;
  strategy: { model: StrategyMetrics; buyAndHold: StrategyMetrics; threshold: number; costBps: number };
  suspectedLeak: LeakCheck;
  importances: FeatureImportance[] | null;
  windows: Record<'train' | 'val' | 'test', { start: string; end: string; n: number }>;
}

/** Per-symbol metrics of probabilities `p` on a split. */
export function metricsBySymbol(split: SplitData, p: ArrayLike<number>, threshold = 0.5): Record<string, SymbolMetrics> {
  const rows = new Map<string, number[]>();
  for (let k = 0; k < split.n; k++) {
    const list = rows.get(split.symbol[k]) ?? [];
    list.push(k);
    rows.set(split.symbol[k], list);
  }
  const out: Record<string, SymbolMetrics> = {};
  for (const symbol of [...rows.keys()].sort()) {
    const idx = rows.get(symbol) as number[];
    const m = classificationMetrics(
      idx.map((k) => split.y[k]),
      idx.map((k) => p[k]),
      { threshold },
    );
    out[symbol] = { n: m.n, accuracy: m.accuracy, pValue: m.pValue, majorityRate: m.majorityRate, auc: m.auc };
  }
  return out;
}

/**
 * Baselines on the validation and test rows: majority class (base rate fitted on train), persistence
 * (tomorrow's direction = today's; hard labels) and an L2 logistic regression fitted on train by
 * Newton's method (deterministic, no tuning, no TensorFlow).
 */
function baselinePredictions(ds: PreparedDataset) {
  const f = ds.featureNames.length;
  const logistic = fitLogisticRegression(ds.train.x, ds.train.y, ds.train.n, f, { l2: LOGISTIC_BASELINE_L2 });
  const on = (split: SplitData) => ({
    majority: majorityBaseline(ds.train.y, split.n),
    persistence: persistenceBaseline(split.todayReturn),
    logistic: predictLogistic(logistic, split.x, split.n, f),
  });
  return { val: on(ds.val), test: on(ds.test) };
}

function baselineMetrics(split: SplitData, p: { majority: Float64Array; persistence: Float64Array; logistic: Float64Array }): BaselineMetrics {
  return {
    majority: classificationMetrics(split.y, p.majority),
    persistence: classificationMetrics(split.y, p.persistence, { hardLabels: true }),
    logistic: classificationMetrics(split.y, p.logistic),
  };
}

/**
 * The full report of a final model, and its test-window predictions row by row. This is the ONE use
 * of the test window: metrics with their interval and p-value against the majority rate, the same for
 * the baselines, the skill verdict against the best of them, per-symbol metrics, the long/flat
 * strategy beside buy-and-hold after costs, and the leak guard.
 */
export async function evaluateModel(
  model: FittedModel,
  ds: PreparedDataset,
  opts: EvaluateOptions = {},
): Promise<{ report: ModelReport; predictions: WindowPredictions }> {
  const threshold = opts.threshold ?? 0.5;
  const costBps = opts.costBps ?? 5;
  const pTest = predictSplit(model, ds, ds.test);
  const pVal = predictSplit(model, ds, ds.val);
  const test = classificationMetrics(ds.test.y, pTest, { threshold });
  const validation = classificationMetrics(ds.val.y, pVal, { threshold });
  const base = baselinePredictions(ds);
  const baselines = baselineMetrics(ds.test, base.test);
  const against = bestBaseline({ majority: baselines.majority, logistic: baselines.logistic });
  const skill = skillVerdict(ds.test.y, pTest, against, base.test[against as 'majority' | 'logistic'], ds.test.ts);
  const { strategy, buyAndHold } = evaluateStrategy(
    { symbol: ds.test.symbol, ts: ds.test.ts, nextReturn: ds.test.nextReturn, probabilityUp: pTest },
    { threshold, costBps },
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  const window = (name: 'train' | 'val' | 'test') => ({ start: iso(ds.boundaries[name].start), end: iso(ds.boundaries[name].end), n: ds[name].n });
  const report: ModelReport = {
    test,
    validation,
    baselines,
    validationBaselines: baselineMetrics(ds.val, base.val),
    skill,
    perSymbol: metricsBySymbol(ds.test, pTest, threshold),
    strategy: { model: strategy, buyAndHold, threshold, costBps },
    suspectedLeak: checkSuspectedLeak(test),
    importances: model.importances(),
    windows: { train: window('train'), val: window('val'), test: window('test') },
  };
  const predictions: WindowPredictions = {
    window: 'test',
    sourceRow: Array.from(ds.test.sourceRow),
    ts: Array.from(ds.test.ts),
    symbol: [...ds.test.symbol],
    y: Array.from(ds.test.y),
    nextReturn: Array.from(ds.test.nextReturn),
    model: Array.from(pTest),
    baselines: { majority: Array.from(base.test.majority), persistence: Array.from(base.test.persistence), logistic: Array.from(base.test.logistic) },
  };
  return { report, predictions };
}
