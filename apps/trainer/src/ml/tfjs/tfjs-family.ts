import type * as TF from '@tensorflow/tfjs';
import { logLoss } from '../../evaluation/classification-metrics.ts';
import { type PreparedDataset, type SplitData, sequenceWindows } from '../dataset.ts';
import type { FitOptions, FitOutcome, ModelFamily, ModelMeta } from '../model.ts';
import { createRng, mixSeed, permutation } from '../rng.ts';
import type { Scaler } from '../scaler.ts';
import type { TrialParams } from '../types.ts';
import { selectBackend } from './backend.ts';
import { buildLayers } from './layers.ts';
import { loadLayers } from './tfjs-files.ts';
import { TfjsModel } from './tfjs-model.ts';
import { normalizeTfjsParams, type TfjsParams, tfjsWindow } from './tfjs-params.ts';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Model input of a split: rows, or sequence windows for sequence models (scaled with the dataset's scaler). */
function splitInput(ds: PreparedDataset, split: SplitData, params: TfjsParams): Float32Array {
  return params.model === 'lstm' ? sequenceWindows(ds, split, tfjsWindow(params)) : split.x;
}

/**
 * Mini-batch Adam on the training window, one validation log loss per epoch, early stopping with the
 * best epoch's weights restored. Yields to the event loop after every batch, so a BullMQ worker keeps
 * renewing its lock while a long fit runs.
 */
async function fitWithEarlyStopping(
  tf: typeof TF,
  shell: TfjsModel,
  ds: PreparedDataset,
  params: TfjsParams,
  opts: FitOptions,
): Promise<Omit<FitOutcome, 'model'>> {
  const model = shell.layers;
  const window = tfjsWindow(params);
  const f = ds.featureNames.length;
  const rowSize = window * f;
  const xTrain = splitInput(ds, ds.train, params);
  const xVal = splitInput(ds, ds.val, params);
  const n = ds.train.n;
  const batchSize = Math.min(params.batchSize, n);
  const rng = createRng(mixSeed(opts.seed, 0x5eed));
  const dropoutLayers = model.layers.filter((l) => l.getClassName() === 'Dropout') as Array<TF.layers.Layer & { seed?: number }>;
  const patience = opts.patience ?? 5;
  const curve: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestStep = -1;
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
      const valLoss = logLoss(ds.val.y, shell.predictScaled(xVal));
      curve.push(valLoss);
      if (valLoss < best - 1e-6) {
        best = valLoss;
        bestStep = epoch;
        for (const t of bestWeights ?? []) t.dispose();
        bestWeights = model.getWeights().map((w) => w.clone());
      }
      if (opts.onStep && (await opts.onStep(epoch, valLoss)) === 'stop') {
        pruned = true;
        break;
      }
      if (epoch - bestStep >= patience) break;
      await yieldToEventLoop();
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    for (const t of bestWeights ?? []) t.dispose();
  }
  return { curve, bestStep, bestLoss: best, pruned };
}

/** The TensorFlow.js families: logistic regression, MLP and LSTM on the backend selectBackend picked. */
export const tfjsFamily: ModelFamily = {
  async fit(ds: PreparedDataset, rawParams: TrialParams, opts: FitOptions): Promise<FitOutcome> {
    const params = normalizeTfjsParams(rawParams);
    const { tf, name } = await selectBackend();
    const layers = buildLayers(tf, params, ds.featureNames.length, opts.seed);
    const model = new TfjsModel(tf, layers, ds.scaler, ds.featureNames, {
      kind: params.model,
      params,
      seed: opts.seed,
      featureSet: ds.featureSet,
      featureSetHash: ds.featureSetHash,
      window: tfjsWindow(params),
      bestStep: -1,
      valCurve: [],
      engine: name,
    });
    try {
      const outcome = await fitWithEarlyStopping(tf, model, ds, params, opts);
      model.meta.bestStep = outcome.bestStep;
      model.meta.valCurve = outcome.curve;
      return { model, ...outcome };
    } catch (err) {
      model.dispose();
      throw err;
    }
  },

  async load(files: Record<string, Buffer>, meta: ModelMeta, scaler: Scaler, featureNames: string[]) {
    const { tf } = await selectBackend();
    return new TfjsModel(tf, await loadLayers(tf, files), scaler, featureNames, meta);
  },
};
