import { ModelArtifactError } from '../errors.ts';
import { type ResolvedGbdtParams, resolveGbdtParams } from './params.ts';
import type { TreeArrays } from './tree-ensemble.ts';

/** Everything a fitted model is: what `toBytes` writes and `fromBytes` reads back. */
export interface GbdtModelState {
  nFeatures: number;
  baseMargin: number;
  params: ResolvedGbdtParams;
  bestIteration: number;
  roundsUsed: number;
  valCurve: number[];
  trees: TreeArrays;
}

const MAGIC = 'APGB';
const FORMAT = 'alphapulse-gbdt';
const VERSION = 1;

interface Header extends Omit<GbdtModelState, 'trees'> {
  format: string;
  version: number;
  trees: number;
  nodes: number;
}

const align8 = (x: number) => (x + 7) & ~7;

/** Byte size of the array sections after the (8-aligned) header, and where each starts. */
function sections(trees: number, nodes: number, at: number) {
  const treeStarts = at;
  const feature = treeStarts + 4 * (trees + 1);
  const left = feature + 4 * nodes;
  const threshold = align8(left + 4 * nodes);
  const value = threshold + 8 * nodes;
  const gain = value + 8 * nodes;
  const defaultLeft = gain + 8 * nodes;
  return { treeStarts, feature, left, threshold, value, gain, defaultLeft, end: defaultLeft + nodes };
}

/**
 * The binary artifact: "APGB", a little-endian u32 header length, a UTF-8 JSON header (format, version,
 * feature count, base margin, params, best iteration, rounds used, validation curve, tree and node
 * counts), zero padding to 8 bytes, then little-endian arrays: treeStarts i32[trees+1], feature,
 * left i32[nodes] (the right child is left + 1), padding, threshold, value, gain f64[nodes],
 * defaultLeft u8[nodes].
 * The same state always gives the same bytes.
 */
export function encodeModel(s: GbdtModelState): Buffer {
  const t = s.trees;
  const trees = t.treeStarts.length - 1;
  const nodes = t.feature.length;
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    nFeatures: s.nFeatures,
    baseMargin: s.baseMargin,
    params: s.params,
    bestIteration: s.bestIteration,
    roundsUsed: s.roundsUsed,
    valCurve: s.valCurve,
    trees,
    nodes,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const at = align8(8 + json.length);
  const o = sections(trees, nodes, at);
  const buf = Buffer.alloc(o.end);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(json.length, 4);
  json.copy(buf, 8);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i <= trees; i++) dv.setInt32(o.treeStarts + 4 * i, t.treeStarts[i], true);
  for (let i = 0; i < nodes; i++) {
    dv.setInt32(o.feature + 4 * i, t.feature[i], true);
    dv.setInt32(o.left + 4 * i, t.left[i], true);
    dv.setFloat64(o.threshold + 8 * i, t.threshold[i], true);
    dv.setFloat64(o.value + 8 * i, t.value[i], true);
    dv.setFloat64(o.gain + 8 * i, t.gain[i], true);
    dv.setUint8(o.defaultLeft + i, t.defaultLeft[i]);
  }
  return buf;
}

/** Reads `encodeModel`'s bytes back; throws ModelArtifactError saying what is wrong with them. */
export function decodeModel(bytes: Uint8Array): GbdtModelState {
  const bad = (why: string): never => {
    throw new ModelArtifactError(`gbdt model bytes: ${why}`);
  };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) bad(`not a gbdt model (no "${MAGIC}" magic)`);
  const headerLength = buf.readUInt32LE(4);
  if (8 + headerLength > buf.length) bad(`header of ${headerLength} bytes overruns the ${buf.length}-byte buffer`);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 8, 8 + headerLength)) as Header;
  } catch (err) {
    return bad(`header is not JSON (${(err as Error).message})`);
  }
  if (header.format !== FORMAT || header.version !== VERSION)
    bad(`format ${header.format} version ${header.version}, expected ${FORMAT} version ${VERSION}`);
  const { trees, nodes, nFeatures } = header;
  const isCount = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
  if (!isCount(trees, 1) || !isCount(nodes, trees) || !isCount(nFeatures, 1)) bad('trees, nodes or nFeatures invalid');
  if (!Number.isFinite(header.baseMargin)) bad('baseMargin is not a finite number');
  if (!isCount(header.roundsUsed, trees) || header.bestIteration !== trees - 1)
    bad(`bestIteration ${header.bestIteration} / roundsUsed ${header.roundsUsed} do not match ${trees} trees`);
  if (!Array.isArray(header.valCurve) || !header.valCurve.every((v) => Number.isFinite(v)))
    bad('valCurve is not a list of numbers');
  let params: ResolvedGbdtParams;
  try {
    params = resolveGbdtParams(header.params ?? {});
  } catch (err) {
    return bad((err as Error).message);
  }
  const o = sections(trees, nodes, align8(8 + headerLength));
  if (o.end !== buf.length) bad(`${buf.length} bytes, expected ${o.end} for ${trees} trees of ${nodes} nodes`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const t: TreeArrays = {
    treeStarts: new Int32Array(trees + 1),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    defaultLeft: new Uint8Array(nodes),
    left: new Int32Array(nodes),
    value: new Float64Array(nodes),
    gain: new Float64Array(nodes),
  };
  for (let i = 0; i <= trees; i++) t.treeStarts[i] = dv.getInt32(o.treeStarts + 4 * i, true);
  for (let i = 0; i < nodes; i++) {
    t.feature[i] = dv.getInt32(o.feature + 4 * i, true);
    t.left[i] = dv.getInt32(o.left + 4 * i, true);
    t.threshold[i] = dv.getFloat64(o.threshold + 8 * i, true);
    t.value[i] = dv.getFloat64(o.value + 8 * i, true);
    t.gain[i] = dv.getFloat64(o.gain + 8 * i, true);
    t.defaultLeft[i] = dv.getUint8(o.defaultLeft + i);
  }
  checkTrees(t, nFeatures, bad);
  return {
    nFeatures,
    baseMargin: header.baseMargin,
    params,
    bestIteration: header.bestIteration,
    roundsUsed: header.roundsUsed,
    valCurve: header.valCurve,
    trees: t,
  };
}

/** Every tree's children lie after their parent inside the tree, so any traversal ends in a leaf. */
function checkTrees(t: TreeArrays, nFeatures: number, bad: (why: string) => never): void {
  const trees = t.treeStarts.length - 1;
  if (t.treeStarts[0] !== 0 || t.treeStarts[trees] !== t.feature.length) bad('tree offsets do not cover the nodes');
  for (let k = 0; k < trees; k++) {
    const s = t.treeStarts[k];
    const e = t.treeStarts[k + 1];
    if (e <= s) bad(`tree ${k} is empty`);
    for (let i = s; i < e; i++) {
      const j = t.feature[i];
      if (j === -1) {
        if (!Number.isFinite(t.value[i])) bad(`leaf ${i} has weight ${t.value[i]}`);
        continue;
      }
      if (!(j >= 0 && j < nFeatures)) bad(`node ${i} splits on feature ${j} of ${nFeatures}`);
      if (!(t.left[i] > i && t.left[i] + 1 < e)) bad(`node ${i} has children outside tree ${k}`);
      if (Number.isNaN(t.threshold[i]) || t.defaultLeft[i] > 1) bad(`node ${i} has threshold ${t.threshold[i]}`);
    }
  }
}
