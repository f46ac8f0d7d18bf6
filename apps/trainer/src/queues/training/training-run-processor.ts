import type { Logger } from '@alphapulse/logger';
import { isInfrastructureError, type JobHandler, PermanentJobError, runIdForJob, TRAINING_STEPS, type TrainingStep } from '@alphapulse/queue';
import { RunRepository, StudyRepository } from '@alphapulse/tracking';
import { WaitingChildrenError } from 'bullmq';
import type { Db } from '@alphapulse/db';
import type { FinalFitService } from './final-fit-service.ts';
import type { PublishService } from './publish-service.ts';
import type { RunRecorder, StudyResult } from './run-recorder.ts';
import type { StudyJob, StudyService } from './study-service.ts';

export interface TrainingRunServices {
  db: Db;
  study: StudyService;
  fit: FinalFitService;
  publish: PublishService;
  record: RunRecorder;
  logger: Logger;
}

/**
 * The `training.run` handler: a step job that moves a study through `start` → `trials` → `fit` →
 * `publish` → `record`, saving the step it reached in the job's data after each, so a retried or
 * resumed job continues where it stopped (every step is idempotent besides). The run is named after
 * the job id: one job, one run, one model version, one promotion decision. On the last attempt, or
 * a permanent error, the run and its study are marked failed.
 */
export function createTrainingRunHandler(s: TrainingRunServices): JobHandler<'training.run'> {
  const runs = new RunRepository(s.db);
  const studies = new StudyRepository(s.db);
  return async (payload, rawJob, token): Promise<StudyResult> => {
    const job = rawJob as StudyJob;
    const runId = runIdForJob(job.id as string);
    const budget = s.study.budget(payload);
    let step: TrainingStep = payload.step;
    const reach = async (next: TrainingStep, extra: Record<string, unknown> = {}) => {
      step = next;
      await job.updateData({ ...job.data, ...extra, step: next });
    };
    const at = (name: TrainingStep) => TRAINING_STEPS.indexOf(step) <= TRAINING_STEPS.indexOf(name);
    try {
      if (at('start')) {
        await s.study.start(payload, job, runId, budget);
        await reach('trials');
      }
      if (at('trials')) {
        await s.study.runTrials(payload, job, runId, budget, token);
        await reach('fit');
      }
      let modelKind: string | undefined;
      if (at('fit')) {
        modelKind = (await s.fit.fit(runId, payload, (message) => job.updateProgress({ message }))).params.model;
        await reach('publish');
      }
      if (at('publish')) {
        await job.updateProgress({ message: 'registering the model and deciding its promotion on the test window' });
        const published = await s.publish.publish(runId, payload, modelKind ?? (await runs.get(runId))?.params['best.model'] ?? 'unknown');
        await reach('record', published.predictJobId ? { predictJobId: published.predictJobId } : {});
      }
      const predictJobId = (job.data as { predictJobId?: string }).predictJobId;
      return { ...(await s.record.record(runId, payload)), ...(predictJobId ? { predictJobId } : {}) };
    } catch (err) {
      if (err instanceof WaitingChildrenError) throw err;
      const last = err instanceof PermanentJobError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // An outage longer than the retries is not the run's failure: it stays `running` and the
      // reconciler retries the job once the dependency is back.
      if (last && !isInfrastructureError(err)) {
        await runs.fail(runId, err).catch(() => false);
        await studies.fail(runId).catch(() => undefined);
        s.logger.warn({ runId, step, reason: (err as Error).message }, 'training run failed');
      }
      throw err;
    }
  };
}
