import type * as TF from '@tensorflow/tfjs';
import { InvalidParamsError } from './errors.ts';
import { mixSeed } from './rng.ts';
import type { TrialParams } from './types.ts';

/** Sequence length the model reads: the params' window for sequence models, 1 otherwise. */
export function inputWindow(params: TrialParams): number {
  return params.model === 'lstm' ? (params.window ?? 10) : 1;
}

/**
 * Params with numeric fields coerced from strings (JSON round trips) and the fields the model kind does
 * not use removed; validated (InvalidParamsError naming the field).
 */
export function normalizeParams(p: TrialParams | Record<string, unknown>): TrialParams {
  const raw = p as Record<string, unknown>;
  const model = String(raw.model) as TrialParams['model'];
  const num = (k: string) => (raw[k] === undefined || raw[k] === null ? undefined : Number(raw[k]));
  const out: TrialParams = {
    model,
    learningRate: Number(raw.learningRate),
    batchSize: Number(raw.batchSize),
    epochs: Number(raw.epochs),
    l2: Number(raw.l2 ?? 0),
    ...(model !== 'logistic' ? { dropout: num('dropout') ?? 0 } : {}),
    ...(model === 'mlp' ? { layers: num('layers'), units: num('units') } : {}),
    ...(model === 'lstm' ? { units: num('units'), window: num('window') } : {}),
  };
  validateParams(out);
  return out;
}

/** Rejects params a model cannot be built from, naming the field. */
export function validateParams(params: TrialParams): void {
  const need = (ok: boolean, field: string, value: unknown) => {
    if (!ok) throw new InvalidParamsError(`params.${field} is ${JSON.stringify(value)}: out of range`);
  };
  need(['logistic', 'mlp', 'lstm'].includes(params.model), 'model', params.model);
  need(params.learningRate > 0 && params.learningRate < 1, 'learningRate', params.learningRate);
  need(Number.isInteger(params.batchSize) && params.batchSize >= 1, 'batchSize', params.batchSize);
  need(Number.isInteger(params.epochs) && params.epochs >= 1, 'epochs', params.epochs);
  need(params.l2 >= 0, 'l2', params.l2);
  need(params.dropout === undefined || (params.dropout >= 0 && params.dropout < 1), 'dropout', params.dropout);
  if (params.model === 'mlp') {
    need(Number.isInteger(params.layers) && (params.layers ?? 0) >= 1, 'layers', params.layers);
    need(Number.isInteger(params.units) && (params.units ?? 0) >= 1, 'units', params.units);
  }
  if (params.model === 'lstm') {
    need(Number.isInteger(params.units) && (params.units ?? 0) >= 1, 'units', params.units);
    need(Number.isInteger(params.window) && (params.window ?? 0) >= 1, 'window', params.window);
  }
}

/**
 * A compiled binary classifier (sigmoid output, binary cross-entropy, Adam) for the params, with every
 * initializer and dropout layer seeded from `seed`.
 */
export function buildModel(tf: typeof TF, params: TrialParams, featureCount: number, seed: number): TF.LayersModel {
  validateParams(params);
  const l2 = params.l2 > 0 ? tf.regularizers.l2({ l2: params.l2 }) : undefined;
  const model = tf.sequential();
  let layerSeed = 0;
  const nextSeed = () => mixSeed(seed, ++layerSeed) % 2147483647;
  /** The probability head every model ends with. */
  const sigmoidOutput = () =>
    tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), kernelRegularizer: l2 });
  if (params.model === 'logistic') {
    model.add(
      tf.layers.dense({
        units: 1,
        activation: 'sigmoid',
        inputShape: [featureCount],
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
        kernelRegularizer: l2,
      }),
    );
  } else if (params.model === 'mlp') {
    for (let i = 0; i < (params.layers ?? 1); i++) {
      model.add(
        tf.layers.dense({
          units: params.units ?? 16,
          activation: 'relu',
          ...(i === 0 ? { inputShape: [featureCount] } : {}),
          kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
          kernelRegularizer: l2,
        }),
      );
      if ((params.dropout ?? 0) > 0) model.add(tf.layers.dropout({ rate: params.dropout ?? 0, seed: nextSeed() }));
    }
    model.add(sigmoidOutput());
  } else {
    model.add(
      tf.layers.lstm({
        units: params.units ?? 16,
        inputShape: [params.window ?? 10, featureCount],
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
        recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed() }),
        kernelRegularizer: l2,
      }),
    );
    if ((params.dropout ?? 0) > 0) model.add(tf.layers.dropout({ rate: params.dropout ?? 0, seed: nextSeed() }));
    model.add(sigmoidOutput());
  }
  model.compile({ optimizer: tf.train.adam(params.learningRate), loss: 'binaryCrossentropy' });
  return model;
}
