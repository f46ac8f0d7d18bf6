import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loopbackTarget } from './loopback.ts';
import type { CeilingName, Ceilings } from './types.ts';

export interface BullmqCeilingSizes {
  /** Jobs added with addBulk, in batches of 1,000. */
  addJobs: number;
  /** Jobs one Worker drains, per concurrency level. */
  workerJobs: number;
  concurrencies: Array<1 | 16 | 64>;
}

const BATCH = 1_000;

function connect(redisUrl: string): Redis {
  // maxRetriesPerRequest: null is what BullMQ requires of a Worker's connection.
  return new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

async function addInBatches(queue: Queue, total: number): Promise<void> {
  for (let start = 0; start < total; start += BATCH) {
    const size = Math.min(BATCH, total - start);
    await queue.addBulk(
      Array.from({ length: size }, (_, i) => ({
        name: 'noop',
        data: { i: start + i },
        opts: { removeOnComplete: true, removeOnFail: true },
      })),
    );
  }
}

/** Deletes every key under `prefix:` (what obliterate leaves behind: meta, events, id counters). */
async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/**
 * BullMQ's own throughput on this machine, against the Redis at `redisUrl` (loopback only):
 * `addBulk` in batches of 1,000, and one Worker draining no-op jobs at each concurrency. Uses a
 * unique key prefix and deletes all of its keys afterwards, whatever happens.
 */
export async function measureBullmqCeilings(redisUrl: string, sizes: BullmqCeilingSizes): Promise<Ceilings> {
  loopbackTarget('REDIS_URL', redisUrl, 6379);
  const prefix = `apbench-${process.pid}-${randomBytes(4).toString('hex')}`;
  const connection = connect(redisUrl);
  const ceilings: Ceilings = {};
  const queues: Queue[] = [];
  try {
    // addBulk
    const addQueue = new Queue('ceiling-add', { connection, prefix });
    queues.push(addQueue);
    await addQueue.waitUntilReady();
    let started = performance.now();
    await addInBatches(addQueue, sizes.addJobs);
    let seconds = (performance.now() - started) / 1000;
    ceilings['bullmq.addBulk'] = {
      value: sizes.addJobs / seconds,
      unit: 'jobs/s',
      note: `${sizes.addJobs} jobs, addBulk batches of ${BATCH}, one connection`,
    };
    await addQueue.obliterate({ force: true });

    // one Worker, no-op processor, per concurrency
    for (const concurrency of sizes.concurrencies) {
      const name = `ceiling-worker-c${concurrency}`;
      const queue = new Queue(name, { connection, prefix });
      queues.push(queue);
      await addInBatches(queue, sizes.workerJobs);
      const workerConnection = connect(redisUrl);
      let completed = 0;
      let resolveDone: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        resolveDone = resolve;
      });
      const worker = new Worker(name, async () => undefined, { connection: workerConnection, prefix, concurrency, autorun: false });
      worker.on('completed', () => {
        completed += 1;
        if (completed === sizes.workerJobs) resolveDone();
      });
      let failure: Error | undefined;
      worker.on('failed', (_job, err) => {
        failure = err;
        resolveDone();
      });
      await worker.waitUntilReady();
      started = performance.now();
      const running = worker.run();
      const timeout = setTimeout(() => {
        failure = new Error(`worker did not finish ${sizes.workerJobs} jobs in 120 s`);
        resolveDone();
      }, 120_000);
      await done;
      seconds = (performance.now() - started) / 1000;
      clearTimeout(timeout);
      await worker.close();
      await running.catch(() => undefined);
      await workerConnection.quit();
      if (failure) throw failure;
      ceilings[`bullmq.worker.c${concurrency}` as CeilingName] = {
        value: sizes.workerJobs / seconds,
        unit: 'jobs/s',
        note: `one Worker, concurrency ${concurrency}, ${sizes.workerJobs} no-op jobs (removeOnComplete)`,
      };
      await queue.obliterate({ force: true });
    }
    return ceilings;
  } finally {
    for (const queue of queues) await queue.close().catch(() => undefined);
    await deletePrefix(connection, prefix).catch(() => undefined);
    await connection.quit().catch(() => undefined);
  }
}
