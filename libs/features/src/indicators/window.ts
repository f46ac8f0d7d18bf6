/** Returns a new array of `length` NaN values: the "empty" value of every indicator. */
export function emptySeries(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

/** Index of the first non-NaN value at or after `from`, or `values.length` when there is none. */
export function firstValid(values: Float64Array, from = 0): number {
  let i = from;
  while (i < values.length && Number.isNaN(values[i])) i++;
  return i;
}
