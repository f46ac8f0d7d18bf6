import { runIdForJob, type Submission } from '@alphapulse/queue';
import type { RunRepository } from '@alphapulse/tracking';
import type { Response } from 'express';

/**
 * Answers a request for work: 202 with the new job, or 200 `{jobId, state, deduplicated: true}` when
 * the same work was already queued, running or done (`runId` too once its training run exists), so
 * re-posting a request is never a silent no-op. `force: true` in the body is how to run it again.
 */
export async function answerSubmission(
  res: Response,
  submission: Submission,
  runs: RunRepository,
  trainingJobId: string | undefined,
  details: Record<string, unknown>,
): Promise<void> {
  if (!submission.deduplicated) {
    res.status(202).json({ ...details, jobId: submission.jobId, state: submission.state, deduplicated: false });
    return;
  }
  const runId = trainingJobId ? runIdForJob(trainingJobId) : undefined;
  const run = runId ? await runs.get(runId) : undefined;
  res.status(200).json({
    ...details,
    jobId: submission.jobId,
    state: submission.state,
    deduplicated: true,
    ...(run ? { runId: run.id, runStatus: run.status } : {}),
    hint: 'the same work was already queued, running or done; send force: true to run it again',
  });
}

/** The training job an ingestion flow queued, from its completed parent's result. */
export function trainingJobOf(submission: Submission): string | undefined {
  const result = submission.result as { trainingJobId?: unknown } | undefined;
  return typeof result?.trainingJobId === 'string' ? result.trainingJobId : undefined;
}
