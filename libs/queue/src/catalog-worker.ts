import { bullmqTelemetry, jobDuration, jobsCompleted, jobsFailed, jobsRetried } from '@alphapulse/telemetry';
import { createLogger, type Logger } from '@alphapulse/logger';
import { type Job, type Processor, Worker, type WorkerOptions } from 'bullmq';
import { watchErrors } from './connection-error-log.ts';
import { HandlerTableError } from './errors.ts';
import { type JobName, type JobPayload, jobNamesOf, type QueueName } from './job-catalog.ts';
import { parsePayload } from './job-producer.ts';
import type { RedisClient } from './redis-connection.ts';

/** A handler receives the validated payload and the BullMQ job (for progress, lock, token). */
export type JobHandler<N extends JobName> = (payload: JobPayload<N>, job: Job, token?: string) => Promise<unknown>;
export type HandlerTable = { [N in JobName]?: JobHandler<N> };

/**
 * Throws HandlerTableError unless the table has exactly one handler for every job name the
 * catalog routes to the queue, and none for any other.
 */
export function assertHandlerTable(queue: QueueName, handlers: HandlerTable): void {
  const expected = jobNamesOf(queue);
  const given = Object.keys(handlers).filter((k) => handlers[k as JobName] !== undefined);
  const missing = expected.filter((n) => !given.includes(n));
  const foreign = given.filter((n) => !expected.includes(n as JobName));
  if (missing.length || foreign.length) {
    throw new HandlerTableError(
      `worker for queue ${queue} refuses to start: ${[
        missing.length ? `no handler for ${missing.join(', ')}` : '',
        foreign.length ? `handlers for jobs not routed to this queue: ${foreign.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
    );
  }
}

/** Errors a step job throws to wait (for children, a delay): not failures. */
const STEP_ERRORS = new Set(['WaitingChildrenError', 'DelayedError', 'WaitingError']);

/**
 * Starts a BullMQ worker on a catalog queue. It refuses to start when the handler table does
 * not match the catalog, validates every payload before its handler runs, and fails a job with
 * an invalid payload at once (no retry) with a reason naming the fields. Every worker feeds the
 * process-wide job metrics (duration per attempt, completed, failed, retried), and with tracing on
 * each job is a span continuing the trace of whoever enqueued it. Its errors (Redis unreachable, a
 * lost lock) are logged through `logger`, rate-limited (see watchErrors).
 */
export function createCatalogWorker(
  queue: QueueName,
  handlers: HandlerTable,
  options: { connection: RedisClient; prefix: string; logger?: Logger } & Omit<WorkerOptions, 'connection' | 'prefix'>,
): Worker {
  assertHandlerTable(queue, handlers);
  const { logger = createLogger('queue'), ...workerOptions } = options;
  const processor: Processor = async (job, token) => {
    const name = job.name as JobName;
    const stop = jobDuration.startTimer({ queue, job_name: job.name });
    try {
      const handler = handlers[name] as JobHandler<JobName> | undefined;
      if (!handler) throw new HandlerTableError(`no handler for job ${job.name} on ${queue}`);
      const payload = parsePayload(name, job.data);
      const result = await handler(payload, job, token);
      stop({ outcome: 'completed' });
      return result;
    } catch (err) {
      stop({ outcome: STEP_ERRORS.has((err as Error)?.name) ? 'waiting' : 'failed' });
      throw err;
    }
  };
  const worker = watchErrors(new Worker(queue, processor, { telemetry: bullmqTelemetry(), ...workerOptions }), 'redis', logger, `worker:${queue}`);
  worker.on('completed', (job) => jobsCompleted.inc({ queue, job_name: job.name }));
  // BullMQ sets finishedOn only when the job will not be retried.
  worker.on('failed', (job) => job && (job.finishedOn ? jobsFailed : jobsRetried).inc({ queue, job_name: job.name }));
  return worker;
}
