export interface PrunerOptions {
  /** Never prune before this many epochs (default 3). */
  minEpochs?: number;
  /** Never prune before this many other trials have completed (default 2). */
  minCompleted?: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median pruner: after `minEpochs`, a trial whose best validation loss so far is worse than the median of
 * the completed trials' best losses over the same number of epochs is pruned. Curves are lower-is-better.
 */
export function shouldPrune(curve: number[], completedCurves: number[][], opts: PrunerOptions = {}): boolean {
  const minEpochs = opts.minEpochs ?? 3;
  const minCompleted = opts.minCompleted ?? 2;
  if (curve.length < Math.max(1, minEpochs)) return false;
  const steps = curve.length;
  const others = completedCurves.filter((c) => c.length > 0).map((c) => Math.min(...c.slice(0, steps)));
  if (others.length < minCompleted) return false;
  return Math.min(...curve) > median(others);
}
