import { scoringFrameOf } from './dataset.ts';
import type { FittedModel } from './model.ts';
import type { DecodedFeatureBatch } from './types.ts';

export interface LatestPrediction {
  symbol: string;
  /** Bar time (ms) of the scored row. */
  ts: number;
  /** When that row's inputs were all known (ms). */
  availableAt: number;
  probabilityUp: number;
}

/**
 * Scores the latest row with complete features of each symbol in the batch (the bar whose outcome is not
 * yet known), through the model's own training scaler; sequence models read that symbol's preceding rows.
 * Symbols with no complete row are left out.
 */
export function predictLatest(model: FittedModel, batch: DecodedFeatureBatch): LatestPrediction[] {
  const { frame, rowsBySymbol } = scoringFrameOf(batch, model.featureNames);
  const symbols = [...rowsBySymbol.keys()].sort();
  if (symbols.length === 0) return [];
  const latest = symbols.map((s) => (rowsBySymbol.get(s) as number[]).at(-1) as number);
  const p = model.predictFrame(frame, latest);
  return symbols.map((symbol, k) => ({ symbol, ts: batch.ts[latest[k]], availableAt: batch.availableAt[latest[k]], probabilityUp: p[k] }));
}
