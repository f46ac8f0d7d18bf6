import type { FeatureValues } from './matrix.ts';

/**
 * Per-feature quantile bins fitted on the training rows. Feature j has `valueBins[j]` value bins,
 * coded 0..valueBins[j]-1, and its missing code is `valueBins[j]`.
 * A value v gets the number of cut points <= v: bin 0 holds v < cuts[0], the last bin v >= the last
 * cut. So "code <= b" is exactly "v < cuts[b]", which is how a split on bin b is applied to raw values.
 */
export interface FeatureBins {
  /** Strictly increasing cut points per feature (valueBins[j] - 1 of them). */
  cuts: Float64Array[];
  /** Value bins per feature (>= 1); also the feature's missing code. */
  valueBins: Uint16Array;
  /** Whether the training rows had any NaN in the feature. */
  hasMissing: Uint8Array;
  /** Histogram slot of (feature j, code 0): feature j owns slots offsets[j] .. offsets[j] + valueBins[j]. */
  offsets: Int32Array;
  /** Histogram slots in all: sum of (valueBins[j] + 1). */
  totalSlots: number;
}

/**
 * Fits the cut points of every feature on `x` (n × f, row-major): with at most `maxBins` distinct
 * non-missing values, one bin per value; otherwise cuts at the k/maxBins quantiles (k = 1..maxBins-1)
 * of the sorted values, ties merged (a heavily tied feature gets fewer bins). XGBoost's `hist` cuts at
 * the same ranks, but from its approximate quantile sketch, so on many distinct values the two differ
 * by a rank or so.
 */
export function fitBins(x: FeatureValues, n: number, f: number, maxBins: number): FeatureBins {
  const cuts: Float64Array[] = [];
  const valueBins = new Uint16Array(f);
  const hasMissing = new Uint8Array(f);
  const column = new Float64Array(n);
  for (let j = 0; j < f; j++) {
    let m = 0;
    for (let r = 0; r < n; r++) {
      const v = x[r * f + j];
      if (!Number.isNaN(v)) column[m++] = v;
    }
    if (m < n) hasMissing[j] = 1;
    const sorted = column.subarray(0, m).sort();
    const c = featureCuts(sorted, maxBins);
    cuts.push(c);
    valueBins[j] = c.length + 1;
  }
  const offsets = new Int32Array(f + 1);
  for (let j = 0; j < f; j++) offsets[j + 1] = offsets[j] + valueBins[j] + 1;
  return { cuts, valueBins, hasMissing, offsets, totalSlots: offsets[f] };
}

function featureCuts(sorted: Float64Array, maxValueBins: number): Float64Array {
  const m = sorted.length;
  if (m === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < m && distinct <= maxValueBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const out: number[] = [];
  if (distinct <= maxValueBins) {
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) out.push(sorted[i]);
  } else {
    let last = sorted[0];
    for (let k = 1; k < maxValueBins; k++) {
      const c = sorted[Math.floor((k * m) / maxValueBins)];
      if (c > last) {
        out.push(c);
        last = c;
      }
    }
  }
  return Float64Array.from(out);
}

/** Row-major histogram slots: 16 bits while every feature's bins fit in 65,536 slots. */
export type SlotMatrix = Uint16Array | Uint32Array;

/** The bin code of v (finite) among strictly increasing cuts: the number of cuts <= v. */
function code(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Histogram slots of `x` (n × f, row-major) under `bins`, row-major: offsets[j] + the bin code of
 * (r, j), NaN getting the missing code. What histogram building and tree routing read.
 */
export function slotMatrix(x: FeatureValues, n: number, f: number, bins: FeatureBins): SlotMatrix {
  const out = bins.totalSlots <= 0x10000 ? new Uint16Array(n * f) : new Uint32Array(n * f);
  for (let j = 0; j < f; j++) {
    const c = bins.cuts[j];
    const off = bins.offsets[j];
    const missing = off + bins.valueBins[j];
    for (let r = 0, i = j; r < n; r++, i += f) {
      const v = x[i];
      out[i] = Number.isNaN(v) ? missing : off + code(c, v);
    }
  }
  return out;
}

/**
 * The bin codes of a slot matrix (n × f, row-major) column-major, 16 bits each (256 value bins and NaN): feature j's codes at
 * j·n .. j·n + n - 1, the missing code being valueBins[j]. What row partitioning reads: one feature,
 * rows ascending.
 */
export function codeColumns(slots: SlotMatrix, n: number, f: number, bins: FeatureBins): Uint16Array {
  const out = new Uint16Array(n * f);
  for (let j = 0; j < f; j++) {
    const off = bins.offsets[j];
    for (let r = 0, i = j, o = j * n; r < n; r++, i += f, o++) out[o] = slots[i] - off;
  }
  return out;
}
