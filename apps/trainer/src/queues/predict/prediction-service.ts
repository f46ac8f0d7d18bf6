import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import { type ArtifactStore, ModelRegistry, PredictionRepository } from '@alphapulse/tracking';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { type FittedModel, loadModel, predictLatest } from '../../ml/index.ts';

export interface PredictOutcome {
  batchId: string;
  modelVersion: number | null;
  predictions: number;
  stale: boolean;
  skill?: 'significant' | 'none';
  skipped?: string;
}

/**
 * Scores the latest row of each symbol of a batch with the champion and stores the predictions with
 * the model version, its skill verdict and the feature timestamp. A champion older than
 * CHAMPION_MAX_AGE_DAYS still predicts, but its predictions are marked stale. Asked for a specific
 * version (queued on its promotion) that is no longer the champion, it skips: a newer champion's own
 * job scores the batch.
 */
export class PredictionService {
  private readonly registry: ModelRegistry;
  private readonly predictions: PredictionRepository;
  private loaded?: { versionId: number; model: FittedModel };

  constructor(
    db: Db,
    private readonly artifacts: ArtifactStore,
    private readonly loader: FeatureBatchLoader,
    private readonly env: Env,
    private readonly logger: Logger,
  ) {
    this.registry = new ModelRegistry(db);
    this.predictions = new PredictionRepository(db);
  }

  async predictBatch(batchId: string, modelVersion?: number): Promise<PredictOutcome> {
    const champion = await this.registry.champion();
    const skip = (skipped: string): PredictOutcome => ({ batchId, modelVersion: champion?.id ?? null, predictions: 0, stale: false, skipped });
    if (!champion) return skip('no champion model yet');
    if (modelVersion !== undefined && modelVersion !== champion.id) return skip(`version ${modelVersion} is no longer the champion (v${champion.id} is)`);
    const { record, batch } = await this.loader.load(batchId);
    if (record.featureSetHash !== champion.featureSetHash) {
      return skip(`batch feature set ${record.featureSetHash} differs from the champion's ${champion.featureSetHash}`);
    }
    if (this.loaded?.versionId !== champion.id) {
      this.loaded?.model.dispose();
      this.loaded = { versionId: champion.id, model: await loadModel(await this.artifacts.getModel(champion.runId)) };
    }
    const status = await this.registry.championStatus(this.env.CHAMPION_MAX_AGE_DAYS);
    const stale = status?.stale ?? false;
    const latest = predictLatest(this.loaded.model, batch);
    await this.predictions.record(
      latest.map((p) => ({
        modelVersionId: champion.id,
        symbol: p.symbol,
        featureTs: new Date(p.ts),
        batchId,
        probabilityUp: p.probabilityUp,
        stale,
        skill: champion.skill,
      })),
    );
    this.logger.info({ batchId, version: champion.id, predictions: latest.length, stale, skill: champion.skill }, 'predictions stored');
    return { batchId, modelVersion: champion.id, predictions: latest.length, stale, skill: champion.skill };
  }
}
