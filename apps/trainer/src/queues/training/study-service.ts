import { hostname } from 'node:os';
import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobPayload, JobProducer } from '@alphapulse/queue';
import { reconcilerRepairs } from '@alphapulse/telemetry';
import { codeVersion, RunRepository, StudyRepository } from '@alphapulse/tracking';
import { type Job, WaitingChildrenError } from 'bullmq';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { budgetFor } from '../../tuning/index.ts';
import { TrialQueue } from '../trials/trial-queue.ts';
import type { DatasetCache } from './dataset-cache.ts';
import { studyWaves } from './study-ids.ts';

/** `requeues`: how often each trial number was queued again after its job was lost (bounded: no endless loop). */
export type StudyJob = Job<JobPayload<'training.run'> & { requeues?: Record<string, number> }>;

/** A trial whose job was lost is queued again at most this often; then it is recorded failed. */
const MAX_REQUEUES = 3;

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
   * children are done the job resumes here. Postgres is the source of truth: a trial number that was
   * claimed but never queued (a crash between the two), or that Postgres still shows running while its
   * job is gone (Redis lost it) or failed on an outage, is queued again; the budget is topped up if a
   * chain broke; otherwise tuning is over.
   */
  async runTrials(payload: JobPayload<'training.run'>, job: StudyJob, runId: string, budget: number, token?: string): Promise<void> {
    const { startup, wave } = studyWaves(budget, this.env.TRIAL_WAVE, this.env.STARTUP_TRIALS);
    for (;;) {
      const study = await this.studies.get(runId);
      const trials = await this.studies.trials(runId);
      const known = new Map(trials.map((t) => [t.number, t]));
      const requeues = { ...(job.data.requeues ?? {}) };
      const lost: number[] = [];
      for (let n = 0; n < (study?.trialsClaimed ?? 0); n++) {
        const trial = known.get(n);
        if (trial && trial.status !== 'running') continue;
        if (await this.trialQueue.isLive(runId, n)) continue;
        if ((requeues[n] ?? 0) >= MAX_REQUEUES) {
          if (trial) await this.studies.finishTrial(runId, n, { status: 'failed', curve: trial.curve, durationMs: 0, error: `its job was lost ${MAX_REQUEUES} times` });
          continue;
        }
        requeues[n] = (requeues[n] ?? 0) + 1;
        lost.push(n);
      }
      const fresh = (study?.trialsClaimed ?? 0) < budget ? await this.studies.claimTrialNumbers(runId, Math.max(1, wave - lost.length)) : [];
      const numbers = [...lost, ...fresh];
      if (numbers.length === 0) return;
      if (lost.length) {
        await job.updateData({ ...job.data, requeues });
        this.logger.warn({ runId, trials: lost }, 'trials whose jobs were lost are queued again');
        reconcilerRepairs.inc({ tier: 'trainer', kind: 'trial-requeued' }, lost.length);
      }
      for (const number of numbers) {
        await this.trialQueue.queue({ studyId: runId, number, model: payload.model, startup, seed: payload.seed, parent: { id: job.id as string, queue: job.queueQualifiedName } });
      }
      await job.updateProgress({ message: `tuning: ${known.size}/${budget} trials started, ${numbers.length} queued`, started: known.size, budget });
      if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
    }
  }
}
