import { withSpan } from '@alphapulse/telemetry';
import type * as TF from '@tensorflow/tfjs';
import { logLoss } from '../evaluation/classification-metrics.ts';
import { selectBackend } from './backend.ts';
import { type PreparedDataset, type SplitData, sequenceWindows } from './dataset.ts';
import { buildModel, inputWindow, normalizeParams } from './models.ts';
import { createRng, mixSeed, permutation } from './rng.ts';
import { TrainedModel } from './trained-model.ts';
import type { TrialParams } from './types.ts';

export type EpochDecision = 'continue' | 'stop';
/** Called after every epoch with the validation log loss; 'stop' prunes the trial (the caller may extend its job lock here). */
export type OnEpoch = (epoch: number, valLoss: number) => Promise<EpochDecision> | EpochDecision;

export interface TrainOptions {
  seed: number;
  onEpoch?: OnEpoch;
  /** Epochs without a validation improvement before early stopping (default 5). */
  patience?: number;
}

export interface TrialResult {
  /** Validation log loss per completed epoch. */
  curve: number[];
  /** Best validation log loss (the study's objective, lower is better). */
  value: number;
  pruned: boolean;
  epochs: number;
}

/** Model input for a split: rows, or sequence windows for sequence models. */
export function splitInput(ds: PreparedDataset, split: SplitData, params: TrialParams): Float32Array {
  return params.model === 'lstm' ? sequenceWindows(ds, split, inputWindow(params)) : split.x;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface FitOutcome {
  curve: number[];
  bestEpoch: number;
  bestLoss: number;
  pruned: boolean;
}

async function fitWithEarlyStopping(
  tf: typeof TF,
  model: TF.LayersModel,
  ds: PreparedDataset,
  params: TrialParams,
  opts: TrainOptions,
  shell: TrainedModel,
): Promise<FitOutcome> {
  const window = inputWindow(params);
  const f = ds.featureNames.length;
  const rowSize = window * f;
  const xTrain = splitInput(ds, ds.train, params);
  const xVal = splitInput(ds, ds.val, params);
  const yVal = ds.val.y;
  const n = ds.train.n;
  const batchSize = Math.min(params.batchSize, n);
  const rng = createRng(mixSeed(opts.seed, 0x5eed));
  const dropoutLayers = model.layers.filter((l) => l.getClassName() === 'Dropout') as Array<TF.layers.Layer & { seed?: number }>;
  const patience = opts.patience ?? 5;
  const curve: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = -1;
  let bestWeights: TF.Tensor[] | null = null;
  let pruned = false;
  const xb = new Float32Array(batchSize * rowSize);
  const yb = new Float32Array(batchSize);
  try {
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      const order = permutation(n, rng);
      for (let start = 0; start < n; start += batchSize) {
        const rows = Math.min(batchSize, n - start);
        for (let k = 0; k < rows; k++) {
          const r = order[start + k];
          xb.set(xTrain.subarray(r * rowSize, (r + 1) * rowSize), k * rowSize);
          yb[k] = ds.train.y[r];
        }
        // A fresh, reproducible dropout mask per step (a fixed layer seed would repeat the same mask).
        for (const layer of dropoutLayers) layer.seed = rng.int(2147483647);
        const xs =
          window > 1 || params.model === 'lstm'
            ? tf.tensor3d(xb.subarray(0, rows * rowSize), [rows, window, f])
            : tf.tensor2d(xb.subarray(0, rows * rowSize), [rows, f]);
        const ys = tf.tensor2d(yb.subarray(0, rows), [rows, 1]);
        try {
          await model.trainOnBatch(xs, ys);
        } finally {
          xs.dispose();
          ys.dispose();
        }
        await yieldToEventLoop();
      }
      const valLoss = logLoss(yVal, shell.predictProba(xVal));
      curve.push(valLoss);
      if (valLoss < best - 1e-6) {
        best = valLoss;
        bestEpoch = epoch;
        for (const t of bestWeights ?? []) t.dispose();
        bestWeights = model.getWeights().map((w) => w.clone());
      }
      if (opts.onEpoch && (await opts.onEpoch(epoch, valLoss)) === 'stop') {
        pruned = true;
        break;
      }
      if (epoch - bestEpoch >= patience) break;
      await yieldToEventLoop();
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    for (const t of bestWeights ?? []) t.dispose();
  }
  return { curve, bestEpoch, bestLoss: best, pruned };
}

/** One fit is one span (`fit mlp`): data shape, every epoch's validation loss as an event, the outcome. */
async function fit(
  ds: PreparedDataset,
  rawParams: TrialParams,
  opts: TrainOptions,
): Promise<{ model: TrainedModel; outcome: FitOutcome }> {
  const params = normalizeParams(rawParams);
  const { tf, name } = await selectBackend();
  const attributes = {
    'ml.model': params.model,
    'ml.backend': name,
    'ml.seed': opts.seed,
    'ml.train_rows': ds.train.n,
    'ml.val_rows': ds.val.n,
    'ml.features': ds.featureNames.length,
    'ml.max_epochs': params.epochs,
  };
  return withSpan(`fit ${params.model}`, attributes, async (span) => {
    const window = inputWindow(params);
    const layers = buildModel(tf, params, ds.featureNames.length, opts.seed);
    const trained = new TrainedModel(tf, layers, ds.scaler, ds.featureNames, {
      kind: params.model,
      params,
      backend: name,
      seed: opts.seed,
      featureSet: ds.featureSet,
      featureSetHash: ds.featureSetHash,
      window,
      bestEpoch: -1,
      valCurve: [],
    });
    const onEpoch: OnEpoch = (epoch, valLoss) => {
      span.addEvent('epoch', { 'ml.epoch': epoch, 'ml.val_log_loss': valLoss });
      return opts.onEpoch ? opts.onEpoch(epoch, valLoss) : 'continue';
    };
    try {
      const outcome = await fitWithEarlyStopping(tf, layers, ds, params, { ...opts, onEpoch }, trained);
      trained.meta.bestEpoch = outcome.bestEpoch;
      trained.meta.valCurve = outcome.curve;
      span.setAttributes({ 'ml.epochs': outcome.curve.length, 'ml.best_epoch': outcome.bestEpoch, 'ml.best_val_log_loss': outcome.bestLoss, 'ml.pruned': outcome.pruned });
      return { model: trained, outcome };
    } catch (err) {
      trained.dispose();
      throw err;
    }
  });
}

/**
 * One tuning trial: fits the params on the training window, scores every epoch on the validation window
 * (never the test window) and returns the validation curve and its best value. The model is disposed.
 * Stateless given its inputs: the same (dataset, params, seed) on the same backend gives the same curve.
 */
export async function trainTrial(ds: PreparedDataset, params: TrialParams, opts: TrainOptions): Promise<TrialResult> {
  const { model, result } = await trainTrialKeepingModel(ds, params, opts);
  model.dispose();
  return result;
}

/**
 * trainTrial that hands back the fitted model (best-epoch weights) instead of disposing it; the caller
 * owns it. The model is exactly what fitFinal(ds, params, {seed}) with the same seed produces.
 */
export async function trainTrialKeepingModel(
  ds: PreparedDataset,
  params: TrialParams,
  opts: TrainOptions,
): Promise<{ result: TrialResult; model: TrainedModel }> {
  const { model, outcome } = await fit(ds, params, opts);
  return {
    model,
    result: { curve: outcome.curve, value: outcome.bestLoss, pruned: outcome.pruned, epochs: outcome.curve.length },
  };
}

/**
 * The final model for the chosen params. It is refitted on the training window only and early-stopped on
 * the validation window (best-epoch weights restored), exactly as the trials were: validation stays
 * out of the fitted data so its loss still means what the tuner saw, at the price of not training on the
 * most recent 15% before test.
 */
export async function fitFinal(
  ds: PreparedDataset,
  params: TrialParams,
  opts: { seed: number; patience?: number },
): Promise<TrainedModel> {
  const { model } = await fit(ds, params, { seed: opts.seed, patience: opts.patience });
  return model;
}

/** Probabilities of a fitted model on one window of its dataset. */
export function predictSplit(model: TrainedModel, ds: PreparedDataset, split: SplitData): Float64Array {
  return model.predictProba(splitInput(ds, split, model.meta.params));
}
