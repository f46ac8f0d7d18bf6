import { InvalidParamsError } from '../errors.ts';

/** Most value bins per feature (XGBoost's default `max_bin`); NaN gets a code of its own besides. */
export const MAX_BINS = 256;

/**
 * Hyperparameters of one boosted ensemble, named and defined as XGBoost's (`eta`, `max_depth`,
 * `min_child_weight`, `subsample`, `colsample_bytree`, `lambda`, `gamma`, `max_bin`).
 */
export interface GbdtParams {
  /** Shrinkage applied to every leaf weight, in (0, 1]. */
  learningRate: number;
  /**
   * Depth-wise growth stops at this depth (1 = stumps), integer 1..10: a level keeps one histogram
   * (16 bytes × bins × features) per open node, up to 2^(maxDepth-1) of them.
   */
  maxDepth: number;
  /** Minimum hessian sum in each child of a split, >= 0. */
  minChildWeight: number;
  /** Fraction of training rows drawn (Bernoulli, seeded) for each tree, in (0, 1]. */
  subsample: number;
  /** Fraction of features drawn (seeded, at least one) for each tree, in (0, 1]. */
  colsampleByTree: number;
  /** L2 penalty on leaf weights, >= 0. */
  lambda: number;
  /** Minimum split gain (XGBoost's `gamma` / `min_split_loss`), >= 0. */
  gamma: number;
  /** Maximum boosting rounds, integer 1..10,000; early stopping usually ends sooner. */
  rounds: number;
  /** Stop when validation log loss has not improved for this many rounds; 0 turns early stopping off. */
  earlyStoppingRounds: number;
  /** Value bins per feature as XGBoost's `max_bin`, integer 2..256 (default 256); NaN has its own bin besides. */
  maxBins?: number;
}

/** GbdtParams with every optional field filled in. */
export type ResolvedGbdtParams = Required<GbdtParams>;

/**
 * The params with `maxBins` defaulted, numbers coerced from strings (JSON round trips), checked
 * field by field; throws InvalidParamsError naming the first field out of range.
 */
export function resolveGbdtParams(params: GbdtParams | Record<string, unknown>): ResolvedGbdtParams {
  const raw = params as Record<string, unknown>;
  const num = (k: string) => (raw[k] === undefined || raw[k] === null || raw[k] === '' ? Number.NaN : Number(raw[k]));
  const p: ResolvedGbdtParams = {
    learningRate: num('learningRate'),
    maxDepth: num('maxDepth'),
    minChildWeight: num('minChildWeight'),
    subsample: num('subsample'),
    colsampleByTree: num('colsampleByTree'),
    lambda: num('lambda'),
    gamma: num('gamma'),
    rounds: num('rounds'),
    earlyStoppingRounds: num('earlyStoppingRounds'),
    maxBins: raw.maxBins === undefined || raw.maxBins === null ? MAX_BINS : num('maxBins'),
  };
  const need = (ok: boolean, field: keyof GbdtParams, expected: string) => {
    if (!ok) throw new InvalidParamsError(`gbdt params.${field} is ${JSON.stringify(raw[field])}: expected ${expected}`);
  };
  const int = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  const finite = (v: number) => Number.isFinite(v);
  need(finite(p.learningRate) && p.learningRate > 0 && p.learningRate <= 1, 'learningRate', 'a number in (0, 1]');
  need(int(p.maxDepth, 1, 10), 'maxDepth', 'an integer 1..10');
  need(finite(p.minChildWeight) && p.minChildWeight >= 0, 'minChildWeight', 'a number >= 0');
  need(finite(p.subsample) && p.subsample > 0 && p.subsample <= 1, 'subsample', 'a number in (0, 1]');
  need(finite(p.colsampleByTree) && p.colsampleByTree > 0 && p.colsampleByTree <= 1, 'colsampleByTree', 'a number in (0, 1]');
  need(finite(p.lambda) && p.lambda >= 0, 'lambda', 'a number >= 0');
  need(finite(p.gamma) && p.gamma >= 0, 'gamma', 'a number >= 0');
  need(int(p.rounds, 1, 10_000), 'rounds', 'an integer 1..10000');
  need(int(p.earlyStoppingRounds, 0, 10_000), 'earlyStoppingRounds', 'an integer 0..10000');
  need(int(p.maxBins, 2, MAX_BINS), 'maxBins', `an integer 2..${MAX_BINS}`);
  return p;
}
