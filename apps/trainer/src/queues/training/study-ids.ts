export { runIdForJob } from '@alphapulse/queue';

/** How many trials a study samples at random before the TPE sampler takes over, and how many it keeps in flight (queued or running). */
export function studyWaves(budget: number, parallel: number, startupTrials?: number): { startup: number; wave: number } {
  const startup = startupTrials ?? Math.max(parallel, Math.ceil(budget * 0.3));
  return { startup: Math.min(budget, startup), wave: Math.max(1, parallel) };
}
