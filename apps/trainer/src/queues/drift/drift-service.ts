import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobProducer } from '@alphapulse/queue';
import { type ArtifactStore, compareToReference, type DriftReference, DriftRepository, ModelRegistry } from '@alphapulse/tracking';
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

/** What the trainer stores beside a model as its drift reference. */
export interface StoredReference extends DriftReference {
  /** Bar time (ms) of the training window's last row: rows after it are what the model has not seen. */
  trainEnd: number;
}

const KS_ALPHA = 0.01;
const MIN_ROWS = 30;

/**
 * Compares a new batch with the champion's training window (PSI and KS per feature, on the rows whose
 * bar time is after the training window's end: what the model has not seen), stores the report, and
 * queues a retrain on the batch when the share of drifted features exceeds DRIFT_SHARE_THRESHOLD,
 * recording that reason. A batch the champion was itself trained on never triggers a retrain (its
 * later rows are the champion's own validation and test windows). Asked for a version that is no
 * longer the champion, it skips.
 */
export class DriftService {
  private readonly registry: ModelRegistry;
  private readonly reports: DriftRepository;

  constructor(
    db: Db,
    private readonly artifacts: ArtifactStore,
    private readonly loader: FeatureBatchLoader,
    private readonly producer: JobProducer,
    private readonly env: Env,
    private readonly logger: Logger,
  ) {
    this.registry = new ModelRegistry(db);
    this.reports = new DriftRepository(db);
  }

  async check(batchId: string, modelVersion?: number): Promise<DriftOutcome> {
    const champion = await this.registry.champion();
    const skip = (skipped: string): DriftOutcome => ({ batchId, modelVersion: champion?.id ?? null, drifted: false, shareDrifted: 0, comparedRows: 0, skipped });
    if (!champion) return skip('no champion model yet');
    if (modelVersion !== undefined && modelVersion !== champion.id) return skip(`version ${modelVersion} is no longer the champion (v${champion.id} is)`);
    const { record, batch } = await this.loader.load(batchId);
    if (record.featureSetHash !== champion.featureSetHash) return skip(`batch feature set ${record.featureSetHash} differs from the champion's ${champion.featureSetHash}`);
    const reference = await this.artifacts.getReference<StoredReference>(champion.runId);
    // Only rows newer than the champion's training window (by bar time); if the batch has too few, its latest fifth.
    let rows: number[] = [];
    for (let r = 0; r < batch.rows; r++) if (batch.ts[r] > reference.trainEnd) rows.push(r);
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
    if (report.drifted && batchId !== champion.batchId) {
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
