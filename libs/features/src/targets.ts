import type { Bar } from '@alphapulse/market';
import { type OhlcvSeries, seriesFromBars } from './series.ts';

/** What a model learns to predict, one value per bar, aligned with the feature rows. */
export interface Targets {
  /** close_{t+1} / close_t − 1 on adjusted closes; NaN on the last bar. */
  nextReturn: Float64Array;
  /** 1 when the next close is higher, 0 when it is not; NaN on the last bar. */
  direction: Float64Array;
}

/**
 * Builds targets from bars (validated and adjusted exactly as for features, so rows align).
 * Kept apart from the feature code, which never imports this module: features cannot see the future.
 */
export function buildTargets(bars: readonly Bar[]): Targets {
  return buildTargetsFromSeries(seriesFromBars(bars));
}

/** The same over an adjusted series (see `seriesFromBars`). */
export function buildTargetsFromSeries(series: OhlcvSeries): Targets {
  const c = series.close;
  const n = c.length;
  const nextReturn = new Float64Array(n).fill(Number.NaN);
  const direction = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t + 1 < n; t++) {
    nextReturn[t] = c[t + 1] / c[t] - 1;
    direction[t] = c[t + 1] > c[t] ? 1 : 0;
  }
  return { nextReturn, direction };
}
