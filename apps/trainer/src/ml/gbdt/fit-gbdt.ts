import { DatasetError, InvalidParamsError } from '../errors.ts';
import { createRng, mixSeed, type Rng } from '../rng.ts';
import { codeColumns, fitBins, slotMatrix } from './binning.ts';
import { GbdtModel } from './gbdt-model.ts';
import { checkMatrix, type GbdtMatrix } from './matrix.ts';
import { baseMargin, logisticGradients, marginLogLoss } from './objective.ts';
import { type GbdtParams, resolveGbdtParams } from './params.ts';
import { TreeBuilder } from './tree-builder.ts';
import { TreeEnsembleWriter } from './tree-ensemble.ts';

/** What a round callback may answer: `false` or `'stop'` ends the fit, anything else continues. */
export type GbdtRoundDecision = boolean | 'continue' | 'stop' | undefined;

/**
 * Called after every boosting round with the 0-based round and the validation log loss after it (NaN
 * when there are no validation rows). Answering (or resolving to) `false` or `'stop'` ends the fit
 * there, as a pruner does (the trainer's OnEpoch callbacks fit as they are); the model keeps the best
 * round seen so far.
 */
export type OnGbdtRound = (round: number, valLogLoss: number) => GbdtRoundDecision | Promise<GbdtRoundDecision>;

export interface GbdtFitOptions {
  /** Seeds row subsampling and column sampling; the same seed and data give a byte-identical model. */
  seed: number;
  onRound?: OnGbdtRound;
  /**
   * The fit yields to the event loop (a setImmediate turn) once this many milliseconds of work have
   * passed since the last yield, checked after every tree level, so timers such as BullMQ's lock
   * renewal keep running. Default 50.
   */
  yieldEveryMs?: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Fits a binary log-loss gradient-boosted tree ensemble on `train` (labels 0/1), early-stopped on the
 * validation log loss of `val` when given and `earlyStoppingRounds > 0`: the fit stops
 * `earlyStoppingRounds` rounds after the best one (or when onRound says stop) and the model keeps the
 * trees up to the best round. Without early stopping it keeps every round it ran.
 *
 * Features are quantile-binned on the training rows only (val/test rows use the same cuts). Each round
 * draws its rows (Bernoulli `subsample`) and features (`colsampleByTree`) from a PRNG seeded by
 * `opts.seed`, grows one tree depth-wise on gradient/hessian histograms (see TreeBuilder) and adds it
 * with shrinkage `learningRate`. Throws InvalidParamsError for params out of range and DatasetError for
 * a malformed matrix, before any work.
 */
export async function fitGbdt(
  train: GbdtMatrix,
  val: GbdtMatrix | undefined,
  params: GbdtParams,
  opts: GbdtFitOptions,
): Promise<GbdtModel> {
  const p = resolveGbdtParams(params);
  if (!Number.isFinite(opts.seed)) throw new InvalidParamsError(`gbdt seed is ${opts.seed}, expected a finite number`);
  checkMatrix(train, 'train', true);
  if (val) {
    checkMatrix(val, 'val', true);
    if (val.f !== train.f) throw new DatasetError(`val has ${val.f} features, train has ${train.f}`);
  }
  const { n, f } = train;
  const y = train.y as ArrayLike<number>;
  const base = baseMargin(y);
  const yieldEveryMs = opts.yieldEveryMs ?? 50;
  let lastYield = performance.now();
  const pause = (): Promise<void> | undefined => {
    if (performance.now() - lastYield < yieldEveryMs) return undefined;
    return nextTurn().then(() => {
      lastYield = performance.now();
    });
  };

  const layout = fitBins(train.x, n, f, p.maxBins);
  const slots = slotMatrix(train.x, n, f, layout);
  const columns = codeColumns(slots, n, f, layout);
  const valSlots = val ? slotMatrix(val.x, val.n, f, layout) : undefined;
  const builder = new TreeBuilder({ slots, columns, n, f, layout }, p);
  const writer = new TreeEnsembleWriter();
  const margin = new Float64Array(n).fill(base);
  const valMargin = val ? new Float64Array(val.n).fill(base) : undefined;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const inSample = new Uint8Array(n);
  const rng = createRng(mixSeed(opts.seed, 0x67626474));
  const allFeatures = Int32Array.from({ length: f }, (_, j) => j);
  const featuresPerTree = Math.max(1, Math.floor(p.colsampleByTree * f));

  // Without early stopping every round is kept, as in XGBoost; the validation curve is still recorded.
  const earlyStopping = val !== undefined && p.earlyStoppingRounds > 0;
  const valCurve: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestIteration = 0;
  let round = 0;
  while (round < p.rounds) {
    logisticGradients(margin, y, grad, hess);
    const m = drawRows(builder.rows, inSample, n, p.subsample, rng);
    const features = featuresPerTree === f ? allFeatures : drawFeatures(f, featuresPerTree, rng);
    await builder.grow(m, grad, hess, features, pause);
    writer.append(builder, layout);
    builder.addToSampledMargins(margin);
    if (m < n) builder.addToMargins(slots, n, margin, inSample);
    let loss = Number.NaN;
    if (val && valMargin && valSlots) {
      builder.addToMargins(valSlots, val.n, valMargin);
      loss = marginLogLoss(valMargin, val.y as ArrayLike<number>);
      valCurve.push(loss);
    }
    if (!earlyStopping || loss < best) {
      best = loss;
      bestIteration = round;
    }
    round++;
    const verdict = opts.onRound ? await opts.onRound(round - 1, loss) : undefined;
    if (verdict === false || verdict === 'stop') break;
    if (earlyStopping && round - 1 - bestIteration >= p.earlyStoppingRounds) break;
    await pause();
  }
  return GbdtModel.fromState({
    nFeatures: f,
    baseMargin: base,
    params: p,
    bestIteration,
    roundsUsed: round,
    valCurve,
    trees: writer.finish(bestIteration + 1),
  });
}

/** rows[0..m) = this round's sample in ascending order; inSample[r] = 1 for those rows. */
function drawRows(rows: Uint32Array, inSample: Uint8Array, n: number, subsample: number, rng: Rng): number {
  let m = 0;
  if (subsample >= 1) {
    for (let r = 0; r < n; r++) rows[r] = r;
    inSample.fill(1);
    return n;
  }
  for (let r = 0; r < n; r++) {
    const take = rng.next() < subsample;
    inSample[r] = take ? 1 : 0;
    if (take) rows[m++] = r;
  }
  return m;
}

/** k distinct features of f (partial Fisher–Yates), ascending. */
function drawFeatures(f: number, k: number, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: f }, (_, j) => j);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(f - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, k).sort();
}
