import { isScaleFree } from '@alphapulse/features';
import { DatasetError } from './errors.ts';
import type { ScoringFrame } from './model.ts';
import { applyScaler, fitScaler, type Scaler } from './scaler.ts';
import type { DecodedFeatureBatch } from './types.ts';

export type SplitName = 'train' | 'val' | 'test';

/** One chronological window of usable rows (features and target known), scaled with the training scaler. */
export interface SplitData {
  n: number;
  /** Row-major n × features, standardised with the training scaler. */
  x: Float32Array;
  /** 1 when the next return is positive. */
  y: Float32Array;
  nextReturn: Float64Array;
  /** The return that closed at this bar (previous row of the same symbol), NaN when unknown: the persistence baseline's input. */
  todayReturn: Float64Array;
  symbol: string[];
  ts: Float64Array;
  /** Index of each row in the dataset's `history` table (for sequence windows). */
  historyIndex: Int32Array;
  /** Index of each row in the source batch. */
  sourceRow: Int32Array;
}

/** Inclusive time bounds (ms) of each window; all symbols share them. */
export interface SplitBoundaries {
  train: { start: number; end: number };
  val: { start: number; end: number };
  test: { start: number; end: number };
}

export interface PreparedDataset {
  featureSet: string;
  featureSetHash: string;
  featureNames: string[];
  scaler: Scaler;
  boundaries: SplitBoundaries;
  gapBars: number;
  /** Default sequence length for sequence models whose params give none. */
  window: number;
  train: SplitData;
  val: SplitData;
  test: SplitData;
  /**
   * Every row with complete features (labelled or not), scaled, with a link to the previous such row of the
   * same symbol: sequence windows are assembled from it within each symbol only.
   */
  history: { x: Float32Array; previous: Int32Array; rows: number };
  /** The batch's raw columns, indexed by batch row (`SplitData.sourceRow`): what any model is scored on. */
  frame: ScoringFrame;
}

export interface PrepareOptions {
  split?: { train: number; val: number; test: number };
  /** Bars dropped between consecutive windows; default 1 (the label horizon). */
  gapBars?: number;
  /** Default sequence length for the LSTM (default 10). */
  window?: number;
}

const MIN_ROWS = { train: 20, val: 5, test: 5 };

function completeRows(batch: DecodedFeatureBatch, featureNames: string[]): { featureOk: Uint8Array; labelled: Uint8Array } {
  const featureOk = new Uint8Array(batch.rows);
  const labelled = new Uint8Array(batch.rows);
  const cols = featureNames.map((n) => batch.features[n]);
  for (let r = 0; r < batch.rows; r++) {
    let ok = Number.isFinite(batch.ts[r]);
    for (let j = 0; ok && j < cols.length; j++) ok = Number.isFinite(cols[j][r]);
    featureOk[r] = ok ? 1 : 0;
    labelled[r] =
      ok && Number.isFinite(batch.targets.nextReturn[r]) && (batch.targets.direction[r] === 0 || batch.targets.direction[r] === 1)
        ? 1
        : 0;
  }
  return { featureOk, labelled };
}

/** Validates the batch's shape and returns its feature names (schema order). */
export function validateBatch(batch: DecodedFeatureBatch): string[] {
  const names = batch.schema?.columns;
  if (!Array.isArray(names) || names.length === 0) throw new DatasetError('batch.schema.columns is empty');
  const n = batch.rows;
  if (!Number.isInteger(n) || n < 0) throw new DatasetError(`batch.rows is ${n}, expected a non-negative integer`);
  const check = (field: string, len: number | undefined) => {
    if (len !== n) throw new DatasetError(`batch.${field} has ${len} entries, expected ${n} (batch.rows)`);
  };
  check('symbol', batch.symbol?.length);
  check('ts', batch.ts?.length);
  check('availableAt', batch.availableAt?.length);
  check('targets.nextReturn', batch.targets?.nextReturn?.length);
  check('targets.direction', batch.targets?.direction?.length);
  for (const name of names) check(`features.${name}`, batch.features?.[name]?.length);
  return names;
}

/**
 * The columns a model learns from: the batch's columns less those in price units or running
 * totals (LEVEL_COLUMNS), whose level wanders with the price and would leave the training
 * window's scaler behind; their scale-free counterparts stay.
 */
export function modelFeatureNames(batch: DecodedFeatureBatch): string[] {
  const names = validateBatch(batch).filter(isScaleFree);
  if (names.length === 0) throw new DatasetError('the batch has no scale-free feature columns to learn from');
  return names;
}

/**
 * Chronological split boundaries over the distinct bar times of the labelled rows: train, gap, val, gap,
 * test, in the given proportions of the times left after the gaps.
 */
export function computeBoundaries(batch: DecodedFeatureBatch, opts: PrepareOptions = {}): SplitBoundaries {
  const featureNames = modelFeatureNames(batch);
  const split = opts.split ?? { train: 0.7, val: 0.15, test: 0.15 };
  const gap = opts.gapBars ?? 1;
  for (const [k, v] of Object.entries(split)) if (!(v > 0)) throw new DatasetError(`split.${k} must be > 0, got ${v}`);
  if (!Number.isInteger(gap) || gap < 0) throw new DatasetError(`gapBars must be a non-negative integer, got ${gap}`);
  const { labelled } = completeRows(batch, featureNames);
  const times = [...new Set(Array.from(batch.ts).filter((_, r) => labelled[r] === 1))].sort((a, b) => a - b);
  const usable = times.length - 2 * gap;
  const total = split.train + split.val + split.test;
  const nTrain = Math.round((usable * split.train) / total);
  const nVal = Math.round((usable * split.val) / total);
  const nTest = usable - nTrain - nVal;
  if (nTrain < MIN_ROWS.train || nVal < MIN_ROWS.val || nTest < MIN_ROWS.test) {
    throw new DatasetError(`too few labelled bar times (${times.length}) for a ${nTrain}/${nVal}/${nTest} split with gap ${gap}`);
  }
  const valStart = nTrain + gap;
  const testStart = valStart + nVal + gap;
  return {
    train: { start: times[0], end: times[nTrain - 1] },
    val: { start: times[valStart], end: times[valStart + nVal - 1] },
    test: { start: times[testStart], end: times[times.length - 1] },
  };
}

/**
 * Turns a decoded feature batch into train/validation/test windows, pooled over symbols and split by
 * time (all symbols share the boundaries) with `gapBars` bar times dropped between windows. Rows with a
 * missing feature (warm-up) or an unknown target (the latest bar) are dropped. The scaler is fitted on
 * the training window only and applied to all three.
 */
export function prepareDataset(batch: DecodedFeatureBatch, opts: PrepareOptions = {}): PreparedDataset {
  const boundaries = computeBoundaries(batch, opts);
  return prepareDatasetWithBoundaries(batch, boundaries, { gapBars: opts.gapBars ?? 1, window: opts.window });
}

/** As prepareDataset, with explicit time boundaries (walk-forward folds). */
export function prepareDatasetWithBoundaries(
  batch: DecodedFeatureBatch,
  boundaries: SplitBoundaries,
  opts: { gapBars?: number; window?: number } = {},
): PreparedDataset {
  const featureNames = modelFeatureNames(batch);
  const window = opts.window ?? 10;
  if (!Number.isInteger(window) || window < 1) throw new DatasetError(`window must be a positive integer, got ${window}`);
  const { featureOk, labelled } = completeRows(batch, featureNames);
  const cols = featureNames.map((n) => batch.features[n]);

  // Rows with complete features, by symbol then time: the sequence history and the "today's return" source.
  const historyRows = Array.from({ length: batch.rows }, (_, r) => r)
    .filter((r) => featureOk[r] === 1)
    .sort((a, b) => (batch.symbol[a] < batch.symbol[b] ? -1 : batch.symbol[a] > batch.symbol[b] ? 1 : batch.ts[a] - batch.ts[b]));
  const historyIndexOfRow = new Int32Array(batch.rows).fill(-1);
  const previous = new Int32Array(historyRows.length).fill(-1);
  const previousRow = new Int32Array(batch.rows).fill(-1);
  historyRows.forEach((r, h) => {
    historyIndexOfRow[r] = h;
    if (h > 0 && batch.symbol[historyRows[h - 1]] === batch.symbol[r]) {
      previous[h] = h - 1;
      previousRow[r] = historyRows[h - 1];
    }
  });
  // Today's return = the previous bar's next return, from every row of the symbol (features complete or not).
  const todayReturnOfRow = new Float64Array(batch.rows).fill(Number.NaN);
  const bySymbolTime = Array.from({ length: batch.rows }, (_, r) => r).sort((a, b) =>
    batch.symbol[a] < batch.symbol[b] ? -1 : batch.symbol[a] > batch.symbol[b] ? 1 : batch.ts[a] - batch.ts[b],
  );
  for (let k = 1; k < bySymbolTime.length; k++) {
    const r = bySymbolTime[k];
    const p = bySymbolTime[k - 1];
    if (batch.symbol[p] === batch.symbol[r]) todayReturnOfRow[r] = batch.targets.nextReturn[p];
  }

  const inWindow = (name: keyof SplitBoundaries) => {
    const { start, end } = boundaries[name];
    return historyRows
      .filter((r) => labelled[r] === 1 && batch.ts[r] >= start && batch.ts[r] <= end)
      .sort((a, b) => batch.ts[a] - batch.ts[b] || (batch.symbol[a] < batch.symbol[b] ? -1 : 1));
  };
  const trainRows = inWindow('train');
  const valRows = inWindow('val');
  const testRows = inWindow('test');
  if (trainRows.length < MIN_ROWS.train || valRows.length < MIN_ROWS.val || testRows.length < MIN_ROWS.test) {
    throw new DatasetError(`too few rows in a window: train ${trainRows.length}, val ${valRows.length}, test ${testRows.length}`);
  }
  if (!(boundaries.train.end < boundaries.val.start && boundaries.val.end < boundaries.test.start)) {
    throw new DatasetError('split boundaries must be increasing: train.end < val.start and val.end < test.start');
  }
  const scaler = fitScaler(cols, trainRows);
  const split = (rows: number[]): SplitData => {
    const y = new Float32Array(rows.length);
    const nextReturn = new Float64Array(rows.length);
    const todayReturn = new Float64Array(rows.length);
    const ts = new Float64Array(rows.length);
    const historyIndex = new Int32Array(rows.length);
    rows.forEach((r, k) => {
      y[k] = batch.targets.direction[r];
      nextReturn[k] = batch.targets.nextReturn[r];
      todayReturn[k] = todayReturnOfRow[r];
      ts[k] = batch.ts[r];
      historyIndex[k] = historyIndexOfRow[r];
    });
    return {
      n: rows.length,
      x: applyScaler(scaler, cols, rows),
      y,
      nextReturn,
      todayReturn,
      symbol: rows.map((r) => batch.symbol[r]),
      ts,
      historyIndex,
      sourceRow: Int32Array.from(rows),
    };
  };
  return {
    featureSet: batch.schema.featureSet,
    featureSetHash: batch.schema.featureSetHash,
    featureNames,
    scaler,
    boundaries,
    gapBars: opts.gapBars ?? 1,
    window,
    train: split(trainRows),
    val: split(valRows),
    test: split(testRows),
    history: { x: applyScaler(scaler, cols, historyRows), previous, rows: historyRows.length },
    frame: { columns: batch.features, previous: previousRow },
  };
}

/**
 * Row-major n × window × features sequences ending at each row of the split, assembled from earlier rows of
 * the same symbol only; when a symbol has fewer earlier rows, the front is zero-padded (the training mean).
 */
export function sequenceWindows(ds: PreparedDataset, split: SplitData, window: number): Float32Array {
  return buildSequences(ds.history.x, ds.history.previous, ds.featureNames.length, split.historyIndex, window);
}

export function buildSequences(
  historyX: Float32Array,
  previous: Int32Array,
  f: number,
  ends: ArrayLike<number>,
  window: number,
): Float32Array {
  const out = new Float32Array(ends.length * window * f);
  for (let k = 0; k < ends.length; k++) {
    let h = ends[k];
    for (let step = window - 1; step >= 0 && h >= 0; step--) {
      out.set(historyX.subarray(h * f, (h + 1) * f), (k * window + step) * f);
      h = previous[h];
    }
  }
  return out;
}

/**
 * The batch as a scoring frame for `featureNames`, and each symbol's rows with complete features in
 * time order (what serving reads: the latest of them is the bar whose outcome is not known yet).
 */
export function scoringFrameOf(batch: DecodedFeatureBatch, featureNames: readonly string[]): { frame: ScoringFrame; rowsBySymbol: Map<string, number[]> } {
  validateBatch(batch);
  const cols = featureNames.map((n) => batch.features[n]);
  const rowsBySymbol = new Map<string, number[]>();
  for (let r = 0; r < batch.rows; r++) {
    if (!Number.isFinite(batch.ts[r]) || !cols.every((c) => c && Number.isFinite(c[r]))) continue;
    const list = rowsBySymbol.get(batch.symbol[r]) ?? [];
    list.push(r);
    rowsBySymbol.set(batch.symbol[r], list);
  }
  const previous = new Int32Array(batch.rows).fill(-1);
  for (const rows of rowsBySymbol.values()) {
    rows.sort((a, b) => batch.ts[a] - batch.ts[b]);
    for (let k = 1; k < rows.length; k++) previous[rows[k]] = rows[k - 1];
  }
  return { frame: { columns: batch.features, previous }, rowsBySymbol };
}
