import { createHash } from 'node:crypto';

/**
 * The run (and its study) of a training job is named after the job id, so a retried or resumed
 * job continues the same run instead of starting a second one.
 */
export function runIdForJob(jobId: string): string {
  return `run-${createHash('sha256').update(jobId).digest('hex').slice(0, 16)}`;
}

/** How many trials a study samples at random before the TPE sampler takes over, and how many run at once after that. */
export function studyWaves(budget: number, parallel: number): { startup: number; wave: number } {
  return { startup: Math.min(budget, Math.max(parallel, Math.ceil(budget * 0.3))), wave: Math.max(1, parallel) };
}
