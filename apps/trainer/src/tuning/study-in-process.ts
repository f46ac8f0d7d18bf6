import { recordError, withSpan } from '@alphapulse/telemetry';
import type { PreparedDataset } from '../ml/dataset.ts';
import { normalizeParams } from '../ml/families.ts';
import { mixSeed } from '../ml/rng.ts';
import { trainTrialKeepingModel } from '../ml/train.ts';
import type { FittedModel } from '../ml/model.ts';
import type { TrialParams } from '../ml/types.ts';
import { startupTrialsFor, trialsForMode, type TuningMode } from './budgets.ts';
import { shouldPrune } from './median-pruner.ts';
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
  /** Called after every trial (progress). */
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

/**
 * A whole study in this process (offline CLI): the same suggestParams → trainTrial → shouldPrune steps the
 * queue version runs as child jobs, sequentially. Returns the best complete trial (lowest validation loss).
 */
export async function runStudyInProcess(
  ds: PreparedDataset,
  opts: StudyOptions,
): Promise<{ best: TrialRecord; trials: TrialRecord[]; bestModel?: FittedModel }> {
  const space = searchSpaceFor(opts.model);
  const budget = opts.trials ?? trialsForMode(opts.mode);
  const nStartup = startupTrialsFor(budget);
  const trials: TrialRecord[] = [];
  let kept: { model: FittedModel; value: number } | null = null;
  for (let number = 0; number < budget; number++) {
    const history: TrialHistoryEntry[] = trials.map((t) => ({ params: t.params, value: t.value, status: t.status }));
    const params = suggestParams({ space, history, seed: opts.seed, number, nStartup });
    const trialParams = toTrialParams(params);
    const completedCurves = trials.filter((t) => t.status === 'complete').map((t) => t.curve);
    const started = performance.now();
    const curve: number[] = [];
    opts.onTrialStart?.({ number, budget, model: trialParams.model, maxSteps: stepLimit(trialParams) });
    // One span per trial (its fit is a child span), with the outcome the study acts on.
    const record = await withSpan(`trial ${number}`, { 'study.trial': number, 'ml.model': trialParams.model }, async (span): Promise<TrialRecord> => {
      let outcome: TrialRecord;
      try {
        const { result, model } = await trainTrialKeepingModel(ds, trialParams, {
          seed: trialSeed(opts.seed, number),
          onStep: (_step, valLoss) => {
            curve.push(valLoss);
            opts.onStep?.(number, curve.length, valLoss);
            return shouldPrune(curve, completedCurves) ? 'stop' : 'continue';
          },
        });
        if (opts.keepBestModel && !result.pruned && (!kept || result.value < kept.value)) {
          kept?.model.dispose();
          kept = { model, value: result.value };
        } else {
          model.dispose();
        }
        outcome = { number, params, trialParams, status: result.pruned ? 'pruned' : 'complete', value: result.value, curve: result.curve, steps: result.steps, seconds: 0 };
      } catch (err) {
        recordError(span, err);
        outcome = { number, params, trialParams, status: 'failed', value: null, curve, steps: curve.length, seconds: 0, error: (err as Error).message };
      }
      span.setAttributes({ 'trial.status': outcome.status, 'trial.steps': outcome.steps, ...(outcome.value === null ? {} : { 'trial.value': outcome.value }) });
      return outcome;
    });
    record.seconds = (performance.now() - started) / 1000;
    trials.push(record);
    opts.onTrial?.(record);
  }
  const complete = trials.filter((t) => t.status === 'complete' && Number.isFinite(t.value));
  if (complete.length === 0)
    throw new Error(
      `no trial completed (${trials.map((t) => `${t.number}: ${t.status}${t.error ? ` ${t.error}` : ''}`).join('; ')})`,
    );
  const best = complete.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
  // Assigned inside the trial span's callback, which TypeScript's narrowing does not follow.
  const bestModel = (kept as { model: FittedModel } | null)?.model;
  return { best, trials, ...(bestModel ? { bestModel } : {}) };
}
