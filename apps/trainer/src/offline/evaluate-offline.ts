import { seriesFromBars, type OhlcvSeries } from '@alphapulse/features';
import { withSpan } from '@alphapulse/telemetry';
import type { Bar } from '@alphapulse/market';
import type { ClassificationMetrics } from '../evaluation/classification-metrics.ts';
import type { LeakCheck } from '../evaluation/leak-guard.ts';
import type { Skill } from '../evaluation/skill.ts';
import type { StrategyMetrics } from '../evaluation/strategy.ts';
import { planWalkForward, type WalkForwardOptions } from '../evaluation/walk-forward-plan.ts';
import { prepareDataset, prepareDatasetWithBoundaries } from '../ml/dataset.ts';
import { type BaselineMetrics, evaluateModel, type SymbolMetrics } from '../ml/evaluate-test.ts';
import type { FeatureImportance } from '../ml/model.ts';
import type { BackendPreference } from '../ml/tfjs/backend.ts';
import { fitFinal } from '../ml/train.ts';
import type { DecodedFeatureBatch, TrialParams } from '../ml/types.ts';
import { labelledTimes, runWalkForward, type WalkForwardResult } from '../ml/walk-forward.ts';
import type { TuningMode } from '../tuning/budgets.ts';
import { type ModelChoice, searchSpaceFor } from '../tuning/search-space.ts';
import { needsTensorflow } from '../ml/families.ts';
import type { ModelKind } from '../ml/types.ts';
import { TrialPool } from '../tuning/parallel/trial-pool.ts';
import { runStudyInProcess, type StudyOptions, type TrialRecord, trialSeed } from '../tuning/study-in-process.ts';
import { featureBatchFromSeries } from './feature-batch-from-series.ts';

export interface OfflineOptions {
  mode: TuningMode;
  /** Default 'auto' (the model kind is tuned too). */
  model?: ModelChoice;
  /** Also run an expanding-window walk-forward (its params tuned on the first fold's windows only). */
  walkForward?: boolean | WalkForwardOptions;
  /** Default 42. */
  seed?: number;
  /** Overrides the mode's trial budget. */
  trials?: number;
  /** Feature set (default technical: a CSV carries no news). */
  featureSet?: string;
  backend?: BackendPreference;
  costBps?: number;
  /** Progress lines (the CLI writes them to stderr). */
  onProgress?: (message: string) => void;
  /**
   * Worker threads the trials run on (default 1: sequentially on this thread). Results are a function
   * of (seed, workers): with N workers trial k's sampler and pruner see trials 0..k−N (runStudyInProcess).
   */
  workers?: number;
  /** The tuning study's trial starts and steps (the CLI's progress bars). */
  onTrialStart?: StudyOptions['onTrialStart'];
  onStep?: StudyOptions['onStep'];
  onTrialEnd?: StudyOptions['onTrial'];
}

export interface TrialSummary {
  number: number;
  model: string;
  status: TrialRecord['status'];
  valLogLoss: number | null;
  /** Epochs or boosting rounds run. */
  steps: number;
  seconds: number;
  params: TrialParams;
}

export interface OfflineReport {
  input: {
    symbols: string[];
    bars: number;
    from: string;
    to: string;
    featureSet: string;
    featureSetHash: string;
    features: number;
  };
  windows: Record<'train' | 'val' | 'test', { start: string; end: string; n: number }>;
  /** The final model on the test window, used once. */
  test: ClassificationMetrics;
  validation: ClassificationMetrics;
  baselines: BaselineMetrics;
  /** The model against the best probabilistic baseline on the test window (paired log-loss test). */
  skill: Skill;
  perSymbol: Record<string, SymbolMetrics>;
  importances: FeatureImportance[] | null;
  strategy: { model: StrategyMetrics; buyAndHold: StrategyMetrics; threshold: number; costBps: number };
  suspectedLeak: LeakCheck;
  walkForward: (WalkForwardResult & { params: TrialParams; tunedOn: { start: string; end: string } }) | null;
  best: { number: number; params: TrialParams; valLogLoss: number };
  trials: { count: number; complete: number; pruned: number; failed: number; list: TrialSummary[] };
  mode: TuningMode;
  model: ModelChoice;
  seed: number;
  backend: string;
  /** Worker threads the trials ran on (1: sequentially, in process). */
  workers: number;
  /** Wall time of the whole evaluation. */
  seconds: number;
  /** `firstTrial`: seconds from process start to the first trial's start (start-up, input, features). */
  timings: { firstTrial: number; tuning: number; final: number; walkForward: number | null };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const summarise = (t: TrialRecord): TrialSummary => ({
  number: t.number,
  model: t.trialParams.model,
  status: t.status,
  valLogLoss: t.value,
  steps: t.steps,
  seconds: t.seconds,
  params: t.trialParams,
});

/**
 * Features → tuning (the mode's budget, validation window only) → final refit → one evaluation on the test
 * window beside the baselines and buy-and-hold, and optionally a walk-forward, all in this process: no
 * Redis, no database. `bars` is one symbol's daily OHLCV.
 */
export async function evaluateOffline(bars: readonly Bar[], opts: OfflineOptions & { symbol?: string }): Promise<OfflineReport> {
  return evaluateOfflineSeries([{ symbol: opts.symbol ?? 'INPUT', series: seriesFromBars(bars) }], opts);
}

/**
 * What runs the fits: the TensorFlow.js backend when a network is in the search space, loaded only
 * then (a gradient-boosted-trees study never loads TensorFlow.js); `typescript` otherwise.
 */
async function engineFor(opts: OfflineOptions): Promise<string> {
  const kinds = (searchSpaceFor(opts.model ?? 'auto').model as { choices: string[] }).choices as ModelKind[];
  if (!kinds.some(needsTensorflow)) return 'typescript';
  const { selectBackend } = await import('../ml/tfjs/backend.ts');
  return (await selectBackend(opts.backend ?? 'auto')).name;
}

/** As evaluateOffline, over one or more symbols' adjusted series (pooled, shared split times). */
export async function evaluateOfflineSeries(
  parts: readonly { symbol: string; series: OhlcvSeries }[],
  opts: OfflineOptions,
): Promise<OfflineReport> {
  const started = performance.now();
  // Workers start first, loading their code while this thread computes the features.
  const pool = startPool(opts);
  try {
    const batch = featureBatchFromSeries(parts, opts.featureSet ?? 'technical');
    return await evaluateBatch(batch, opts, { backend: await engineFor(opts), started, pool });
  } finally {
    await pool?.close();
  }
}

function startPool(opts: OfflineOptions): TrialPool | undefined {
  const workers = opts.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  return workers > 1 ? new TrialPool(workers, { backend: opts.backend }) : undefined;
}

/** As evaluateOffline, over an already built feature batch. */
export async function evaluateOfflineBatch(batch: DecodedFeatureBatch, opts: OfflineOptions): Promise<OfflineReport> {
  const started = performance.now();
  const pool = startPool(opts);
  try {
    return await evaluateBatch(batch, opts, { backend: await engineFor(opts), started, pool });
  } finally {
    await pool?.close();
  }
}

async function evaluateBatch(
  batch: DecodedFeatureBatch,
  opts: OfflineOptions,
  ctx: { backend: string; started: number; pool: TrialPool | undefined },
): Promise<OfflineReport> {
  const { backend, started, pool } = ctx;
  const seed = opts.seed ?? 42;
  const model = opts.model ?? 'auto';
  const progress = opts.onProgress ?? (() => {});
  const ds = prepareDataset(batch);
  progress(
    `backend ${backend}; ${batch.rows} rows, ${ds.featureNames.length} features; train ${ds.train.n} / val ${ds.val.n} / test ${ds.test.n} rows`,
  );

  const t0 = performance.now();
  const study = await withSpan('study', { 'study.mode': opts.mode, 'ml.model': model, 'study.seed': seed, 'study.workers': pool?.size ?? 1 }, () =>
    runStudyInProcess(ds, {
      mode: opts.mode,
      model,
      seed,
      trials: opts.trials,
      keepBestModel: true,
      pool,
      onTrialStart: opts.onTrialStart,
      onStep: opts.onStep,
      onTrial: (t) => {
        opts.onTrialEnd?.(t);
        progress(
          `trial ${t.number}: ${t.trialParams.model} ${t.status} val log loss ${t.value?.toFixed(4) ?? '-'} (${t.steps} steps, ${t.seconds.toFixed(1)} s)`,
        );
      },
    }),
  );
  const tuning = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  // The best trial's model already is the final fit (train only, early-stopped on validation, the trial's
  // seed): reusing it saves an identical refit. The queue version refits with fitFinal instead.
  progress(`final model: trial ${study.best.number} (${study.best.trialParams.model}); one evaluation on the test window`);
  const final = study.bestModel ?? (await fitFinal(ds, study.best.trialParams, { seed: trialSeed(seed, study.best.number) }));
  let report: Awaited<ReturnType<typeof evaluateModel>>['report'];
  try {
    ({ report } = await withSpan('test evaluation', { 'ml.model': final.meta.kind, 'ml.test_rows': ds.test.n }, () =>
      evaluateModel(final, ds, { seed, costBps: opts.costBps }),
    ));
  } finally {
    final.dispose();
  }
  const finalSeconds = (performance.now() - t1) / 1000;

  let walkForward: OfflineReport['walkForward'] = null;
  let walkForwardSeconds: number | null = null;
  if (opts.walkForward) {
    const t2 = performance.now();
    const wfOpts: WalkForwardOptions = typeof opts.walkForward === 'object' ? opts.walkForward : {};
    // Params for the walk-forward are tuned on the first fold's own train/validation windows, so no
    // out-of-sample block has influenced them.
    const [first] = planWalkForward(labelledTimes(batch), wfOpts);
    const firstDs = prepareDatasetWithBoundaries(batch, first, { gapBars: wfOpts.gapBars ?? 1 });
    progress(`walk-forward: tuning on ${iso(first.train.start)}..${iso(first.val.end)}`);
    const wfStudy = await runStudyInProcess(firstDs, { mode: opts.mode, model, seed, trials: opts.trials, pool });
    const result = await runWalkForward(batch, wfStudy.best.trialParams, {
      ...wfOpts,
      seed,
      costBps: opts.costBps,
      onFold: (i, n) => progress(`walk-forward fold ${i}/${n}`),
    });
    walkForward = {
      ...result,
      params: wfStudy.best.trialParams,
      tunedOn: { start: iso(first.train.start), end: iso(first.val.end) },
    };
    walkForwardSeconds = (performance.now() - t2) / 1000;
  }

  const symbols = [...new Set(batch.symbol)].sort();
  return {
    input: {
      symbols,
      bars: batch.rows,
      from: iso(Math.min(...batch.ts)),
      to: iso(Math.max(...batch.ts)),
      featureSet: batch.schema.featureSet,
      featureSetHash: batch.schema.featureSetHash,
      features: ds.featureNames.length,
    },
    windows: report.windows,
    test: report.test,
    validation: report.validation,
    baselines: report.baselines,
    skill: report.skill,
    perSymbol: report.perSymbol,
    importances: report.importances,
    strategy: report.strategy,
    suspectedLeak: report.suspectedLeak,
    walkForward,
    best: { number: study.best.number, params: study.best.trialParams, valLogLoss: study.best.value as number },
    trials: {
      count: study.trials.length,
      complete: study.trials.filter((t) => t.status === 'complete').length,
      pruned: study.trials.filter((t) => t.status === 'pruned').length,
      failed: study.trials.filter((t) => t.status === 'failed').length,
      list: study.trials.map(summarise),
    },
    mode: opts.mode,
    model,
    seed,
    backend,
    workers: pool?.size ?? 1,
    seconds: (performance.now() - started) / 1000,
    timings: { firstTrial: t0 / 1000, tuning, final: finalSeconds, walkForward: walkForwardSeconds },
  };
}
