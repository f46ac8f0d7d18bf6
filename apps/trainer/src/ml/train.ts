import { withSpan } from '@alphapulse/telemetry';
import type { PreparedDataset, SplitData } from './dataset.ts';
import { familyOf, normalizeParams } from './families.ts';
import type { FitOptions, FittedModel } from './model.ts';
import type { TrialParams } from './types.ts';

export interface TrialResult {
  /** Validation log loss per completed step (epoch or boosting round). */
  curve: number[];
  /** Best validation log loss (the study's objective, lower is better). */
  value: number;
  pruned: boolean;
  steps: number;
}

/**
 * One tuning trial: fits the params on the training window, scores every step on the validation window
 * (never the test window) and returns the validation curve and its best value. The model is disposed.
 * Stateless given its inputs: the same (dataset, params, seed) on the same engine gives the same curve.
 */
export async function trainTrial(ds: PreparedDataset, params: TrialParams, opts: FitOptions): Promise<TrialResult> {
  const { model, result } = await trainTrialKeepingModel(ds, params, opts);
  model.dispose();
  return result;
}

/**
 * trainTrial that hands back the fitted model (best-step state) instead of disposing it; the caller
 * owns it. The model is exactly what fitFinal(ds, params, {seed}) with the same seed produces.
 */
export async function trainTrialKeepingModel(
  ds: PreparedDataset,
  params: TrialParams,
  opts: FitOptions,
): Promise<{ result: TrialResult; model: FittedModel }> {
  const normalized = normalizeParams(params);
  const family = await familyOf(normalized.model);
  // One fit is one span (`fit mlp`): data shape, every step's validation loss as an event, the outcome.
  const attributes = { 'ml.model': normalized.model, 'ml.seed': opts.seed, 'ml.train_rows': ds.train.n, 'ml.val_rows': ds.val.n, 'ml.features': ds.featureNames.length };
  const outcome = await withSpan(`fit ${normalized.model}`, attributes, async (span) => {
    const fitted = await family.fit(ds, normalized, {
      ...opts,
      onStep: (step, valLoss) => {
        span.addEvent('step', { 'ml.step': step, 'ml.val_log_loss': valLoss });
        return opts.onStep ? opts.onStep(step, valLoss) : 'continue';
      },
    });
    span.setAttributes({ 'ml.engine': fitted.model.meta.engine, 'ml.steps': fitted.curve.length, 'ml.best_step': fitted.bestStep, 'ml.best_val_log_loss': fitted.bestLoss, 'ml.pruned': fitted.pruned });
    return fitted;
  });
  return {
    model: outcome.model,
    result: { curve: outcome.curve, value: outcome.bestLoss, pruned: outcome.pruned, steps: outcome.curve.length },
  };
}

/**
 * The final model for the chosen params, refitted on the training window only and early-stopped on
 * the validation window exactly as the trials were: with the winning trial's seed it IS the trial
 * that won. Validation stays out of the fitted data so its loss still means what the tuner saw.
 */
export async function fitFinal(ds: PreparedDataset, params: TrialParams, opts: { seed: number; patience?: number }): Promise<FittedModel> {
  const { model } = await trainTrialKeepingModel(ds, params, { seed: opts.seed, patience: opts.patience });
  return model;
}

/** Probabilities of a fitted model on one window of its dataset, read through the model's own scaler. */
export function predictSplit(model: FittedModel, ds: PreparedDataset, split: SplitData): Float64Array {
  return model.predictFrame(ds.frame, split.sourceRow);
}
