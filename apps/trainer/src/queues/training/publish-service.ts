import { hostname } from 'node:os';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobPayload, JobProducer } from '@alphapulse/queue';
import {
  ArtifactNotFoundError,
  type ArtifactStore,
  type ChampionEvidence,
  FeatureBatchRepository,
  ModelRegistry,
  type ModelVersionRecord,
  type PairedEvidence,
  type PromotionDecision,
  type PromotionEvidence,
} from '@alphapulse/tracking';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { type PairedLogLossTest, pairedLogLossTest } from '../../evaluation/paired-test.ts';
import { loadModel, type ModelReport, type PreparedDataset, type WindowPredictions } from '../../ml/index.ts';
import type { DatasetCache } from './dataset-cache.ts';
import { testWindowId } from './study-results.ts';

export interface PublishResult {
  version: ModelVersionRecord;
  decision: PromotionDecision;
  /** Jobs queued because the version became champion. */
  predictJobId?: string;
  driftJobId?: string;
}

const paired = (t: PairedLogLossTest): PairedEvidence => ({
  n: t.n,
  groups: t.groups,
  candidateLogLoss: t.logLossA,
  otherLogLoss: t.logLossB,
  pBetter: t.pBetter,
  pWorse: t.pWorse,
});

/**
 * The `publish` step of a training job: registers the evaluated model (one version per run, with its
 * skill verdict), gathers the promotion evidence on its test window (the champion re-scored there from
 * its own artifacts and scaler), lets the registry decide, and on promotion queues `predict.batch`
 * and `drift.check` for the newest batch of the feature set. Prediction happens only in those jobs.
 */
export class PublishService {
  private readonly registry: ModelRegistry;
  private readonly batches: FeatureBatchRepository;

  constructor(
    db: Db,
    private readonly artifacts: ArtifactStore,
    private readonly producer: JobProducer,
    private readonly loader: FeatureBatchLoader,
    private readonly datasets: DatasetCache,
    private readonly logger: Logger,
  ) {
    this.registry = new ModelRegistry(db);
    this.batches = new FeatureBatchRepository(db);
  }

  async publish(runId: string, payload: JobPayload<'training.run'>, modelKind: string): Promise<PublishResult> {
    const report = await this.artifacts.getMetrics<ModelReport>(runId);
    const rows = await this.artifacts.getEvaluation<WindowPredictions>(runId);
    const { record, batch } = await this.loader.load(payload.batchId);
    const ds = this.datasets.get(record.id, batch);
    const version = await this.registry.register({
      runId,
      modelKind,
      featureSetHash: record.featureSetHash,
      artifactPrefix: this.artifacts.modelPrefix(runId),
      batchId: record.id,
      windows: report.windows,
      skill: report.skill.verdict,
      validationMetrics: { ...report.validation },
      testMetrics: { ...report.test, skill: report.skill.verdict, skillAgainst: report.skill.against, skillPValue: report.skill.test.pBetter },
    });
    const champion = await this.registry.champion();
    const evidence: PromotionEvidence = {
      window: { id: testWindowId(record.id, ds), start: report.windows.test.start, end: report.windows.test.end, n: rows.y.length },
      candidate: { versionId: version.id, featureSetHash: record.featureSetHash, leak: report.suspectedLeak },
      baseline: {
        name: report.skill.against,
        ...paired(pairedLogLossTest(rows.y, rows.model, rows.baselines[report.skill.against as 'majority' | 'logistic'], rows.ts)),
      },
      champion: champion && champion.id !== version.id ? await this.championEvidence(champion, record.featureSetHash, ds, rows) : champion && { versionId: champion.id, featureSetHash: champion.featureSetHash, refused: 'is the candidate' },
    };
    const { decision } = await this.registry.autoPromote(version.id, { actor: `trainer ${hostname()}:${process.pid}`, evidence });
    this.logger.info({ runId, version: version.id, outcome: decision.outcome, rule: decision.rule, reason: decision.reason }, 'promotion decided');
    const result: PublishResult = { version, decision };
    if (decision.outcome === 'champion') {
      const latest = (await this.batches.latest({ featureSetHash: record.featureSetHash })) ?? record;
      result.predictJobId = await this.producer.enqueue('predict.batch', { batchId: latest.id, modelVersion: version.id });
      result.driftJobId = await this.producer.enqueue('drift.check', { batchId: latest.id, modelVersion: version.id });
    }
    return result;
  }

  /**
   * The champion on the candidate's test rows, scored from its own artifacts with its own scaler, or
   * the reason no honest comparison exists there: another feature set (rule 1 applies instead), a
   * training or validation window that overlaps the rows, or artifacts that are gone.
   */
  private async championEvidence(
    champion: ModelVersionRecord,
    featureSetHash: string,
    ds: PreparedDataset,
    rows: WindowPredictions,
  ): Promise<ChampionEvidence> {
    const who = { versionId: champion.id, featureSetHash: champion.featureSetHash };
    if (champion.featureSetHash !== featureSetHash) return { ...who, refused: 'trained on another feature set' };
    const seen = champion.windows;
    const start = new Date(ds.boundaries.test.start).toISOString();
    const end = new Date(ds.boundaries.test.end).toISOString();
    if (!seen) return { ...who, refused: 'its training and validation windows are not recorded' };
    if (seen.train.start <= end && seen.val.end >= start) {
      return { ...who, refused: `it was trained and early-stopped on ${seen.train.start.slice(0, 10)}..${seen.val.end.slice(0, 10)}, which overlaps the comparison window ${start.slice(0, 10)}..${end.slice(0, 10)}` };
    }
    let files: Record<string, Buffer>;
    try {
      files = await this.artifacts.getModel(champion.runId);
    } catch (err) {
      if (err instanceof ArtifactNotFoundError) return { ...who, refused: 'champion artifacts missing' };
      throw err;
    }
    const model = await loadModel(files);
    try {
      const p = model.predictFrame(ds.frame, rows.sourceRow);
      return { ...who, scored: paired(pairedLogLossTest(rows.y, rows.model, p, rows.ts)) };
    } catch (err) {
      return { ...who, refused: `champion could not score the window: ${(err as Error).message}` };
    } finally {
      model.dispose();
    }
  }
}
