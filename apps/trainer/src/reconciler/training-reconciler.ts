import type { Db } from '@alphapulse/db';
import { isInfrastructureError, type JobProducer, modelKind, QUEUES, trainingMode } from '@alphapulse/queue';
import type { Repair } from '@alphapulse/runtime';
import { RunRepository, StudyRepository } from '@alphapulse/tracking';

/** A failed training job whose run is still open is retried this often by the reconciler, then the run fails. */
const MAX_RECONCILER_RETRIES = 5;
/** A run younger than this is left alone: its job may not have reported a state yet. */
const GRACE_MS = 30_000;

/**
 * Postgres is the source of truth for runs; Redis holds their jobs. After an outage the two can
 * disagree, and a run would stay `running` forever. Each pass looks at every running run:
 * - its training job is gone (Redis restarted empty, a failover to an empty replica): the job is
 *   queued again under the same id, from the run's own record; the study resumes from Postgres
 *   (trials done stay done, lost ones are queued again) and the run, model version and promotion
 *   decision stay one each;
 * - its job failed on an outage (retries exhausted while a dependency was down): the job is retried,
 *   at most MAX_RECONCILER_RETRIES times;
 * - its job failed on its merits, or kept failing: the run and its study are marked failed, an end
 *   state with the reason.
 */
export class TrainingReconciler {
  private readonly runs: RunRepository;
  private readonly studies: StudyRepository;

  constructor(
    db: Db,
    private readonly producer: JobProducer,
    private readonly now: () => number = Date.now,
  ) {
    this.runs = new RunRepository(db);
    this.studies = new StudyRepository(db);
  }

  async reconcile(): Promise<Repair[]> {
    const repairs: Repair[] = [];
    const queue = this.producer.queue(QUEUES.training);
    for (const run of await this.runs.running()) {
      if (this.now() - run.startedAt.getTime() < GRACE_MS) continue;
      const jobId = run.jobId;
      if (!jobId) {
        await this.fail(run.id, 'cannot resume: the run names no job');
        repairs.push({ kind: 'run-failed', subject: run.id, detail: 'no job id' });
        continue;
      }
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'missing';
      if (state === 'missing' || state === 'unknown') {
        const mode = trainingMode.safeParse(run.mode);
        const model = modelKind.safeParse(run.modelKind ?? 'auto');
        if (!mode.success || !model.success) {
          await this.fail(run.id, `cannot resume: its record has mode ${run.mode} and model ${run.modelKind}`);
          repairs.push({ kind: 'run-failed', subject: run.id, detail: 'unresumable record' });
          continue;
        }
        await this.producer.enqueue(
          'training.run',
          { batchId: run.batchId, mode: mode.data, model: model.data, seed: run.seed, reason: run.reason ?? 'resumed' },
          { jobId },
        );
        repairs.push({ kind: 'run-resumed', subject: run.id, detail: `job ${jobId} was missing from Redis` });
      } else if (state === 'failed' && job) {
        const retries = Number((job.data as { reconcilerRetries?: number }).reconcilerRetries ?? 0);
        const reason = job.failedReason ?? 'unknown';
        if (isInfrastructureError({ message: reason }) && retries < MAX_RECONCILER_RETRIES) {
          await job.updateData({ ...job.data, reconcilerRetries: retries + 1 });
          await job.retry('failed');
          repairs.push({ kind: 'run-retried', subject: run.id, detail: reason.slice(0, 200) });
        } else {
          await this.fail(run.id, `training job failed: ${reason}`);
          repairs.push({ kind: 'run-failed', subject: run.id, detail: reason.slice(0, 200) });
        }
      } else if (state === 'completed') {
        await this.fail(run.id, 'its job completed without completing the run');
        repairs.push({ kind: 'run-failed', subject: run.id, detail: 'job completed, run open' });
      }
    }
    return repairs;
  }

  private async fail(runId: string, reason: string): Promise<void> {
    await this.runs.fail(runId, new Error(reason));
    await this.studies.fail(runId).catch(() => undefined);
  }
}
