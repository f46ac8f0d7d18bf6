import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobProducer } from '@alphapulse/queue';
import type { ObjectStore } from '@alphapulse/storage';
import { compareToReference, type DriftReference, DriftRepository, ModelRegistry } from '@alphapulse/tracking';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';

export interface DriftOutcome {
  batchId: string;
  modelVersion: number | null;
  drifted: boolean;
  shareDrifted: number;
  comparedRows: number;
  retrainJobId?: string;
  skipped?: string;
}

/** What the trainer stores beside a model as `reference.json`. */
export interface StoredReference extends DriftReference {
  /** End of the training window (ms): rows after it are what the model has not seen. */
  trainEnd: number;
}

const KS_ALPHA = 0.01;
const MIN_ROWS = 30;

/**
 * Compares a new batch with the champion's training window (PSI and KS per feature, on the rows
 * the model has not seen), stores the report, and queues a retrain on the batch when the share of
 * drifted features exceeds DRIFT_SHARE_THRESHOLD, recording that reason.
 */
export class DriftService {
  private readonly registry: ModelRegistry;
  private readonly reports: DriftRepository;

  constructor(
    db: Db,
    private readonly store: ObjectStore,
    private readonly loader: FeatureBatchLoader,
    private readonly producer: JobProducer,
    private readonly env: Env,
    private readonly logger: Logger,
  ) {
    this.registry = new ModelRegistry(db);
    this.reports = new DriftRepository(db);
  }

  async check(batchId: string): Promise<DriftOutcome> {
    const champion = await this.registry.champion();
    if (!champion) return { batchId, modelVersion: null, drifted: false, shareDrifted: 0, comparedRows: 0, skipped: 'no champion model yet' };
    const reference = JSON.parse((await this.store.get(`${champion.artifactPrefix.replace(/\/$/, '')}/reference.json`)).toString()) as StoredReference;
    const { batch } = await this.loader.load(batchId);
    // Only rows newer than the champion's training window; if the batch has too few, its latest fifth.
    let rows: number[] = [];
    for (let r = 0; r < batch.rows; r++) if (batch.availableAt[r] > reference.trainEnd) rows.push(r);
    if (rows.length < MIN_ROWS) {
      const order = Array.from({ length: batch.rows }, (_, i) => i).sort((a, b) => batch.ts[a] - batch.ts[b]);
      rows = order.slice(Math.floor(order.length * 0.8));
    }
    const current = Object.fromEntries(Object.keys(reference.features).map((name) => [name, Float64Array.from(rows, (r) => batch.features[name]?.[r] ?? Number.NaN)]));
    const report = compareToReference(reference, current, {
      psiThreshold: this.env.DRIFT_PSI_THRESHOLD,
      ksAlpha: KS_ALPHA,
      shareThreshold: this.env.DRIFT_SHARE_THRESHOLD,
    });
    let retrainJobId: string | undefined;
    if (report.drifted) {
      const top = Object.entries(report.features)
        .filter(([, f]) => f.drifted)
        .sort((a, b) => b[1].psi - a[1].psi)
        .slice(0, 3)
        .map(([n, f]) => `${n} PSI ${f.psi.toFixed(2)}`);
      const reason = `drift: ${(100 * report.shareDrifted).toFixed(0)}% of features drifted vs version ${champion.id} (${top.join(', ')})`;
      retrainJobId = await this.producer.enqueue('training.run', { batchId, mode: 'ultra_fast', reason: reason.slice(0, 200) });
    }
    await this.reports.record({ batchId, modelVersionId: champion.id, report, retrainJobId });
    this.logger.info({ batchId, version: champion.id, shareDrifted: report.shareDrifted, drifted: report.drifted, retrainJobId }, 'drift checked');
    return { batchId, modelVersion: champion.id, drifted: report.drifted, shareDrifted: report.shareDrifted, comparedRows: rows.length, retrainJobId };
  }
}
