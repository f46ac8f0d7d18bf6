import { recordError, withSpan } from '@alphapulse/telemetry';
import type { PreparedDataset } from '../ml/dataset.ts';
import { normalizeParams } from '../ml/families.ts';
import { mixSeed } from '../ml/rng.ts';
import type { FittedModel } from '../ml/model.ts';
import type { TrialParams } from '../ml/types.ts';
import { startupTrialsFor, trialsForMode, type TuningMode } from './budgets.ts';
import type { TrialPool } from './parallel/trial-pool.ts';
import { runTrial, type StepListener, type TrialOutcome } from './run-trial.ts';
import { type ModelChoice, type SampledParams, searchSpaceFor, toTrialParams } from './search-space.ts';
import { suggestParams, type TrialHistoryEntry } from './tpe-sampler.ts';

export interface TrialRecord {
  number: number;
  params: SampledParams;
  trialParams: TrialParams;
  status: 'complete' | 'pruned' | 'failed';
  value: number | null;
  curve: number[];
  /** Steps run: epochs or boosting rounds. */
  steps: number;
  seconds: number;
  error?: string;
}

export interface StudyOptions {
  mode: TuningMode;
  model: ModelChoice;
  seed: number;
  /** Overrides the mode's budget. */
  trials?: number;
  /** Called after every trial, in the order they finish (with a pool, not always by number). */
  onTrial?: (trial: TrialRecord) => void;
  /** Called as a trial starts (progress): its step limit is the epochs or boosting rounds early stopping may cut short. */
  onTrialStart?: (trial: { number: number; budget: number; model: string; maxSteps: number | null }) => void;
  /** Called after every step of a trial (progress). */
  onStep?: (trial: number, step: number, valLoss: number) => void;
  /**
   * Keep the best complete trial's fitted model and return it as `bestModel` (saves the refit: it is
   * what fitFinal(ds, best.trialParams, {seed: trialSeed(seed, best.number)}) would produce).
   */
  keepBestModel?: boolean;
  /**
   * Worker threads to run the trials on, N at a time (see runStudyInProcess for what trial k then sees).
   * Without one, trials run one after another on this thread.
   */
  pool?: TrialPool;
}

/** A trial's step limit: its epochs or boosting rounds after normalisation, when its family has one. */
function stepLimit(params: TrialParams): number | null {
  const p = normalizeParams(params) as Record<string, unknown>;
  const limit = Number(p.epochs ?? p.rounds);
  return Number.isInteger(limit) && limit > 0 ? limit : null;
}

/** Seed a trial trains with: a function of the study seed and trial number only (the queue's trials use the same). */
export function trialSeed(studySeed: number, number: number): number {
  return mixSeed(studySeed, number);
}

/** Trials a trial may see (its sampler's history and its pruner's curves): those numbered at most `number - lag`. */
function visibleTo(trials: readonly (TrialRecord | undefined)[], number: number, lag: number): TrialRecord[] {
  return trials.slice(0, Math.max(0, number - lag + 1)) as TrialRecord[];
}

/**
 * A whole study in this process (offline CLI): the same suggestParams → trainTrial → shouldPrune steps the
 * queue version runs as child jobs. Returns the best complete trial (lowest validation loss).
 *
 * Sequential (no `pool`): trial k's sampler and pruner see every trial before it. With a pool of N workers,
 * trials run N at a time under a fixed lag: trial k sees exactly trials 0..k−N (all finished before it
 * starts), whatever order they finish in, so the study is a function of (seed, N) alone. N = 1 is the
 * sequential study; different N give different (equally valid) studies.
 */
export async function runStudyInProcess(
  ds: PreparedDataset,
  opts: StudyOptions,
): Promise<{ best: TrialRecord; trials: TrialRecord[]; bestModel?: FittedModel }> {
  const space = searchSpaceFor(opts.model);
  const budget = opts.trials ?? trialsForMode(opts.mode);
  const nStartup = startupTrialsFor(budget);
  const pool = opts.pool;
  const lag = pool?.size ?? 1;
  const trials: (TrialRecord | undefined)[] = new Array(budget).fill(undefined);
  let kept: { model: FittedModel; value: number } | null = null;
  pool?.setDataset(ds);

  const runOne = async (number: number): Promise<TrialRecord> => {
    const seen = visibleTo(trials, number, lag);
    const history: TrialHistoryEntry[] = seen.map((t) => ({ params: t.params, value: t.value, status: t.status }));
    const params = suggestParams({ space, history, seed: opts.seed, number, nStartup });
    const trialParams = toTrialParams(params);
    const completedCurves = seen.filter((t) => t.status === 'complete').map((t) => t.curve);
    const seed = trialSeed(opts.seed, number);
    const started = performance.now();
    opts.onTrialStart?.({ number, budget, model: trialParams.model, maxSteps: stepLimit(trialParams) });
    const onStep: StepListener | undefined = opts.onStep ? (step, valLoss) => opts.onStep?.(number, step, valLoss) : undefined;
    // One span per trial (in-process its fit is a child span), with the outcome the study acts on.
    const record = await withSpan(`trial ${number}`, { 'study.trial': number, 'ml.model': trialParams.model }, async (span): Promise<TrialRecord> => {
      let outcome: TrialOutcome;
      if (pool) {
        outcome = await pool.run({ id: number, trialParams, seed, completedCurves, keep: opts.keepBestModel === true }, onStep);
      } else {
        const trial = await runTrial(ds, trialParams, seed, completedCurves, onStep);
        outcome = trial.outcome;
        if (opts.keepBestModel && trial.model && outcome.status === 'complete' && (!kept || (outcome.value as number) < kept.value)) {
          kept?.model.dispose();
          kept = { model: trial.model, value: outcome.value as number };
        } else {
          trial.model?.dispose();
        }
      }
      if (outcome.error) recordError(span, new Error(outcome.error));
      span.setAttributes({ 'trial.status': outcome.status, 'trial.steps': outcome.steps, ...(outcome.value === null ? {} : { 'trial.value': outcome.value }) });
      return { number, params, trialParams, ...outcome, seconds: 0 };
    });
    record.seconds = (performance.now() - started) / 1000;
    trials[number] = record;
    opts.onTrial?.(record);
    return record;
  };

  if (!pool) {
    for (let number = 0; number < budget; number++) await runOne(number);
  } else {
    // Trial k starts once trials 0..k−N have finished; up to N run at once.
    const running = new Map<number, Promise<number>>();
    let next = 0;
    let finishedPrefix = 0;
    while (next < budget || running.size > 0) {
      while (next < budget && running.size < lag && finishedPrefix >= next - lag + 1) {
        const n = next++;
        running.set(n, runOne(n).then(() => n));
      }
      running.delete(await Promise.race(running.values()));
      while (finishedPrefix < budget && trials[finishedPrefix]) finishedPrefix++;
    }
  }

  const all = trials as TrialRecord[];
  const complete = all.filter((t) => t.status === 'complete' && Number.isFinite(t.value));
  if (complete.length === 0)
    throw new Error(
      `no trial completed (${all.map((t) => `${t.number}: ${t.status}${t.error ? ` ${t.error}` : ''}`).join('; ')})`,
    );
  const best = complete.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
  const bestModel = pool ? (opts.keepBestModel ? await pool.takeModel(best.number) : null) : (kept as { model: FittedModel } | null)?.model;
  return { best, trials: all, ...(bestModel ? { bestModel } : {}) };
}
