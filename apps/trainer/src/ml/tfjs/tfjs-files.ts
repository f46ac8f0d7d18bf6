import type * as TF from '@tensorflow/tfjs';
import { ModelArtifactError } from '../errors.ts';

/** The network's own files: tfjs `model.json` (topology + manifest pointing at `weights.bin`) and `weights.bin`. */
export const TFJS_FILES = ['model.json', 'weights.bin'] as const;

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

export async function serializeLayers(tf: typeof TF, layers: TF.LayersModel): Promise<Record<string, Buffer>> {
  let captured: TF.io.ModelArtifacts | null = null;
  await layers.save(
    tf.io.withSaveHandler(async (artifacts) => {
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
  return {
    'model.json': Buffer.from(`${JSON.stringify(modelJson, null, 2)}\n`),
    'weights.bin': Buffer.from(toArrayBuffer(artifacts.weightData)),
  };
}

export async function loadLayers(tf: typeof TF, files: Record<string, Buffer>): Promise<TF.LayersModel> {
  const json = files['model.json'];
  const weights = files['weights.bin'];
  if (!json) throw new ModelArtifactError('model artifact model.json is missing');
  if (!weights) throw new ModelArtifactError('model artifact weights.bin is missing');
  let modelJson: { modelTopology: object; weightsManifest: Array<{ weights: TF.io.WeightsManifestEntry[] }> };
  try {
    modelJson = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new ModelArtifactError(`model artifact model.json is not valid JSON: ${(err as Error).message}`);
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
}
