import type { Db } from '@alphapulse/db';
import { RunRepository, StudyRepository } from '@alphapulse/tracking';
import type { StudyProgressState } from './study-progress-bars.ts';

/**
 * Reads a queued study's progress from the tracking repositories (the numbers `GET /runs/:id`
 * carries): the run training on a batch, its trials done of the budget, and the running trial's steps.
 */
export class StudyWatch {
  private readonly runs: RunRepository;
  private readonly studies: StudyRepository;
  private runId?: string;

  constructor(db: Db, private readonly batchId: string) {
    this.runs = new RunRepository(db);
    this.studies = new StudyRepository(db);
  }

  /** The study's state now, or undefined before its run and study are recorded. */
  async poll(): Promise<StudyProgressState | undefined> {
    this.runId ??= (await this.runs.list({ status: 'running', limit: 20 })).find((r) => r.batchId === this.batchId)?.id;
    if (!this.runId) return undefined;
    const progress = await this.studies.progress(this.runId);
    if (!progress) return undefined;
    const running = (await this.studies.trials(this.runId)).filter((t) => t.status === 'running').at(-1);
    const model = running ? String((running.params as { model?: unknown }).model ?? '?') : undefined;
    return {
      trialsDone: progress.trialsDone,
      trialsTotal: progress.trialsTotal,
      best: progress.best?.value ?? null,
      trial: running && model ? { number: running.number, model, steps: running.curve.length, maxSteps: null } : undefined,
    };
  }
}
