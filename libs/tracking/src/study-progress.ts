import type { StudyRow, TrialRow } from './study-repository.ts';

/** How far a study is: what `GET /runs/:id` carries and the console shows while a run tunes. */
export interface StudyProgress {
  status: StudyRow['status'];
  /** Trials finished (complete, pruned or failed) of the budget. */
  trialsDone: number;
  trialsTotal: number;
  trialsRunning: number;
  /** The best complete trial so far (lowest validation log loss), or null before any completes. */
  best: { number: number; value: number; model: string | null } | null;
}

/** The progress of a study from its row and its trials. */
export function studyProgress(study: StudyRow, trials: TrialRow[]): StudyProgress {
  let best: StudyProgress['best'] = null;
  for (const t of trials) {
    if (t.status === 'complete' && t.value !== null && (best === null || t.value < best.value)) {
      const model = (t.params as { model?: unknown } | null)?.model;
      best = { number: t.number, value: t.value, model: typeof model === 'string' ? model : null };
    }
  }
  return {
    status: study.status,
    trialsDone: trials.filter((t) => t.status !== 'running').length,
    trialsTotal: study.budget,
    trialsRunning: trials.filter((t) => t.status === 'running').length,
    best,
  };
}
