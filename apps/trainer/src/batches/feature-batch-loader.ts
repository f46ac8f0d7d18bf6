import type { Db } from '@alphapulse/db';
import { type DecodedFeatureBatch, decodeFeatureBatch, FeatureBatchHashMismatchError } from '@alphapulse/features';
import { PermanentJobError } from '@alphapulse/queue';
import type { ObjectStore } from '@alphapulse/storage';
import { type FeatureBatchRecord, FeatureBatchRepository } from '@alphapulse/tracking';

export interface LoadedBatch {
  record: FeatureBatchRecord;
  batch: DecodedFeatureBatch;
}

/**
 * Loads feature batches by id from the object store and verifies their content hash against the
 * hash recorded at publication. A missing or tampered batch is a PermanentJobError: retrying
 * cannot fix it. Keeps the last few decoded batches in memory, since every trial of a study
 * reads the same one.
 */
export class FeatureBatchLoader {
  private readonly batches: FeatureBatchRepository;
  private readonly cache = new Map<string, LoadedBatch>();

  constructor(
    db: Db,
    private readonly store: ObjectStore,
    private readonly capacity = 3,
  ) {
    this.batches = new FeatureBatchRepository(db);
  }

  async load(batchId: string): Promise<LoadedBatch> {
    const hit = this.cache.get(batchId);
    if (hit) {
      this.cache.delete(batchId);
      this.cache.set(batchId, hit); // most recently used last
      return hit;
    }
    const record = await this.batches.get(batchId);
    if (!record) throw new PermanentJobError(`unknown feature batch ${batchId}`);
    let bytes: Buffer;
    try {
      bytes = await this.store.get(record.objectKey);
    } catch (err) {
      if ((err as Error).name === 'ObjectNotFoundError') throw new PermanentJobError(`feature batch ${batchId}: object ${record.objectKey} is missing`);
      throw err;
    }
    let batch: DecodedFeatureBatch;
    try {
      batch = decodeFeatureBatch(bytes, record.contentHash);
    } catch (err) {
      if (err instanceof FeatureBatchHashMismatchError) throw new PermanentJobError(`feature batch ${batchId} rejected: ${err.message}`);
      throw new PermanentJobError(`feature batch ${batchId} is unreadable: ${(err as Error).message}`);
    }
    const loaded = { record, batch };
    this.cache.set(batchId, loaded);
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return loaded;
  }
}
