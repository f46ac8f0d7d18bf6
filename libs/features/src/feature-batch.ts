import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import type { FeatureFrame } from './compute-features.ts';
import { FeatureBatchFormatError, FeatureBatchHashMismatchError } from './errors.ts';
import type { FeatureSetInfo } from './feature-sets.ts';
import type { Targets } from './targets.ts';

/**
 * Feature batch file (`.apfb`), version 1, all integers little-endian:
 *
 *   "APFB" | u32 format version | u32 header length H | header JSON (UTF-8, space-padded so
 *   the blocks start on an 8-byte boundary) | blocks in header.blocks order
 *
 * Blocks are `rows` values each: f64 for ts, availableAt, every feature column and both
 * targets; u32 for `symbol` (an index into header.symbols), last. Rows are sorted by ts, then
 * symbol. Nothing in the file depends on when or where it was written.
 */
const MAGIC = 'APFB';
const FORMAT_VERSION = 1;

export interface FeatureBatchPart {
  symbol: string;
  frame: FeatureFrame;
  targets: Targets;
}

export interface EncodedFeatureBatch {
  /** 32 hex characters: the first half of the content hash, so identical inputs give the same id. */
  id: string;
  /** sha256 hex of `bytes`. */
  contentHash: string;
  bytes: Buffer;
  rows: number;
  startTs: Date;
  endTs: Date;
  symbols: string[];
}

export interface DecodedFeatureBatch {
  schema: { featureSet: string; featureSetHash: string; columns: string[] };
  rows: number;
  /** Symbol of each row. */
  symbol: string[];
  ts: Float64Array;
  availableAt: Float64Array;
  features: Record<string, Float64Array>;
  targets: { nextReturn: Float64Array; direction: Float64Array };
}

interface BatchHeader {
  format: 'apfb';
  version: number;
  featureSet: string;
  featureSetVersion: number;
  featureSetHash: string;
  columns: string[];
  rows: number;
  symbols: string[];
  startTs: string;
  endTs: string;
  blocks: { name: string; type: 'f64' | 'u32' }[];
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Object-store key of a batch: `features/<featureSet>/<id>.apfb`. */
export function featureBatchKey(featureSetName: string, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(featureSetName)) throw new FeatureBatchFormatError(`feature set name ${JSON.stringify(featureSetName)} is not key-safe`);
  if (!/^[0-9a-f]{32}$/.test(id)) throw new FeatureBatchFormatError(`batch id ${JSON.stringify(id)} is not 32 hex characters`);
  return `features/${featureSetName}/${id}.apfb`;
}

/**
 * Encodes features and targets of one or more symbols into one batch. Deterministic: the same
 * inputs give the same bytes, content hash and id, whatever the order of `parts`. Refuses
 * (FeatureBatchFormatError) an empty batch, a part lacking a column of the set, arrays of
 * unequal length, and a symbol appearing twice.
 */
export function encodeFeatureBatch(input: { featureSet: FeatureSetInfo; parts: readonly FeatureBatchPart[] }): EncodedFeatureBatch {
  const { featureSet, parts } = input;
  const columns = featureSet.columns;
  const symbols = [...new Set(parts.map((p) => p.symbol))].sort();
  if (symbols.length !== parts.length) throw new FeatureBatchFormatError('a symbol appears in more than one part');
  const sortedParts = [...parts].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  let rows = 0;
  for (const p of sortedParts) {
    if (typeof p.symbol !== 'string' || p.symbol === '') throw new FeatureBatchFormatError('a part has an empty symbol');
    const n = p.frame.ts.length;
    const check = (what: string, arr: Float64Array | undefined) => {
      if (!(arr instanceof Float64Array)) throw new FeatureBatchFormatError(`${p.symbol}: ${what} is missing`);
      if (arr.length !== n) throw new FeatureBatchFormatError(`${p.symbol}: ${what} has ${arr.length} rows, ts has ${n}`);
    };
    check('availableAt', p.frame.availableAt);
    for (const c of columns) check(`column ${c}`, p.frame.columns[c]);
    check('targets.nextReturn', p.targets.nextReturn);
    check('targets.direction', p.targets.direction);
    rows += n;
  }
  if (rows === 0) throw new FeatureBatchFormatError('a feature batch needs at least one row');

  // Row order: ts, then symbol (parts are already in symbol order, so a stable sort on ts suffices).
  const refs: { part: number; row: number; ts: number }[] = [];
  sortedParts.forEach((p, part) => {
    for (let row = 0; row < p.frame.ts.length; row++) refs.push({ part, row, ts: p.frame.ts[row] });
  });
  refs.sort((a, b) => a.ts - b.ts || a.part - b.part);
  for (let i = 1; i < refs.length; i++) {
    if (refs[i].ts === refs[i - 1].ts && refs[i].part === refs[i - 1].part) {
      throw new FeatureBatchFormatError(`${sortedParts[refs[i].part].symbol}: duplicate ts ${new Date(refs[i].ts).toISOString()}`);
    }
  }
  const startTs = new Date(refs[0].ts);
  const endTs = new Date(refs[refs.length - 1].ts);

  const blocks: { name: string; type: 'f64' | 'u32'; pick: (p: FeatureBatchPart) => Float64Array | null }[] = [
    { name: 'ts', type: 'f64', pick: (p) => p.frame.ts },
    { name: 'availableAt', type: 'f64', pick: (p) => p.frame.availableAt },
    ...columns.map((c) => ({ name: `feature:${c}`, type: 'f64' as const, pick: (p: FeatureBatchPart) => p.frame.columns[c] })),
    { name: 'target:nextReturn', type: 'f64', pick: (p) => p.targets.nextReturn },
    { name: 'target:direction', type: 'f64', pick: (p) => p.targets.direction },
    { name: 'symbol', type: 'u32', pick: () => null },
  ];
  const header: BatchHeader = {
    format: 'apfb',
    version: FORMAT_VERSION,
    featureSet: featureSet.name,
    featureSetVersion: featureSet.version,
    featureSetHash: featureSet.hash,
    columns: [...columns],
    rows,
    symbols,
    startTs: startTs.toISOString(),
    endTs: endTs.toISOString(),
    blocks: blocks.map(({ name, type }) => ({ name, type })),
  };
  let headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - ((12 + headerBytes.length) % 8)) % 8;
  if (pad) headerBytes = Buffer.concat([headerBytes, Buffer.alloc(pad, 0x20)]);
  const dataStart = 12 + headerBytes.length;
  const f64Blocks = blocks.length - 1;
  const total = dataStart + f64Blocks * rows * 8 + rows * 4;
  const bytes = Buffer.alloc(total);
  bytes.write(MAGIC, 0, 'latin1');
  bytes.writeUInt32LE(FORMAT_VERSION, 4);
  bytes.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(bytes, 12);

  let offset = dataStart;
  const column = new Float64Array(rows);
  for (let b = 0; b < f64Blocks; b++) {
    const arrays = sortedParts.map((p) => blocks[b].pick(p) as Float64Array);
    for (let i = 0; i < rows; i++) column[i] = arrays[refs[i].part][refs[i].row];
    writeF64(bytes, offset, column);
    offset += rows * 8;
  }
  for (let i = 0; i < rows; i++) bytes.writeUInt32LE(refs[i].part, offset + i * 4);

  const contentHash = createHash('sha256').update(bytes).digest('hex');
  return { id: contentHash.slice(0, 32), contentHash, bytes, rows, startTs, endTs, symbols };
}

/**
 * Decodes a batch. With `expectedContentHash`, refuses bytes whose sha256 differs
 * (FeatureBatchHashMismatchError) before reading anything; malformed bytes throw
 * FeatureBatchFormatError. The returned arrays are fresh copies.
 */
export function decodeFeatureBatch(bytes: Buffer, expectedContentHash?: string): DecodedFeatureBatch {
  if (expectedContentHash !== undefined) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expectedContentHash.toLowerCase()) throw new FeatureBatchHashMismatchError(expectedContentHash, actual);
  }
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new FeatureBatchFormatError('not a feature batch (bad magic)');
  const version = bytes.readUInt32LE(4);
  if (version !== FORMAT_VERSION) throw new FeatureBatchFormatError(`unsupported feature batch format version ${version}`);
  const headerLength = bytes.readUInt32LE(8);
  if (12 + headerLength > bytes.length) throw new FeatureBatchFormatError('truncated header');
  let header: BatchHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as BatchHeader;
  } catch (err) {
    throw new FeatureBatchFormatError(`unreadable header: ${(err as Error).message}`);
  }
  const rows = header.rows;
  if (!Number.isInteger(rows) || rows < 0 || !Array.isArray(header.blocks) || !Array.isArray(header.columns) || !Array.isArray(header.symbols)) {
    throw new FeatureBatchFormatError('malformed header');
  }
  const expectedLength = 12 + headerLength + header.blocks.reduce((s, b) => s + rows * (b.type === 'u32' ? 4 : 8), 0);
  if (bytes.length !== expectedLength) throw new FeatureBatchFormatError(`batch is ${bytes.length} bytes, header describes ${expectedLength}`);

  const f64: Record<string, Float64Array> = {};
  let symbolIndex: Uint32Array | undefined;
  let offset = 12 + headerLength;
  for (const block of header.blocks) {
    if (block.type === 'u32') {
      symbolIndex = new Uint32Array(rows);
      for (let i = 0; i < rows; i++) symbolIndex[i] = bytes.readUInt32LE(offset + i * 4);
      offset += rows * 4;
    } else {
      f64[block.name] = readF64(bytes, offset, rows);
      offset += rows * 8;
    }
  }
  const need = ['ts', 'availableAt', 'target:nextReturn', 'target:direction', ...header.columns.map((c) => `feature:${c}`)];
  for (const name of need) if (!f64[name]) throw new FeatureBatchFormatError(`block ${name} is missing`);
  if (!symbolIndex) throw new FeatureBatchFormatError('block symbol is missing');
  const symbol = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    const s = header.symbols[symbolIndex[i]];
    if (s === undefined) throw new FeatureBatchFormatError(`row ${i}: symbol index ${symbolIndex[i]} out of range`);
    symbol[i] = s;
  }
  const features: Record<string, Float64Array> = {};
  for (const c of header.columns) features[c] = f64[`feature:${c}`];
  return {
    schema: { featureSet: header.featureSet, featureSetHash: header.featureSetHash, columns: [...header.columns] },
    rows,
    symbol,
    ts: f64.ts,
    availableAt: f64.availableAt,
    features,
    targets: { nextReturn: f64['target:nextReturn'], direction: f64['target:direction'] },
  };
}

function writeF64(target: Buffer, offset: number, values: Float64Array): void {
  if (LITTLE_ENDIAN) {
    target.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    return;
  }
  for (let i = 0; i < values.length; i++) target.writeDoubleLE(values[i], offset + i * 8);
}

function readF64(source: Buffer, offset: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(source.subarray(offset, offset + rows * 8));
    return out;
  }
  for (let i = 0; i < rows; i++) out[i] = source.readDoubleLE(offset + i * 8);
  return out;
}
