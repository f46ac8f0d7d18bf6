import { buildSequences, validateBatch } from './dataset.ts';
import { ModelArtifactError } from './errors.ts';
import { applyScaler } from './scaler.ts';
import type { TrainedModel } from './trained-model.ts';
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
 * yet known), scaled with the model's own training scaler; sequence models read that symbol's preceding rows.
 * Symbols with no complete row are left out.
 */
export function predictLatest(model: TrainedModel, batch: DecodedFeatureBatch): LatestPrediction[] {
  validateBatch(batch);
  const missing = model.featureNames.filter((n) => !batch.features[n]);
  if (missing.length) throw new ModelArtifactError(`batch lacks feature(s) the model needs: ${missing.join(', ')}`);
  const cols = model.featureNames.map((n) => batch.features[n]);
  const bySymbol = new Map<string, number[]>();
  for (let r = 0; r < batch.rows; r++) {
    if (!Number.isFinite(batch.ts[r]) || !cols.every((c) => Number.isFinite(c[r]))) continue;
    const list = bySymbol.get(batch.symbol[r]) ?? [];
    list.push(r);
    bySymbol.set(batch.symbol[r], list);
  }
  const symbols = [...bySymbol.keys()].sort();
  if (symbols.length === 0) return [];
  const window = model.window;
  const f = model.featureNames.length;
  const historyRows: number[] = [];
  const previous: number[] = [];
  const ends: number[] = [];
  for (const s of symbols) {
    const rows = (bySymbol.get(s) ?? []).sort((a, b) => batch.ts[a] - batch.ts[b]).slice(-window);
    rows.forEach((r, k) => {
      previous.push(k === 0 ? -1 : historyRows.length - 1);
      historyRows.push(r);
    });
    ends.push(historyRows.length - 1);
  }
  const scaled = applyScaler(model.scaler, cols, historyRows);
  const input =
    window === 1 && model.meta.kind !== 'lstm'
      ? Float32Array.from(ends.flatMap((h) => Array.from(scaled.subarray(h * f, (h + 1) * f))))
      : buildSequences(scaled, Int32Array.from(previous), f, ends, window);
  const p = model.predictProba(input);
  return symbols.map((symbol, k) => {
    const r = historyRows[ends[k]];
    return { symbol, ts: batch.ts[r], availableAt: batch.availableAt[r], probabilityUp: p[k] };
  });
}
