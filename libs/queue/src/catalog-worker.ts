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

/**
 * Starts a BullMQ worker on a catalog queue. It refuses to start when the handler table does
 * not match the catalog, validates every payload before its handler runs, and fails a job with
 * an invalid payload at once (no retry) with a reason naming the fields. Its errors (Redis
 * unreachable, a lost lock) are logged through `logger`, rate-limited (see watchErrors).
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
    const handler = handlers[name] as JobHandler<JobName> | undefined;
    if (!handler) throw new HandlerTableError(`no handler for job ${job.name} on ${queue}`);
    const payload = parsePayload(name, job.data);
    return handler(payload, job, token);
  };
  return watchErrors(new Worker(queue, processor, workerOptions), 'redis', logger, `worker:${queue}`);
}
