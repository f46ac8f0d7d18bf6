import { randomBytes } from 'node:crypto';
import { Job, QueueEvents, type Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { createLogger } from '@alphapulse/logger';
import { connectRedis, createCatalogWorker, JobProducer, QUEUES, type Redis } from '@alphapulse/queue';
import { type FeedFixtureServer, startFeedFixtureServer } from '../../news/feed-fixture-server.ts';
import { createNewsHandler } from './news-processor.ts';

const prefix = `ap-test-news-${randomBytes(4).toString('hex')}`;
let redis: Redis;
let db: TestDatabase;
let feeds: FeedFixtureServer;
let worker: Worker;
let events: QueueEvents;

beforeAll(async () => {
  [redis, db, feeds] = await Promise.all([connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), createTestDatabase(), startFeedFixtureServer()]);
  const handler = createNewsHandler({ db: db.db, logger: createLogger('news-test', 'silent'), feedTimeoutMs: 300 });
  worker = createCatalogWorker(QUEUES.ingestNews, { 'news.fetch': handler }, { connection: redis.duplicate(), prefix, concurrency: 3 });
  events = new QueueEvents(QUEUES.ingestNews, { connection: redis.duplicate(), prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});

afterAll(async () => {
  await worker?.close();
  await events?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await Promise.all([db?.drop(), feeds?.close()]);
});

describe('news.fetch through a real BullMQ worker', () => {
  it('fails the broken and missing feeds with their reasons while the others complete', async () => {
    const producer = new JobProducer(redis, prefix);
    const queue = producer.queue(QUEUES.ingestNews);
    const urls = [feeds.url('/yahoo/AAPL'), feeds.url('/atom'), feeds.url('/broken'), feeds.url('/missing')];
    const ids = await Promise.all(urls.map((url, i) => producer.enqueue('news.fetch', { url, symbols: i === 0 ? ['AAPL'] : [] })));
    const jobs = await Promise.all(ids.map(async (id) => (await Job.fromId(queue, id))!));
    const states = await Promise.all(jobs.map((job) => job.waitUntilFinished(events).then(() => 'completed', () => 'failed')));
    expect(states).toEqual(['completed', 'completed', 'failed', 'failed']);
    const [yahoo, , broken, missing] = await Promise.all(ids.map(async (id) => (await Job.fromId(queue, id))!));
    expect(yahoo.returnvalue).toEqual({ feed: urls[0], new: 3, duplicate: 0, items: 3 });
    expect(broken.failedReason).toMatch(/^feed http:\/\/127\.0\.0\.1:\d+\/broken: not a readable RSS or Atom document/);
    expect(broken.attemptsMade).toBe(1);
    expect(missing.failedReason).toMatch(/HTTP 404/);
  });
});
