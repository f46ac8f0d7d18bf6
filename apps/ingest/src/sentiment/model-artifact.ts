import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureSpec } from './feature-hashing.ts';
import type { SoftmaxWeights } from './softmax-weights.ts';

export const ARTIFACT_FORMAT = 'alphapulse-finance-sentiment';

/**
 * How the finance lexicon is blended in: its score s of the headline becomes two features,
 * max(s, 0) and max(−s, 0), times `weight`. 'phrases' is the full lexicon scorer (phrases, clauses,
 * negation); 'words' only its word table with the tokeniser's negation (cheaper); 'none' no blend.
 */
export type LexiconBlend = 'none' | 'words' | 'phrases';
export interface BlendSpec {
  lexicon: LexiconBlend;
  weight: number;
}

/** The JSON half of the artifact: everything but the weights. */
export interface ModelMeta {
  format: typeof ARTIFACT_FORMAT;
  /** Bumped whenever a retrained model is committed; the feature set's daily_sentiment codeVersion follows it. */
  version: number;
  features: FeatureSpec;
  blend: BlendSpec;
  bias: number[];
  temperature: number;
  /** Words known to the model (seen in training or in the lexicon), for the English check. */
  vocabulary: string[];
  weightsFile: string;
  weightsSha256: string;
  /** Free-form provenance: data, seed, selection, figures on the tuning split. */
  training: Record<string, unknown>;
}

export interface LoadedModel {
  meta: ModelMeta;
  weights: SoftmaxWeights;
}

/** An artifact that is missing, truncated, or does not match its checksum. */
export class ModelArtifactError extends Error {
  override name = 'ModelArtifactError';
}

/**
 * Weights file: "APFS" magic, u32 version 1, u32 rows, u32 stored rows, f32 scale; then the stored
 * rows' indices as LEB128 deltas; then 3 int16 weights per stored row (weight = int16 × scale).
 * Only rows with a non-zero weight are stored; int16 keeps 4–5 significant digits, more than the
 * model's own noise.
 */
const MAGIC = 0x53465041; // "APFS" little-endian

export function encodeWeights(w: SoftmaxWeights): Buffer {
  const stored: number[] = [];
  let maxAbs = 0;
  for (let r = 0; r < w.rows; r++) {
    const o = r * 3;
    if (w.weights[o] !== 0 || w.weights[o + 1] !== 0 || w.weights[o + 2] !== 0) {
      stored.push(r);
      for (let c = 0; c < 3; c++) maxAbs = Math.max(maxAbs, Math.abs(w.weights[o + c]));
    }
  }
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const deltas: number[] = [];
  let previous = -1;
  for (const r of stored) {
    let d = r - previous - 1;
    previous = r;
    while (d >= 0x80) {
      deltas.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    deltas.push(d);
  }
  const header = Buffer.alloc(20);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(w.rows, 8);
  header.writeUInt32LE(stored.length, 12);
  header.writeFloatLE(scale, 16);
  const values = Buffer.alloc(stored.length * 6);
  stored.forEach((r, i) => {
    for (let c = 0; c < 3; c++) values.writeInt16LE(Math.round(w.weights[r * 3 + c] / scale), i * 6 + c * 2);
  });
  return Buffer.concat([header, Buffer.from(deltas), values]);
}

export function decodeWeights(bytes: Buffer, bias: number[], temperature: number): SoftmaxWeights {
  if (bytes.length < 20 || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== 1) throw new ModelArtifactError('weights file: bad magic or version');
  const rows = bytes.readUInt32LE(8);
  const count = bytes.readUInt32LE(12);
  const scale = bytes.readFloatLE(16);
  const weights = new Float32Array(rows * 3);
  let at = 20;
  const indices = new Uint32Array(count);
  let previous = -1;
  for (let i = 0; i < count; i++) {
    let d = 0;
    let shift = 0;
    let byte: number;
    do {
      if (at >= bytes.length) throw new ModelArtifactError('weights file: truncated index table');
      byte = bytes[at++];
      d += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    previous += d + 1;
    if (previous >= rows) throw new ModelArtifactError('weights file: row index out of range');
    indices[i] = previous;
  }
  if (bytes.length !== at + count * 6) throw new ModelArtifactError(`weights file: expected ${at + count * 6} bytes, found ${bytes.length}`);
  const values = new Int16Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + count * 6));
  for (let i = 0; i < count; i++) {
    const o = indices[i] * 3;
    weights[o] = values[i * 3] * scale;
    weights[o + 1] = values[i * 3 + 1] * scale;
    weights[o + 2] = values[i * 3 + 2] * scale;
  }
  return { rows, weights, bias: Float64Array.from(bias), temperature };
}

/** Writes `<file>.json` and its weights file beside it; returns both paths. */
export function writeModelArtifact(file: string, meta: Omit<ModelMeta, 'weightsFile' | 'weightsSha256' | 'bias' | 'temperature'>, weights: SoftmaxWeights): { json: string; weights: string } {
  const bytes = encodeWeights(weights);
  const weightsPath = file.replace(/\.json$/, '.weights.bin');
  const full: ModelMeta = {
    ...meta,
    bias: [...weights.bias],
    temperature: weights.temperature,
    weightsFile: path.basename(weightsPath),
    weightsSha256: createHash('sha256').update(bytes).digest('hex'),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(weightsPath, bytes);
  writeFileSync(file, `${JSON.stringify(full, null, 1)}\n`);
  return { json: file, weights: weightsPath };
}

/** Reads and checks an artifact written by writeModelArtifact. */
export function readModelArtifact(file: string): LoadedModel {
  let meta: ModelMeta;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8')) as ModelMeta;
  } catch (err) {
    throw new ModelArtifactError(`${file}: ${(err as Error).message}`);
  }
  if (meta.format !== ARTIFACT_FORMAT) throw new ModelArtifactError(`${file}: not a finance sentiment model (format ${String(meta.format)})`);
  const weightsPath = path.join(path.dirname(file), meta.weightsFile);
  let bytes: Buffer;
  try {
    bytes = readFileSync(weightsPath);
  } catch (err) {
    throw new ModelArtifactError(`${weightsPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== meta.weightsSha256) throw new ModelArtifactError(`${weightsPath}: checksum ${sha} does not match the model's ${meta.weightsSha256}`);
  return { meta, weights: decodeWeights(bytes, meta.bias, meta.temperature) };
}
