import { DatasetError } from '../errors.ts';
import { checkFinite, type FeatureValues } from './matrix.ts';
import { decodeModel, encodeModel, type GbdtModelState } from './model-codec.ts';
import type { ResolvedGbdtParams } from './params.ts';
import { type PackedTrees, packTrees, predictMargins } from './tree-ensemble.ts';

/** Per-feature importances over the trees the model predicts with. */
export interface GbdtImportances {
  /** Feature names (the given ones, else `f0`, `f1`, ...). */
  features: string[];
  /** Total split gain (loss reduction) per feature, XGBoost's `total_gain`. */
  gain: number[];
  /** Number of splits per feature, XGBoost's `weight`. */
  splits: number[];
}

/**
 * A fitted binary classifier: margin = base margin + the leaf weights of trees 0..bestIteration.
 * Predicting needs nothing but these arrays (no TensorFlow). Trees after the best iteration are not
 * kept; `roundsUsed` says how many rounds the fit ran.
 */
export class GbdtModel {
  private packed: PackedTrees | undefined;

  private constructor(private readonly state: GbdtModelState) {}

  /** Wraps fitted state; used by fitGbdt and fromBytes. */
  static fromState(state: GbdtModelState): GbdtModel {
    return new GbdtModel(state);
  }

  /** Reads bytes written by `toBytes`; throws ModelArtifactError when they are not a valid model. */
  static fromBytes(bytes: Uint8Array): GbdtModel {
    return new GbdtModel(decodeModel(bytes));
  }

  /** Features per row the model expects. */
  get nFeatures(): number {
    return this.state.nFeatures;
  }

  /** The resolved params it was fitted with. */
  get params(): ResolvedGbdtParams {
    return { ...this.state.params };
  }

  /** 0-based round with the lowest validation log loss; the last round run without early stopping. */
  get bestIteration(): number {
    return this.state.bestIteration;
  }

  /** Rounds the fit ran before early stopping, pruning or `rounds` ended it. */
  get roundsUsed(): number {
    return this.state.roundsUsed;
  }

  /** Validation log loss after each round (index = round); empty without validation rows. */
  get valCurve(): number[] {
    return [...this.state.valCurve];
  }

  /** Trees predictions use (bestIteration + 1). */
  get treeCount(): number {
    return this.state.trees.treeStarts.length - 1;
  }

  /** The starting margin of every row, log-odds of the mean training label. */
  get baseMargin(): number {
    return this.state.baseMargin;
  }

  /**
   * Raw margins (log-odds) of n rows of `x` (row-major, nFeatures per row; NaN = missing, follows each
   * split's learned default way). Throws DatasetError on a shape mismatch or a ±Infinity.
   */
  predictMargin(x: FeatureValues, n: number): Float64Array {
    const f = this.state.nFeatures;
    if (!Number.isInteger(n) || n < 0 || x.length !== n * f)
      throw new DatasetError(`predict: x has ${x.length} values, expected n × f = ${n} × ${f}`);
    checkFinite(x, n, f, 'predict');
    this.packed ??= packTrees(this.state.trees);
    return predictMargins(this.packed, this.state.baseMargin, x, n, f);
  }

  /** P(y = 1) for n rows of `x`; see predictMargin. */
  predictProba(x: FeatureValues, n: number): Float64Array {
    const m = this.predictMargin(x, n);
    for (let i = 0; i < n; i++) m[i] = 1 / (1 + Math.exp(-m[i]));
    return m;
  }

  /** Gain and split counts per feature over the kept trees, in feature order. */
  importances(featureNames?: readonly string[]): GbdtImportances {
    const f = this.state.nFeatures;
    if (featureNames && featureNames.length !== f)
      throw new DatasetError(`importances: ${featureNames.length} feature names for a model of ${f} features`);
    const gain = new Array<number>(f).fill(0);
    const splits = new Array<number>(f).fill(0);
    const { feature, gain: nodeGain } = this.state.trees;
    for (let i = 0; i < feature.length; i++) {
      const j = feature[i];
      if (j < 0) continue;
      gain[j] += nodeGain[i];
      splits[j]++;
    }
    return { features: featureNames ? [...featureNames] : Array.from({ length: f }, (_, j) => `f${j}`), gain, splits };
  }

  /** The compact binary artifact (see encodeModel); same model, same bytes. */
  toBytes(): Buffer {
    return encodeModel(this.state);
  }
}
