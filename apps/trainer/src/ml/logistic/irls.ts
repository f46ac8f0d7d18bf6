import { DatasetError } from '../errors.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** A fitted logistic regression: weights per feature, then the intercept. */
export interface LogisticFit {
  weights: Float64Array;
  iterations: number;
}

type IrlsOptions = { l2?: number; maxIterations?: number; tolerance?: number; onIteration?: (iteration: number, fit: LogisticFit) => boolean | undefined };

/** Rows between the points where the Newton loop may pause (see fitLogisticRegressionAsync). */
const ROWS_PER_SLICE = 4_096;

/**
 * L2-regularised logistic regression by Newton's method (IRLS) on row-major n × f inputs: the
 * `logistic` model family and the learned baseline every model is compared with. Deterministic (no
 * seed, no initialisation noise), converged to a tolerance, free of TensorFlow. `l2` penalises the
 * weights (not the intercept), per row. `onIteration` sees the weights after each Newton step and may
 * stop the fit by answering false. Runs to the end synchronously: for queue work, where the event loop
 * must keep renewing the job lock, use fitLogisticRegressionAsync.
 */
export function fitLogisticRegression(x: ArrayLike<number>, y: ArrayLike<number>, n: number, f: number, opts: IrlsOptions = {}): LogisticFit {
  const steps = newton(x, y, n, f, opts);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The same fit, bit for bit, that yields to the event loop (a setImmediate turn) once `yieldEveryMs`
 * of work have passed since the last yield, checked every 4,096 rows, so BullMQ's lock renewal and
 * the HTTP server keep running during a fit on a huge batch. Default 50 ms.
 */
export async function fitLogisticRegressionAsync(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  f: number,
  opts: IrlsOptions & { yieldEveryMs?: number } = {},
): Promise<LogisticFit> {
  const every = opts.yieldEveryMs ?? 50;
  const steps = newton(x, y, n, f, opts);
  let last = performance.now();
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    if (performance.now() - last >= every) {
      await nextTurn();
      last = performance.now();
    }
  }
}

/** The Newton loop, pausing (a generator yield) every ROWS_PER_SLICE rows; returns the fit. */
function* newton(x: ArrayLike<number>, y: ArrayLike<number>, n: number, f: number, opts: IrlsOptions): Generator<void, LogisticFit> {
  if (n === 0 || x.length !== n * f || y.length !== n) throw new DatasetError(`logistic regression needs n × f inputs (n=${n}, f=${f}, got ${x.length} values, ${y.length} labels)`);
  const l2 = (opts.l2 ?? 1e-4) * n;
  const d = f + 1;
  const w = new Float64Array(d);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  let it = 0;
  for (; it < (opts.maxIterations ?? 50); it++) {
    grad.fill(0);
    hess.fill(0);
    for (let r = 0; r < n; r++) {
      const row = r * f;
      let z = w[f];
      for (let j = 0; j < f; j++) z += w[j] * x[row + j];
      const p = sigmoid(z);
      const s = p * (1 - p);
      const e = p - y[r];
      for (let a = 0; a < d; a++) {
        const xa = a === f ? 1 : x[row + a];
        grad[a] += e * xa;
        const sa = s * xa;
        for (let b = a; b < d; b++) hess[a * d + b] += sa * (b === f ? 1 : x[row + b]);
      }
      if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) yield;
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hess[a * d + b] = hess[b * d + a];
    for (let j = 0; j < f; j++) {
      grad[j] += l2 * w[j];
      hess[j * d + j] += l2;
    }
    hess[f * d + f] += 1e-9 * n;
    const step = solve(hess, grad, d);
    let change = 0;
    for (let j = 0; j < d; j++) {
      w[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (opts.onIteration?.(it, { weights: w, iterations: it + 1 }) === false || change < (opts.tolerance ?? 1e-8)) {
      it++;
      break;
    }
  }
  return { weights: w, iterations: it };
}

/** P(y = 1) of row-major n × f inputs under a fit. */
export function predictLogistic(fit: LogisticFit, x: ArrayLike<number>, n: number, f: number): Float64Array {
  const w = fit.weights;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let z = w[f];
    for (let j = 0; j < f; j++) z += w[j] * x[r * f + j];
    out[r] = sigmoid(z);
  }
  return out;
}

/** Solves A s = b (d × d, Gaussian elimination with partial pivoting). */
function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(a);
  const v = Float64Array.from(b);
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * d + c]) > Math.abs(m[p * d + c])) p = r;
    for (let k = 0; k < d; k++) [m[c * d + k], m[p * d + k]] = [m[p * d + k], m[c * d + k]];
    [v[c], v[p]] = [v[p], v[c]];
    for (let r = c + 1; r < d; r++) {
      const factor = m[r * d + c] / m[c * d + c];
      for (let k = c; k < d; k++) m[r * d + k] -= factor * m[c * d + k];
      v[r] -= factor * v[c];
    }
  }
  const s = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let acc = v[r];
    for (let k = r + 1; k < d; k++) acc -= m[r * d + k] * s[k];
    s[r] = acc / m[r * d + r];
  }
  return s;
}
