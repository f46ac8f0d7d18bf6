import { binCounts, ksPValue, ksStatistic, psi, quantileSorted, sortedFinite } from './drift-statistics.ts';
import { TrackingInputError } from './errors.ts';

/** One feature's reference distribution from the training window. */
export interface FeatureReference {
  /** Strictly increasing cut points (quantiles of the training window); bin i is (cuts[i-1], cuts[i]]. */
  cuts: number[];
  /** Training-window rows per bin (cuts.length + 1 bins). */
  counts: number[];
  /** Finite values seen. */
  n: number;
  /** Non-finite values (NaN, ±Infinity) ignored. */
  missing: number;
  /**
   * Sorted values for the KS test: all of them when n ≤ the sketch size, else n evenly spaced
   * quantiles (the reference CDF is then exact to within 1/(2·sketch size)).
   */
  sketch: number[];
}

/** Reference histograms of every feature of a training window; plain JSON, stored with the model. */
export interface DriftReference {
  version: 1;
  bins: number;
  features: Record<string, FeatureReference>;
}

export interface DriftOptions {
  /** A feature's PSI above this is a large shift (DRIFT_PSI_THRESHOLD; 0.2 is the usual rule of thumb). */
  psiThreshold: number;
  /** A KS p-value below this is a significant shift (e.g. 0.05). */
  ksAlpha: number;
  /** The batch drifted when the share of drifted features exceeds this (DRIFT_SHARE_THRESHOLD). */
  shareThreshold: number;
}

export interface FeatureDrift {
  psi: number;
  ks: number;
  ksPValue: number;
  /** PSI above psiThreshold and KS p-value below ksAlpha. */
  drifted: boolean;
  referenceN: number;
  currentN: number;
  /** Rows per reference bin, training window then this batch (the console's histogram); absent in old reports. */
  referenceCounts?: number[];
  currentCounts?: number[];
}

export interface DriftReport {
  features: Record<string, FeatureDrift>;
  /** Drifted features / features compared. */
  shareDrifted: number;
  drifted: boolean;
  options: DriftOptions;
  /** Features that could not be compared, and why. */
  skipped: { feature: string; reason: string }[];
}

export const DEFAULT_SKETCH_SIZE = 1_000;

/**
 * Per-feature reference histograms of a training window: `bins` quantile bins (fewer when values
 * repeat, as for a binary feature) and a sorted sketch for the KS test. NaN and infinities are ignored.
 */
export function referenceHistograms(
  features: Record<string, ArrayLike<number>>,
  bins = 10,
  sketchSize = DEFAULT_SKETCH_SIZE,
): DriftReference {
  if (!Number.isInteger(bins) || bins < 2) throw new TrackingInputError('bins', 'must be an integer ≥ 2');
  if (!Number.isInteger(sketchSize) || sketchSize < 2) throw new TrackingInputError('sketchSize', 'must be an integer ≥ 2');
  const out: Record<string, FeatureReference> = {};
  for (const [name, values] of Object.entries(features)) {
    const sorted = sortedFinite(values);
    const cuts: number[] = [];
    if (sorted.length > 0) {
      for (let k = 1; k < bins; k++) {
        // Cuts are observed values (the lower quantile), so repeated values share a bin instead of
        // leaving empty bins between them.
        const c = sorted[Math.floor(((sorted.length - 1) * k) / bins)];
        if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
      }
    }
    out[name] = {
      cuts,
      counts: binCounts(cuts, sorted),
      n: sorted.length,
      missing: values.length - sorted.length,
      sketch: sketchOf(sorted, sketchSize),
    };
  }
  return { version: 1, bins, features: out };
}

function sketchOf(sorted: Float64Array, size: number): number[] {
  if (sorted.length <= size) return Array.from(sorted);
  const out = new Array<number>(size);
  for (let j = 0; j < size; j++) out[j] = quantileSorted(sorted, (j + 0.5) / size);
  return out;
}

/**
 * Compares a new batch's features with the training reference: per feature the PSI on the
 * reference's bins and the two-sample KS statistic and p-value; a feature drifted when both say
 * so (a large shift, PSI > psiThreshold, that is also significant, p < ksAlpha: PSI alone is noisy
 * on a small batch, KS alone flags negligible shifts on a large one). The batch drifted when the
 * share of drifted features exceeds shareThreshold. Features missing on either side, or with no
 * finite values, are skipped and listed.
 */
export function compareToReference(
  reference: DriftReference,
  current: Record<string, ArrayLike<number>>,
  options: DriftOptions,
): DriftReport {
  const features: Record<string, FeatureDrift> = {};
  const skipped: { feature: string; reason: string }[] = [];
  for (const [name, ref] of Object.entries(reference.features)) {
    const values = current[name];
    if (values === undefined) {
      skipped.push({ feature: name, reason: 'not in the current batch' });
      continue;
    }
    const sorted = sortedFinite(values);
    if (sorted.length === 0 || ref.n === 0) {
      skipped.push({
        feature: name,
        reason: sorted.length === 0 ? 'no finite values in the current batch' : 'no finite values in the reference',
      });
      continue;
    }
    const currentCounts = binCounts(ref.cuts, sorted);
    const p = psi(ref.counts, currentCounts);
    const ks = ksStatistic(ref.sketch, sorted);
    const pValue = ksPValue(ks, ref.n, sorted.length);
    features[name] = {
      psi: p,
      ks,
      ksPValue: pValue,
      drifted: p > options.psiThreshold && pValue < options.ksAlpha,
      referenceN: ref.n,
      currentN: sorted.length,
      referenceCounts: [...ref.counts],
      currentCounts: [...currentCounts],
    };
  }
  for (const name of Object.keys(current)) {
    if (!(name in reference.features)) skipped.push({ feature: name, reason: 'not in the reference' });
  }
  const compared = Object.values(features);
  const shareDrifted = compared.length === 0 ? 0 : compared.filter((f) => f.drifted).length / compared.length;
  return { features, shareDrifted, drifted: compared.length > 0 && shareDrifted > options.shareThreshold, options, skipped };
}
