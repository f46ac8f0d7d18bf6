import { JOBS, QUEUES } from '@alphapulse/queue';

/** Links into Bull Board for the jobs behind a run: its `training.run` study job and its `trials.run` children. */
export class BullBoardLinks {
  constructor(private readonly base: string) {}

  /** The study job (the run's `training.run` job id, as the run records it). */
  study(jobId: string | null): string | undefined {
    return jobId ? `${this.base}/queue/${QUEUES.training}/${encodeURIComponent(jobId)}` : undefined;
  }

  /** Trial `number`'s job; its id is deterministic from the study id and number. */
  trial(studyId: string, number: number): string {
    const id = JOBS['trials.run'].jobId({ studyId, number, params: {}, model: 'auto', startup: 0 });
    return `${this.base}/queue/${QUEUES.trials}/${encodeURIComponent(id)}`;
  }
}
