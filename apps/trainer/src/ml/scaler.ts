/** Per-feature standardisation fitted on the training window only. */
export interface Scaler {
  mean: number[];
  sd: number[];
}

/** Mean and (population) sd of each column over the given rows; a constant column gets sd 1. */
export function fitScaler(columns: Float64Array[], rows: ArrayLike<number>): Scaler {
  const mean: number[] = [];
  const sd: number[] = [];
  for (const col of columns) {
    let s = 0;
    for (let k = 0; k < rows.length; k++) s += col[rows[k]];
    const m = s / rows.length;
    let ss = 0;
    for (let k = 0; k < rows.length; k++) ss += (col[rows[k]] - m) ** 2;
    const v = Math.sqrt(ss / rows.length);
    mean.push(m);
    sd.push(v > 1e-12 ? v : 1);
  }
  return { mean, sd };
}

/** Row-major n × f matrix of scaled values for the given rows. */
export function applyScaler(scaler: Scaler, columns: readonly ArrayLike<number>[], rows: ArrayLike<number>): Float32Array {
  const f = columns.length;
  const out = new Float32Array(rows.length * f);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    for (let j = 0; j < f; j++) out[k * f + j] = (columns[j][r] - scaler.mean[j]) / scaler.sd[j];
  }
  return out;
}
