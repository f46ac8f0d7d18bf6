import type { SplitBoundaries } from '../ml/dataset.ts';
import { MetricInputError } from './errors.ts';

export interface WalkForwardOptions {
  /** Retrain every k bar times (default 252, a trading year). */
  every?: number;
  /** Share of the labelled times used before the first out-of-sample block (default 0.5). */
  initialFraction?: number;
  /** Share of each fold's in-sample times held out for early stopping (default 0.15). */
  valFraction?: number;
  /** Bar times dropped between train/val and val/test (default 1). */
  gapBars?: number;
}

/**
 * Expanding-window folds over sorted distinct bar times: fold i trains on everything up to its validation
 * window, early-stops on that window, and predicts the next `every` times out of sample. Out-of-sample
 * blocks are consecutive and disjoint and together cover the times after the initial window; a short
 * final block (under half of `every`, or under 5 times) joins the previous fold's block.
 */
export function planWalkForward(times: readonly number[], opts: WalkForwardOptions = {}): SplitBoundaries[] {
  const every = opts.every ?? 252;
  const initialFraction = opts.initialFraction ?? 0.5;
  const valFraction = opts.valFraction ?? 0.15;
  const gap = opts.gapBars ?? 1;
  if (!Number.isInteger(every) || every < 1)
    throw new MetricInputError(`walk-forward every must be a positive integer, got ${every}`);
  if (!(initialFraction > 0 && initialFraction < 1))
    throw new MetricInputError(`walk-forward initialFraction must be in (0, 1), got ${initialFraction}`);
  if (!(valFraction > 0 && valFraction < 1))
    throw new MetricInputError(`walk-forward valFraction must be in (0, 1), got ${valFraction}`);
  const folds: SplitBoundaries[] = [];
  // A final block shorter than half a step is merged into the fold before it (its model predicts a
  // little further ahead) instead of being a fold too small to evaluate.
  const minBlock = Math.max(5, Math.ceil(every / 2));
  for (let s = Math.round(times.length * initialFraction); s < times.length; s += every) {
    if (folds.length > 0 && times.length - s < minBlock) {
      folds[folds.length - 1].test.end = times[times.length - 1];
      break;
    }
    const inSample = s - gap;
    const nVal = Math.max(1, Math.round(inSample * valFraction));
    const trainEnd = inSample - nVal - gap;
    if (trainEnd < 1) throw new MetricInputError(`walk-forward: too few times (${times.length}) for the first fold`);
    const end = Math.min(s + every, times.length) - 1;
    folds.push({
      train: { start: times[0], end: times[trainEnd - 1] },
      val: { start: times[trainEnd + gap], end: times[inSample - 1] },
      test: { start: times[s], end: times[end] },
    });
  }
  return folds;
}
