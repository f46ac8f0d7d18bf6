import { DatasetError } from '../errors.ts';

/** Feature values, row-major: value (row r, feature j) at `r * f + j`. NaN marks a missing value. */
export type FeatureValues = Float32Array | Float64Array;

/** A dense row-major feature matrix, with 0/1 labels when it is fitted or scored on. */
export interface GbdtMatrix {
  /** n × f values, row-major; NaN allowed (missing), ±Infinity rejected. */
  x: FeatureValues;
  /** n labels, each exactly 0 or 1. */
  y?: Uint8Array | Float64Array;
  n: number;
  f: number;
}

/**
 * Checks the shape of `x` (and `y` when `needLabels`), that no value is ±Infinity and every label
 * is 0 or 1; throws DatasetError naming the matrix (`what`), the row and the column.
 */
export function checkMatrix(m: GbdtMatrix, what: string, needLabels: boolean): void {
  const { x, n, f } = m;
  if (!Number.isInteger(n) || n < 1) throw new DatasetError(`${what}: n is ${n}, expected a positive integer`);
  if (!Number.isInteger(f) || f < 1 || f >= 1 << 24)
    throw new DatasetError(`${what}: f is ${f}, expected an integer 1..16777215`);
  if (!(x instanceof Float32Array || x instanceof Float64Array))
    throw new DatasetError(`${what}: x must be a Float32Array or Float64Array`);
  if (x.length !== n * f) throw new DatasetError(`${what}: x has ${x.length} values, expected n × f = ${n * f}`);
  checkFinite(x, n, f, what);
  if (!needLabels) return;
  const y = m.y;
  if (!y) throw new DatasetError(`${what}: labels y are required`);
  if (y.length !== n) throw new DatasetError(`${what}: y has ${y.length} labels, expected n = ${n}`);
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new DatasetError(`${what}: y[${i}] is ${y[i]}, expected 0 or 1`);
  }
}

/** Throws DatasetError at the first ±Infinity (NaN is a missing value and allowed). */
export function checkFinite(x: FeatureValues, n: number, f: number, what: string): void {
  for (let i = 0; i < n * f; i++) {
    const v = x[i];
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)
      throw new DatasetError(`${what}: x[row ${Math.floor(i / f)}, feature ${i % f}] is ${v}; use NaN for a missing value`);
  }
}
