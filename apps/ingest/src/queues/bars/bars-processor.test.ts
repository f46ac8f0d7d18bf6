import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Job, QueueEvents, type Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { createLogger } from '@alphapulse/logger';
import { connectRedis, createCatalogWorker, JobProducer, QUEUES, type Redis } from '@alphapulse/queue';
import { LocalObjectStore } from '@alphapulse/storage';
import { startYahooFixtureServer, type YahooFixtureServer } from '../../sources/yahoo/yahoo-fixture-server.ts';
import { barsWorkerOptions, createBarsHandler } from './bars-processor.ts';

const prefix = `ap-test-bars-${randomBytes(4).toString('hex')}`;
let redis: Redis;
let db: TestDatabase;
let server: YahooFixtureServer;
let worker: Worker;
let events: QueueEvents;
let storeDir: string;

beforeAll(async () => {
  [redis, db, server] = await Promise.all([connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), createTestDatabase(), startYahooFixtureServer()]);
  storeDir = mkdtempSync(path.join(tmpdir(), 'bars-worker-'));
  const env = { YAHOO_BASE_URL: server.baseUrl, YAHOO_RATE_MAX: 5, YAHOO_RATE_DURATION_MS: 100 };
  const handler = createBarsHandler({ db: db.db, store: new LocalObjectStore(storeDir), env, logger: createLogger('bars-test', 'silent') });
  worker = createCatalogWorker(QUEUES.ingestBars, { 'bars.fetch': handler }, { connection: redis.duplicate(), prefix, ...barsWorkerOptions(env) });
  events = new QueueEvents(QUEUES.ingestBars, { connection: redis.duplicate(), prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});

afterAll(async () => {
  await worker?.close();
  await events?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await Promise.all([db?.drop(), server?.close()]);
  rmSync(storeDir, { recursive: true, force: true });
});

/** Waits for a job to finish (it may already have); BullMQ checks the stored state after subscribing. */
async function settled(queue: ReturnType<JobProducer['queue']>, jobId: string): Promise<'completed' | 'failed'> {
  const job = (await Job.fromId(queue, jobId))!;
  return job.waitUntilFinished(events).then(
    () => 'completed' as const,
    () => 'failed' as const,
  );
}

describe('bars.fetch through a real BullMQ worker', () => {
  it('retries Yahoo 429s with backoff, fails an unknown symbol at once with its reason, and completes the others', async () => {
    const producer = new JobProducer(redis, prefix);
    server.failNext('AAPL', 429, 2);
    // The catalog's exponential backoff with jitter, with a small base delay for the test.
    const fast = { backoff: { type: 'exponential' as const, delay: 50, jitter: 0.5 } };
    const ids = {
      aapl: await producer.enqueue('bars.fetch', { source: 'yahoo', symbol: 'AAPL', from: '2020-08-31', to: '2020-11-06' }, fast),
      unknown: await producer.enqueue('bars.fetch', { source: 'yahoo', symbol: 'NOSUCHTICKER', from: '2024-01-01', to: '2024-01-31' }, fast),
      msft: await producer.enqueue('bars.fetch', { source: 'yahoo', symbol: 'MSFT', from: '2021-02-01', to: '2022-01-30' }, fast),
    };
    const queue = producer.queue(QUEUES.ingestBars);
    const states = await Promise.all(Object.values(ids).map((id) => settled(queue, id)));
    expect(states).toEqual(['completed', 'failed', 'completed']);

    const aapl = (await Job.fromId(queue, ids.aapl))!;
    expect(aapl.attemptsMade).toBe(3);
    expect(aapl.returnvalue).toMatchObject({ symbol: 'AAPL', inserted: 49, skipped: 0 });
    const unknown = (await Job.fromId(queue, ids.unknown))!;
    expect(unknown.attemptsMade).toBe(1);
    expect(unknown.failedReason).toBe('NOSUCHTICKER: Yahoo: No data found, symbol may be delisted');
    const msft = (await Job.fromId(queue, ids.msft))!;
    expect(msft.returnvalue).toMatchObject({ symbol: 'MSFT', inserted: 252 });
  });

  it('sets the BullMQ limiter from YAHOO_RATE_MAX per YAHOO_RATE_DURATION_MS', () => {
    expect(barsWorkerOptions({ YAHOO_RATE_MAX: 2, YAHOO_RATE_DURATION_MS: 1000 }).limiter).toEqual({ max: 2, duration: 1000 });
  });
});
