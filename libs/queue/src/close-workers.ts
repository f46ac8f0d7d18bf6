import type { Worker } from 'bullmq';
import type { RedisClient } from './redis-connection.ts';

/**
 * Stops a tier's workers. While Redis answers: gracefully, active jobs finish and their results are
 * stored. When it does not (down, or refusing the password after a rotation): at once, since
 * nothing could be stored or released anyway; the jobs' locks lapse and another replica takes them
 * over. A graceful close would wait for Redis for ever, and BullMQ takes its error listener off a
 * connection it could not quit, which then keeps reconnecting with every failure printed raw
 * (multi-line) by ioredis.
 */
export async function closeWorkers(workers: Worker[], redis: RedisClient): Promise<void> {
  const force = redis.status !== 'ready';
  await Promise.all(workers.map((w) => w.close(force)));
}
