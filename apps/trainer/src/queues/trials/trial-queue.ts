import { JOBS, type JobProducer, jobOptions, modelKind, parsePayload, QUEUES } from '@alphapulse/queue';
import type { StudyRepository } from '@alphapulse/tracking';
import type { z } from 'zod';
import { searchSpaceFor, suggestParams, type TrialParams } from '../../tuning/index.ts';

export interface QueueTrialInput {
  studyId: string;
  number: number;
  model: z.infer<typeof modelKind>;
  /** Trials sampled at random before TPE takes over. */
  startup: number;
  seed: number;
  /** The study's job: every trial is its flow child. */
  parent: { id: string; queue: string };
}

/**
 * Samples a trial's parameters from the study's finished trials (random start-up, then TPE) and
 * queues it as a child of the study's job. Used by the study when it starts or resumes, and by a
 * finishing trial for its successor.
 */
export class TrialQueue {
  constructor(
    private readonly producer: JobProducer,
    private readonly studies: StudyRepository,
  ) {}

  /** The BullMQ job id of a study's trial (deterministic: the catalog's id of `trials.run`). */
  static jobIdOf(studyId: string, number: number): string {
    return JOBS['trials.run'].jobId({ studyId, number, params: {}, model: 'auto', startup: 0 });
  }

  /**
   * True while the trial's job can still run (waiting, delayed, active, prioritized). A failed job is
   * removed, so that queueing the trial again adds a fresh one instead of finding the failed one.
   */
  async isLive(studyId: string, number: number): Promise<boolean> {
    const job = await this.producer.queue(QUEUES.trials).getJob(TrialQueue.jobIdOf(studyId, number));
    if (!job) return false;
    const state = await job.getState();
    if (state === 'failed' || state === 'completed' || state === 'unknown') {
      await job.remove().catch(() => undefined);
      return false;
    }
    return true;
  }

  async queue(input: QueueTrialInput): Promise<void> {
    const finished = (await this.studies.trials(input.studyId)).filter((t) => t.status !== 'running');
    const history = finished.map((t) => ({ params: t.params as TrialParams, value: t.value ?? Number.NaN, status: t.status }));
    const params = suggestParams({ space: searchSpaceFor(input.model), history, seed: input.seed, number: input.number, nStartup: input.startup });
    const data = parsePayload('trials.run', { studyId: input.studyId, number: input.number, params, model: input.model, startup: input.startup });
    await this.producer.queue(QUEUES.trials).add('trials.run', data, {
      ...jobOptions('trials.run', data),
      parent: input.parent,
      ignoreDependencyOnFailure: true, // a failed trial is recorded; the study goes on without it
    });
  }
}
