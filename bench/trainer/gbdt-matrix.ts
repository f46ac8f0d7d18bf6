import { readFileSync, writeFileSync } from 'node:fs';
import { createRng } from '../../apps/trainer/src/ml/rng.ts';

/** One split of a dense feature matrix (row-major, NaN = missing) with 0/1 labels. */
export interface MatrixSplit {
  x: Float32Array;
  y: Uint8Array;
  n: number;
  f: number;
}

export interface BenchMatrix {
  name: string;
  featureNames: string[];
  train: MatrixSplit;
  val: MatrixSplit;
  test: MatrixSplit;
}

export const SYNTHETIC_FEATURES = 30;

/**
 * A tabular problem with signal a tree ensemble can find and a linear model only partly: 30 features
 * (20 Gaussian, 5 small integers, 5 heavy-tailed; 3 with missing values, one of them missing 20% of
 * the time and informative when missing), y ~ Bernoulli(sigmoid(logit)) with main effects, an
 * interaction, a sine, a step and a square. Float32 values, as a feature store would keep them.
 */
export function syntheticMatrix(rows: { train: number; val: number; test: number }, seed = 7): BenchMatrix {
  const rng = createRng(seed);
  const f = SYNTHETIC_FEATURES;
  const make = (n: number): MatrixSplit => {
    const x = new Float32Array(n * f);
    const y = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const o = r * f;
      for (let j = 0; j < 20; j++) x[o + j] = rng.normal();
      for (let j = 20; j < 25; j++) x[o + j] = rng.int(10);
      for (let j = 25; j < 30; j++) {
        const g = rng.normal();
        x[o + j] = g * Math.exp(0.8 * rng.normal());
      }
      if (rng.next() < 0.05) x[o + 3] = Number.NaN;
      if (rng.next() < 0.05) x[o + 7] = Number.NaN;
      if (rng.next() < 0.2) x[o + 25] = Number.NaN;
      const v = (j: number) => (Number.isNaN(x[o + j]) ? 0 : x[o + j]);
      const logit =
        0.6 * v(0) -
        0.5 * v(1) +
        0.8 * v(2) * v(3) +
        Math.sin(1.5 * v(4)) +
        (v(20) > 5 ? 0.5 : -0.2) +
        0.3 * v(5) * v(5) -
        0.3 +
        (Number.isNaN(x[o + 25]) ? 0.6 : 0.15 * Math.max(-3, Math.min(3, v(25)))) +
        0.3 * v(7) +
        0.2 * v(21) * (v(6) > 0 ? 1 : -1) * 0.2;
      y[r] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }
    return { x, y, n, f };
  };
  return {
    name: `synthetic ${rows.train}+${rows.val}+${rows.test} rows × ${f} features`,
    featureNames: Array.from({ length: f }, (_, j) => `x${j}`),
    train: make(rows.train),
    val: make(rows.val),
    test: make(rows.test),
  };
}

/**
 * Writes the matrix for bench/trainer/gbdt_xgb.py: `<prefix>.json` (shapes) and raw little-endian
 * `<prefix>.<split>.x.f32` (row-major float32) and `<prefix>.<split>.y.u8`.
 */
export function writeMatrix(prefix: string, m: BenchMatrix): void {
  const shapes: Record<string, { n: number; f: number }> = {};
  for (const split of ['train', 'val', 'test'] as const) {
    const s = m[split];
    shapes[split] = { n: s.n, f: s.f };
    writeFileSync(`${prefix}.${split}.x.f32`, Buffer.from(s.x.buffer, s.x.byteOffset, s.x.byteLength));
    writeFileSync(`${prefix}.${split}.y.u8`, Buffer.from(s.y.buffer, s.y.byteOffset, s.y.byteLength));
  }
  writeFileSync(`${prefix}.json`, JSON.stringify({ name: m.name, features: m.featureNames, shapes }));
}

/** Reads what writeMatrix wrote. */
export function readMatrix(prefix: string): BenchMatrix {
  const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as {
    name: string;
    features: string[];
    shapes: Record<'train' | 'val' | 'test', { n: number; f: number }>;
  };
  const read = (split: 'train' | 'val' | 'test'): MatrixSplit => {
    const { n, f } = meta.shapes[split];
    const xb = readFileSync(`${prefix}.${split}.x.f32`);
    const x = new Float32Array(n * f);
    new Uint8Array(x.buffer).set(xb.subarray(0, 4 * n * f));
    const y = Uint8Array.from(readFileSync(`${prefix}.${split}.y.u8`));
    if (xb.length !== 4 * n * f || y.length !== n) throw new Error(`${prefix}.${split}: sizes do not match ${n} × ${f}`);
    return { x, y, n, f };
  };
  return { name: meta.name, featureNames: meta.features, train: read('train'), val: read('val'), test: read('test') };
}
