import { Counter, Histogram, type Metric, type Registry } from 'prom-client';

// One set per process, registered into every tier registry (createMetricsRegistry). `job_name`, not
// `job`: Prometheus sets `job` on every scraped series itself.

/** Time a worker spent in a job's handler, per attempt or step (`waiting`: a step that waits for children). */
export const jobDuration = new Histogram({
  name: 'alphapulse_job_duration_seconds',
  help: "Time in a job's handler per attempt or step, by queue, job name and outcome (completed, failed, waiting)",
  labelNames: ['queue', 'job_name', 'outcome'],
  buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600],
  registers: [],
});

export const jobsCompleted = new Counter({
  name: 'alphapulse_jobs_completed_total',
  help: 'Jobs completed by this process, by queue and job name',
  labelNames: ['queue', 'job_name'],
  registers: [],
});

/** Attempts exhausted, or an unrecoverable error: the job is in the failed set. */
export const jobsFailed = new Counter({
  name: 'alphapulse_jobs_failed_total',
  help: 'Jobs that failed for good (attempts exhausted or unrecoverable), by queue and job name',
  labelNames: ['queue', 'job_name'],
  registers: [],
});

export const jobsRetried = new Counter({
  name: 'alphapulse_jobs_retried_total',
  help: 'Failed attempts that BullMQ will retry, by queue and job name',
  labelNames: ['queue', 'job_name'],
  registers: [],
});

/**
 * Repairs made by a tier's reconciler, by `tier` and `kind` (for example a resumed run, a
 * re-queued trial, a re-upserted scheduler): `reconcilerRepairs.inc({ tier: 'trainer', kind: 'trial-requeued' })`.
 */
export const reconcilerRepairs = new Counter({
  name: 'alphapulse_reconciler_repairs_total',
  help: 'Repairs made by the reconciler, by tier and kind',
  labelNames: ['tier', 'kind'],
  registers: [],
});

/** Adds the process-wide job and reconciler metrics to a registry (prom-client ignores a metric registered twice). */
export function registerProcessMetrics(registry: Registry): void {
  for (const metric of [jobDuration, jobsCompleted, jobsFailed, jobsRetried, reconcilerRepairs] as Metric[]) registry.registerMetric(metric);
}
