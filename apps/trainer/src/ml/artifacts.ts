import type * as TF from '@tensorflow/tfjs';
import { selectBackend } from './backend.ts';
import { ModelArtifactError } from './errors.ts';
import type { Scaler } from './scaler.ts';
import { type ModelMeta, TrainedModel } from './trained-model.ts';

export const ARTIFACT_FILES = ['model.json', 'weights.bin', 'scaler.json', 'features.json', 'meta.json'] as const;

function toArrayBuffer(data: TF.io.WeightData | undefined): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  if (Array.isArray(data)) {
    const total = data.reduce((s, b) => s + b.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of data) {
      out.set(new Uint8Array(b), offset);
      offset += b.byteLength;
    }
    return out.buffer;
  }
  return data as ArrayBuffer;
}

/**
 * The model as files: tfjs `model.json` (topology + weights manifest pointing at `weights.bin`),
 * `weights.bin`, `scaler.json`, `features.json` and `meta.json` {kind, params, backend, seed,
 * featureSetHash, window, ...}. Keys are file names, ready for `models/<runId>/<name>`.
 */
export async function serializeModel(model: TrainedModel): Promise<Record<string, Buffer>> {
  let captured: TF.io.ModelArtifacts | null = null;
  await model.model.save(
    model.tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as TF.io.ModelArtifacts | null;
  if (!artifacts) throw new ModelArtifactError('tfjs save handler was not called');
  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
  };
  const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`);
  return {
    'model.json': json(modelJson),
    'weights.bin': Buffer.from(toArrayBuffer(artifacts.weightData)),
    'scaler.json': json(model.scaler),
    'features.json': json(model.featureNames),
    'meta.json': json(model.meta),
  };
}

function parse<T>(files: Record<string, Buffer>, name: string): T {
  const buf = files[name];
  if (!buf) throw new ModelArtifactError(`model artifact ${name} is missing`);
  try {
    return JSON.parse(buf.toString('utf8')) as T;
  } catch (err) {
    throw new ModelArtifactError(`model artifact ${name} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Loads files written by serializeModel back into a model that predicts as the original did. */
export async function loadModel(files: Record<string, Buffer>): Promise<TrainedModel> {
  const { tf } = await selectBackend();
  const modelJson = parse<{ modelTopology: object; weightsManifest: Array<{ weights: TF.io.WeightsManifestEntry[] }> }>(
    files,
    'model.json',
  );
  const scaler = parse<Scaler>(files, 'scaler.json');
  const featureNames = parse<string[]>(files, 'features.json');
  const meta = parse<ModelMeta>(files, 'meta.json');
  const weights = files['weights.bin'];
  if (!weights) throw new ModelArtifactError('model artifact weights.bin is missing');
  if (!Array.isArray(featureNames) || scaler.mean?.length !== featureNames.length || scaler.sd?.length !== featureNames.length) {
    throw new ModelArtifactError('scaler.json and features.json disagree on the number of features');
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const layers = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
  return new TrainedModel(tf, layers, scaler, featureNames, meta);
}
