import { type ClassificationMetrics, classificationMetrics } from '../evaluation/classification-metrics.ts';
import { checkSuspectedLeak, type LeakCheck } from '../evaluation/leak-guard.ts';
import { evaluateStrategy, type StrategyMetrics } from '../evaluation/strategy.ts';
import { planWalkForward, type WalkForwardOptions } from '../evaluation/walk-forward-plan.ts';
import { modelFeatureNames, prepareDatasetWithBoundaries } from './dataset.ts';
import { fitFinal, predictSplit } from './train.ts';
import type { DecodedFeatureBatch, TrialParams } from './types.ts';

export interface WalkForwardResult {
  folds: number;
  every: number;
  /** Pooled out-of-sample metrics over all folds' blocks. */
  metrics: ClassificationMetrics;
  /** The leak guard on the pooled out-of-sample metrics. */
  suspectedLeak: LeakCheck;
  strategy: StrategyMetrics;
  buyAndHold: StrategyMetrics;
  /** First and last out-of-sample bar times (ms). */
  range: { start: number; end: number };
}

/** Distinct bar times of rows with complete features and a known target, ascending. */
export function labelledTimes(batch: DecodedFeatureBatch): number[] {
  const cols = modelFeatureNames(batch).map((n) => batch.features[n]);
  const times = new Set<number>();
  for (let r = 0; r < batch.rows; r++) {
    if (
      Number.isFinite(batch.targets.nextReturn[r]) &&
      Number.isFinite(batch.targets.direction[r]) &&
      cols.every((c) => Number.isFinite(c[r]))
    )
      times.add(batch.ts[r]);
  }
  return [...times].sort((a, b) => a - b);
}

/**
 * Walk-forward evaluation with fixed params: expanding window, a refit (scaler included) every `every`
 * bars, out-of-sample predictions pooled into one set of metrics and one strategy run. The params should
 * have been chosen without the out-of-sample region (e.g. tuned on the first fold's windows).
 */
export async function runWalkForward(
  batch: DecodedFeatureBatch,
  params: TrialParams,
  opts: WalkForwardOptions & { seed: number; costBps?: number; onFold?: (fold: number, folds: number) => void },
): Promise<WalkForwardResult> {
  const folds = planWalkForward(labelledTimes(batch), opts);
  const y: number[] = [];
  const p: number[] = [];
  const symbol: string[] = [];
  const ts: number[] = [];
  const nextReturn: number[] = [];
  for (const [i, boundaries] of folds.entries()) {
    const ds = prepareDatasetWithBoundaries(batch, boundaries, { gapBars: opts.gapBars ?? 1 });
    const model = await fitFinal(ds, params, { seed: opts.seed });
    try {
      const probs = predictSplit(model, ds, ds.test);
      for (let k = 0; k < ds.test.n; k++) {
        y.push(ds.test.y[k]);
        p.push(probs[k]);
        symbol.push(ds.test.symbol[k]);
        ts.push(ds.test.ts[k]);
        nextReturn.push(ds.test.nextReturn[k]);
      }
    } finally {
      model.dispose();
    }
    opts.onFold?.(i + 1, folds.length);
  }
  const { strategy, buyAndHold } = evaluateStrategy({ symbol, ts, nextReturn, probabilityUp: p }, { costBps: opts.costBps ?? 5 });
  const metrics = classificationMetrics(y, p);
  return {
    folds: folds.length,
    every: opts.every ?? 252,
    metrics,
    suspectedLeak: checkSuspectedLeak(metrics),
    strategy,
    buyAndHold,
    range: { start: Math.min(...ts), end: Math.max(...ts) },
  };
}
