import type { Logger } from '@alphapulse/logger';
import { QueueEvents } from 'bullmq';
import { watchErrors } from './connection-error-log.ts';
import type { QueueName } from './job-catalog.ts';
import type { RedisClient } from './redis-connection.ts';

/**
 * A QueueEvents listener on a catalog queue, its errors logged through watchErrors, resolved
 * once it listens (a job added before then could finish unseen). `connection` must be its own:
 * QueueEvents blocks on it.
 */
export async function openQueueEvents(queue: QueueName, options: { connection: RedisClient; prefix: string; logger: Logger }): Promise<QueueEvents> {
  const events = watchErrors(new QueueEvents(queue, { connection: options.connection, prefix: options.prefix }), 'redis', options.logger, `events:${queue}`);
  await events.waitUntilReady();
  return events;
}
