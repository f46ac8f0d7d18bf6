import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { ObjectStore } from '@alphapulse/storage';
import { ModelRegistry, PredictionRepository } from '@alphapulse/tracking';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { loadModel, predictLatest, type TrainedModel } from '../../ml/index.ts';

export interface PredictOutcome {
  batchId: string;
  modelVersion: number | null;
  predictions: number;
  stale: boolean;
  skipped?: string;
}

/** Loads every object under a model's prefix into the file map `loadModel` takes. */
export async function readModelFiles(store: ObjectStore, artifactPrefix: string): Promise<Record<string, Buffer>> {
  const prefix = artifactPrefix.replace(/\/$/, '');
  const files: Record<string, Buffer> = {};
  for (const key of await store.list(`${prefix}/`)) files[key.slice(prefix.length + 1)] = await store.get(key);
  return files;
}

/**
 * Scores the latest row of each symbol of a batch with the current champion and stores the
 * predictions with the model version and feature timestamp. A champion older than
 * CHAMPION_MAX_AGE_DAYS still predicts, but its predictions are marked stale.
 */
export class PredictionService {
  private readonly registry: ModelRegistry;
  private readonly predictions: PredictionRepository;
  private loaded?: { versionId: number; model: TrainedModel };

  constructor(
    db: Db,
    private readonly store: ObjectStore,
    private readonly loader: FeatureBatchLoader,
    private readonly env: Env,
    private readonly logger: Logger,
  ) {
    this.registry = new ModelRegistry(db);
    this.predictions = new PredictionRepository(db);
  }

  async predictBatch(batchId: string): Promise<PredictOutcome> {
    const champion = await this.registry.champion();
    if (!champion) return { batchId, modelVersion: null, predictions: 0, stale: false, skipped: 'no champion model yet' };
    const { record, batch } = await this.loader.load(batchId);
    if (record.featureSetHash !== champion.featureSetHash) {
      return { batchId, modelVersion: champion.id, predictions: 0, stale: false, skipped: `batch feature set ${record.featureSetHash} differs from the champion's ${champion.featureSetHash}` };
    }
    if (this.loaded?.versionId !== champion.id) {
      this.loaded?.model.dispose?.();
      this.loaded = { versionId: champion.id, model: await loadModel(await readModelFiles(this.store, champion.artifactPrefix)) };
    }
    const status = await this.registry.championStatus(this.env.CHAMPION_MAX_AGE_DAYS);
    const stale = status?.stale ?? false;
    const latest = predictLatest(this.loaded.model, batch);
    await this.predictions.record(
      latest.map((p) => ({ modelVersionId: champion.id, symbol: p.symbol, featureTs: new Date(p.ts), batchId, probabilityUp: p.probabilityUp, stale })),
    );
    this.logger.info({ batchId, version: champion.id, predictions: latest.length, stale }, 'predictions stored');
    return { batchId, modelVersion: champion.id, predictions: latest.length, stale };
  }
}
