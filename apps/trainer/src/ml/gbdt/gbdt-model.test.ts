import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, ModelArtifactError } from '../errors.ts';
import { fitGbdt } from './fit-gbdt.ts';
import { GbdtModel } from './gbdt-model.ts';
import { interactionProblem, sliceRows } from './testing.ts';

const data = interactionProblem(3000, 8, 3);
for (let r = 0; r < data.n; r += 7) data.x[r * data.f + 1] = Number.NaN;
const train = sliceRows(data, 0, 2000);
const val = sliceRows(data, 2000, 2500);
const test = sliceRows(data, 2500, 3000);
let model: GbdtModel;

beforeAll(async () => {
  model = await fitGbdt(
    train,
    val,
    {
      learningRate: 0.2,
      maxDepth: 5,
      minChildWeight: 1,
      subsample: 0.9,
      colsampleByTree: 0.8,
      lambda: 1,
      gamma: 0.1,
      rounds: 100,
      earlyStoppingRounds: 10,
      maxBins: 64,
    },
    { seed: 5 },
  );
});

describe('GbdtModel artifact', () => {
  it('round-trips to identical predictions, params, curve and the same bytes', () => {
    const bytes = model.toBytes();
    const loaded = GbdtModel.fromBytes(bytes);
    const a = model.predictProba(test.x, test.n);
    const b = loaded.predictProba(test.x, test.n);
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(loaded.params).toEqual(model.params);
    expect(loaded.valCurve).toEqual(model.valCurve);
    expect([loaded.bestIteration, loaded.roundsUsed, loaded.treeCount]).toEqual([
      model.bestIteration,
      model.roundsUsed,
      model.treeCount,
    ]);
    expect(loaded.importances()).toEqual(model.importances());
    expect(loaded.toBytes().equals(bytes)).toBe(true);
    // A copy at an odd offset inside a larger buffer reads the same.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(GbdtModel.fromBytes(shifted.subarray(3)).toBytes().equals(bytes)).toBe(true);
  });

  it('is compact: a JSON header and 33 bytes a node', () => {
    const bytes = model.toBytes();
    const nodes = model.treeCount * 2 ** 6; // an upper bound: depth 5 has at most 63 nodes a tree
    expect(bytes.length).toBeLessThan(4096 + 33 * nodes + 4 * (model.treeCount + 1));
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + bytes.readUInt32LE(4)));
    expect(header).toMatchObject({ format: 'alphapulse-gbdt', version: 1, nFeatures: 5, trees: model.treeCount });
  });

  it.each([
    [
      'another magic',
      (b: Buffer) => {
        b.write('XXXX', 0, 'latin1');
        return b;
      },
      'no "APGB" magic',
    ],
    ['a truncated buffer', (b: Buffer) => b.subarray(0, b.length - 1), 'bytes, expected'],
    [
      'a header length past the end',
      (b: Buffer) => {
        b.writeUInt32LE(b.length, 4);
        return b;
      },
      'overruns',
    ],
    ['a child pointing back to its parent', (b: Buffer) => pointFirstChildAtItself(b), 'children outside tree'],
    ['an unknown format version', (b: Buffer) => rewriteHeader(b, (h) => ({ ...h, version: 2 })), 'version 2'],
    ['a feature index out of range', (b: Buffer) => rewriteHeader(b, (h) => ({ ...h, nFeatures: 1 })), 'splits on feature'],
  ])('refuses %s with ModelArtifactError', (_, corrupt, message) => {
    const bad = corrupt(Buffer.from(model.toBytes()));
    expect(() => GbdtModel.fromBytes(bad)).toThrow(
      expect.objectContaining({ name: ModelArtifactError.name, message: expect.stringContaining(message) }),
    );
  });
});

describe('GbdtModel prediction and importances', () => {
  it('names importances after the given features and counts every kept split once', () => {
    const imp = model.importances(['a', 'b', 'c', 'd', 'e']);
    expect(imp.features).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(imp.splits.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
    expect(imp.gain.every((g, j) => g >= 0 && g > 0 === imp.splits[j] > 0)).toBe(true);
    expect(() => model.importances(['a'])).toThrow(DatasetError);
  });

  it('refuses a matrix of the wrong width or with ±Infinity', () => {
    expect(() => model.predictProba(new Float64Array(7), 2)).toThrow(expect.objectContaining({ name: DatasetError.name }));
    const x = Float64Array.from(test.x.subarray(0, 5));
    x[3] = Number.NEGATIVE_INFINITY;
    expect(() => model.predictProba(x, 1)).toThrow('x[row 0, feature 3] is -Infinity');
  });

  it('predicts probabilities in (0, 1) that are sigmoid(margin), NaN rows included', () => {
    const x = Float64Array.from(test.x.subarray(0, 50));
    x.fill(Number.NaN, 0, 5);
    const p = model.predictProba(x, 10);
    const m = model.predictMargin(x, 10);
    for (let i = 0; i < 10; i++) {
      expect(p[i]).toBeGreaterThan(0);
      expect(p[i]).toBeLessThan(1);
      expect(p[i]).toBe(1 / (1 + Math.exp(-m[i])));
    }
  });
});

/** Points the first internal node's left child at itself. */
function pointFirstChildAtItself(b: Buffer): Buffer {
  const headerLength = b.readUInt32LE(4);
  const header = JSON.parse(b.toString('utf8', 8, 8 + headerLength));
  const at = (8 + headerLength + 7) & ~7;
  const feature = at + 4 * (header.trees + 1);
  const left = feature + 4 * header.nodes;
  for (let i = 0; i < header.nodes; i++) {
    if (b.readInt32LE(feature + 4 * i) >= 0) {
      b.writeInt32LE(i, left + 4 * i);
      return b;
    }
  }
  throw new Error('no internal node');
}

/** The same arrays under a rewritten header (re-aligned). */
function rewriteHeader(b: Buffer, edit: (h: Record<string, unknown>) => Record<string, unknown>): Buffer {
  const headerLength = b.readUInt32LE(4);
  const header = JSON.parse(b.toString('utf8', 8, 8 + headerLength));
  const body = b.subarray((8 + headerLength + 7) & ~7);
  const json = Buffer.from(JSON.stringify(edit(header)));
  const at = (8 + json.length + 7) & ~7;
  const out = Buffer.alloc(at + body.length);
  out.write('APGB', 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  body.copy(out, at);
  return out;
}
