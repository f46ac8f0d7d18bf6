import { createHash } from 'node:crypto';

/**
 * The run (and its study) of a training job is named after the job id, so a retried or resumed
 * job continues the same run instead of starting a second one.
 */
export function runIdForJob(jobId: string): string {
  return `run-${createHash('sha256').update(jobId).digest('hex').slice(0, 16)}`;
}

/** How many trials a study samples at random before the TPE sampler takes over, and how many it keeps in flight (queued or running). */
export function studyWaves(budget: number, parallel: number, startupTrials?: number): { startup: number; wave: number } {
  const startup = startupTrials ?? Math.max(parallel, Math.ceil(budget * 0.3));
  return { startup: Math.min(budget, startup), wave: Math.max(1, parallel) };
}
