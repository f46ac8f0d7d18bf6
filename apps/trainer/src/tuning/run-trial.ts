import type { PreparedDataset } from '../ml/dataset.ts';
import type { FittedModel } from '../ml/model.ts';
import { trainTrialKeepingModel } from '../ml/train.ts';
import type { TrialParams } from '../ml/types.ts';
import { shouldPrune } from './median-pruner.ts';

/** Hears every step (epoch or boosting round) of a trial: progress only, it cannot change the fit. */
export type StepListener = (step: number, valLoss: number) => void;

/** What one trial came to, before the study attaches its number and sampled point. */
export interface TrialOutcome {
  status: 'complete' | 'pruned' | 'failed';
  value: number | null;
  curve: number[];
  steps: number;
  error?: string;
}

/**
 * One trial: fit with the trial's seed, the median pruner judging every step against `completedCurves`
 * (the curves of the trials this one is allowed to see). A fit that throws is a `failed` outcome, not a
 * rejection. The model is returned for pruned and complete trials; the caller owns and disposes it.
 * Depends only on its inputs, so the same trial gives the same outcome on the main thread or a worker.
 */
export async function runTrial(
  ds: PreparedDataset,
  trialParams: TrialParams,
  seed: number,
  completedCurves: number[][],
  onStep?: StepListener,
): Promise<{ outcome: TrialOutcome; model?: FittedModel }> {
  const curve: number[] = [];
  try {
    const { result, model } = await trainTrialKeepingModel(ds, trialParams, {
      seed,
      onStep: (_step, valLoss) => {
        curve.push(valLoss);
        onStep?.(curve.length, valLoss);
        return shouldPrune(curve, completedCurves) ? 'stop' : 'continue';
      },
    });
    const status = result.pruned ? 'pruned' : 'complete';
    return { outcome: { status, value: result.value, curve: result.curve, steps: result.steps }, model };
  } catch (err) {
    return { outcome: { status: 'failed', value: null, curve, steps: curve.length, error: (err as Error).message } };
  }
}
