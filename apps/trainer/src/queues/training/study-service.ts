import { hostname } from 'node:os';
import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobPayload, JobProducer } from '@alphapulse/queue';
import { codeVersion, RunRepository, StudyRepository } from '@alphapulse/tracking';
import { type Job, WaitingChildrenError } from 'bullmq';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { budgetFor } from '../../tuning/index.ts';
import { TrialQueue } from '../trials/trial-queue.ts';
import type { DatasetCache } from './dataset-cache.ts';
import { studyWaves } from './study-ids.ts';

/** `requeued`: claimed numbers queued a second time after a crash; never a third (no endless loop on a job that cannot be added). */
export type StudyJob = Job<JobPayload<'training.run'> & { requeued?: number[] }>;

/**
 * The tuning half of a `training.run` job: `start` records the run and its study, `trials` keeps
 * trial jobs in flight as flow children of the study's job and waits for them. Both are idempotent
 * and keep their state in Postgres, so a crash at any point resumes on another replica.
 */
export class StudyService {
  private readonly runs: RunRepository;
  private readonly studies: StudyRepository;
  private readonly trialQueue: TrialQueue;

  constructor(
    db: Db,
    producer: JobProducer,
    private readonly loader: FeatureBatchLoader,
    private readonly datasets: DatasetCache,
    private readonly env: Env,
    private readonly backend: () => string,
    private readonly logger: Logger,
  ) {
    this.runs = new RunRepository(db);
    this.studies = new StudyRepository(db);
    this.trialQueue = new TrialQueue(producer, this.studies);
  }

  budget(payload: JobPayload<'training.run'>): number {
    return budgetFor(payload.mode, this.env);
  }

  /** Verifies the batch and records the run and its study (once: a retry finds them). */
  async start(payload: JobPayload<'training.run'>, job: StudyJob, runId: string, budget: number): Promise<void> {
    // Verify the batch (content hash) and that it can be split before any run is recorded.
    const { record, batch } = await this.loader.load(payload.batchId);
    const ds = this.datasets.get(record.id, batch);
    await this.runs.start({
      id: runId,
      batchId: record.id,
      featureSetHash: record.featureSetHash,
      mode: payload.mode,
      modelKind: payload.model,
      backend: this.backend(),
      codeVersion: codeVersion(),
      seed: payload.seed,
      jobId: job.id as string,
      worker: `${hostname()}:${process.pid}`,
      reason: payload.reason,
    });
    await this.studies.create({ id: runId, runId, batchId: record.id, mode: payload.mode, budget, seed: payload.seed });
    await this.runs.logParams(runId, {
      mode: payload.mode,
      model: payload.model,
      seed: payload.seed,
      budget,
      backend: this.backend(),
      featureSet: record.featureSetName,
      featureSetHash: record.featureSetHash,
      trainRows: ds.train.n,
      valRows: ds.val.n,
      testRows: ds.test.n,
      trainWindow: `${new Date(ds.boundaries.train.start).toISOString().slice(0, 10)}..${new Date(ds.boundaries.train.end).toISOString().slice(0, 10)}`,
      valWindow: `${new Date(ds.boundaries.val.start).toISOString().slice(0, 10)}..${new Date(ds.boundaries.val.end).toISOString().slice(0, 10)}`,
      testWindow: `${new Date(ds.boundaries.test.start).toISOString().slice(0, 10)}..${new Date(ds.boundaries.test.end).toISOString().slice(0, 10)}`,
      gapBars: ds.gapBars,
    });
    this.logger.info({ runId, batchId: record.id, budget, rows: { train: ds.train.n, val: ds.val.n, test: ds.test.n } }, 'study started');
  }

  /**
   * Keeps about TRIAL_WAVE trials in flight: the first ones are queued here, and each finishing trial
   * queues its successor (see TrialService), so replicas never idle at a wave barrier. When all
   * children are done the job resumes here: numbers claimed but never queued (a crash between the
   * two) are queued again, the budget is topped up if a chain broke, and otherwise tuning is over.
   */
  async runTrials(payload: JobPayload<'training.run'>, job: StudyJob, runId: string, budget: number, token?: string): Promise<void> {
    const { startup, wave } = studyWaves(budget, this.env.TRIAL_WAVE, this.env.STARTUP_TRIALS);
    for (;;) {
      const study = await this.studies.get(runId);
      const known = new Set((await this.studies.trials(runId)).map((t) => t.number));
      const requeued = job.data.requeued ?? [];
      const lost = Array.from({ length: study?.trialsClaimed ?? 0 }, (_, n) => n).filter((n) => !known.has(n) && !requeued.includes(n));
      const fresh = (study?.trialsClaimed ?? 0) < budget ? await this.studies.claimTrialNumbers(runId, Math.max(1, wave - lost.length)) : [];
      const numbers = [...lost, ...fresh];
      if (numbers.length === 0) return;
      if (lost.length) await job.updateData({ ...job.data, requeued: [...requeued, ...lost] });
      for (const number of numbers) {
        await this.trialQueue.queue({ studyId: runId, number, model: payload.model, startup, seed: payload.seed, parent: { id: job.id as string, queue: job.queueQualifiedName } });
      }
      await job.updateProgress({ message: `tuning: ${known.size}/${budget} trials started, ${numbers.length} queued`, started: known.size, budget });
      if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
    }
  }
}
