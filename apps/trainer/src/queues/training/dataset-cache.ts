import type { DecodedFeatureBatch } from '@alphapulse/features';
import { PermanentJobError } from '@alphapulse/queue';
import { type PreparedDataset, prepareDataset } from '../../ml/index.ts';

/**
 * Prepared (split and scaled) datasets by batch id. Every trial of a study and its final fit must
 * see the identical split and training-window scaler; preparing is deterministic, so caching is
 * only about speed. A batch too small to split is a PermanentJobError.
 */
export class DatasetCache {
  private readonly cache = new Map<string, PreparedDataset>();

  constructor(private readonly capacity = 2) {}

  get(batchId: string, batch: DecodedFeatureBatch): PreparedDataset {
    let ds = this.cache.get(batchId);
    if (!ds) {
      try {
        ds = prepareDataset(batch);
      } catch (err) {
        throw new PermanentJobError(`feature batch ${batchId} cannot be split for training: ${(err as Error).message}`);
      }
      this.cache.set(batchId, ds);
      while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    }
    return ds;
  }
}
