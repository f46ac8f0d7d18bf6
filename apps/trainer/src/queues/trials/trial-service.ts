import { hostname } from 'node:os';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import { isInfrastructureError, type JobPayload, type JobProducer, PermanentJobError } from '@alphapulse/queue';
import { StudyRepository } from '@alphapulse/tracking';
import type { Job } from 'bullmq';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { trainTrial } from '../../ml/index.ts';
import { shouldPrune, type TrialParams, trialSeed } from '../../tuning/index.ts';
import type { DatasetCache } from '../training/dataset-cache.ts';
import { TrialQueue } from './trial-queue.ts';

export interface TrialOutcome {
  studyId: string;
  number: number;
  status: 'complete' | 'pruned' | 'failed';
  value: number | null;
  /** Epochs or boosting rounds run. */
  steps: number;
  worker: string;
}

/** Steps before the pruner may stop a trial, and how often it re-reads the other trials' curves. */
const MIN_EPOCHS = 3;
const REFRESH_EVERY = 3;

/**
 * Runs one trial of a study on whichever replica picked it up: trains with the trial's params on
 * the study's batch, reports each epoch's validation loss to Postgres, keeps the job's lock alive,
 * and stops early when the median pruner says the curve is worse than the finished trials'.
 */
export class TrialService {
  private readonly studies: StudyRepository;
  private readonly trialQueue: TrialQueue;
  private readonly worker = `${hostname()}:${process.pid}`;

  constructor(
    db: Db,
    producer: JobProducer,
    private readonly loader: FeatureBatchLoader,
    private readonly datasets: DatasetCache,
    private readonly logger: Logger,
    private readonly pruning = true,
  ) {
    this.studies = new StudyRepository(db);
    this.trialQueue = new TrialQueue(producer, this.studies);
  }

  /**
   * Queues the study's next trial, if its budget allows, under the same parent, while this trial's
   * job is still active (so the study cannot resume in between). Keeps replicas busy without waves.
   */
  private async queueSuccessor(payload: JobPayload<'trials.run'>, job: Job, seed: number): Promise<void> {
    const parentId = job.parent?.id;
    if (!parentId || !job.parent) return;
    const [next] = await this.studies.claimTrialNumbers(payload.studyId, 1);
    if (next === undefined) return;
    await this.trialQueue.queue({
      studyId: payload.studyId,
      number: next,
      model: payload.model,
      startup: payload.startup,
      seed,
      parent: { id: parentId, queue: job.parent.queueKey },
    });
  }

  async run(payload: JobPayload<'trials.run'>, job: Job, token?: string): Promise<TrialOutcome> {
    const { studyId, number } = payload;
    const params = payload.params as unknown as TrialParams;
    const study = await this.studies.get(studyId);
    if (!study) throw new PermanentJobError(`unknown study ${studyId}`);
    const started = await this.studies.startTrial(studyId, number, params as unknown as Record<string, unknown>, this.worker);
    if (started.outcome === 'already-finished') {
      const done = started.trial;
      return { studyId, number, status: done.status as TrialOutcome['status'], value: done.value, steps: done.curve.length, worker: done.worker ?? this.worker };
    }
    const t0 = Date.now();
    const curve: number[] = [];
    try {
      const { record, batch } = await this.loader.load(study.batchId);
      const ds = this.datasets.get(record.id, batch);
      let others: number[][] = [];
      const result = await trainTrial(ds, params, {
        seed: trialSeed(study.seed, number),
        onStep: async (step, valLoss) => {
          curve.push(valLoss);
          await this.studies.reportEpoch(studyId, number, curve);
          if (token) await job.extendLock(token, 60_000);
          if (step % REFRESH_EVERY === 0 || others.length === 0) {
            others = (await this.studies.trials(studyId)).filter((t) => t.status === 'complete' && t.number !== number).map((t) => t.curve);
          }
          return this.pruning && shouldPrune(curve, others, { minEpochs: MIN_EPOCHS }) ? 'stop' : 'continue';
        },
      });
      const status = result.pruned ? 'pruned' : 'complete';
      await this.studies.finishTrial(studyId, number, { status, value: result.value, curve: result.curve, durationMs: Date.now() - t0 });
      this.logger.info({ studyId, number, status, value: result.value, steps: result.steps, model: params.model }, 'trial finished');
      await this.queueSuccessor(payload, job, study.seed);
      return { studyId, number, status, value: result.value, steps: result.steps, worker: this.worker };
    } catch (err) {
      const last = err instanceof PermanentJobError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // A trial that failed because a dependency was down stays `running` in Postgres: the study
      // queues it again when it resumes, instead of recording an outage as the trial's result.
      if (last && !isInfrastructureError(err)) {
        await this.studies
          .finishTrial(studyId, number, { status: 'failed', curve, durationMs: Date.now() - t0, error: (err as Error).message })
          .catch(() => undefined);
        await this.queueSuccessor(payload, job, study.seed).catch(() => undefined);
      }
      throw err;
    }
  }
}
