import type * as TF from '@tensorflow/tfjs';
import { mixSeed } from '../rng.ts';
import { type TfjsParams, validateTfjsParams } from './tfjs-params.ts';

/**
 * A compiled binary classifier (sigmoid output, binary cross-entropy, Adam) for the params, with every
 * initializer and dropout layer seeded from `seed`.
 */
export function buildLayers(tf: typeof TF, params: TfjsParams, featureCount: number, seed: number): TF.LayersModel {
  validateTfjsParams(params);
  const l2 = params.l2 > 0 ? tf.regularizers.l2({ l2: params.l2 }) : undefined;
  const model = tf.sequential();
  let layerSeed = 0;
  const nextSeed = () => mixSeed(seed, ++layerSeed) % 2147483647;
  /** The probability head every model ends with. */
  const sigmoidOutput = () =>
    tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), kernelRegularizer: l2 });
  if (params.model === 'mlp') {
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
