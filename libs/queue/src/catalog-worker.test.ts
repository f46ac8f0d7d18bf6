import { randomBytes } from 'node:crypto';
import { registerProcessMetrics } from '@alphapulse/telemetry';
import { QueueEvents } from 'bullmq';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertHandlerTable,
  connectRedis,
  createCatalogWorker,
  HandlerTableError,
  JOBS,
  JobProducer,
  type Redis,
  RedisUnavailableError,
} from './index.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis;
const prefix = `ap-test-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  redis = await connectRedis(REDIS_URL);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('handler table', () => {
  it('refuses a worker with a missing handler', () => {
    expect(() => assertHandlerTable('ingest-bars', {})).toThrow(HandlerTableError);
    expect(() => assertHandlerTable('ingest-bars', {})).toThrow(/no handler for bars\.fetch/);
  });
  it('refuses a handler for a job routed elsewhere', () => {
    expect(() =>
      assertHandlerTable('ingest-bars', { 'bars.fetch': async () => 1, 'training.run': async () => 1 }),
    ).toThrow(/training\.run/);
  });
});

describe('deterministic ids', () => {
  it('gives the same id to the same work and a different one to different work', () => {
    const a = JOBS['bars.fetch'].jobId({ source: 'yahoo', symbol: 'AAPL', interval: '1d', from: '2024-01-01' });
    const b = JOBS['bars.fetch'].jobId({ source: 'yahoo', symbol: 'AAPL', interval: '1d', from: '2024-01-01' });
    const c = JOBS['bars.fetch'].jobId({ source: 'yahoo', symbol: 'MSFT', interval: '1d', from: '2024-01-01' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).not.toContain(':');
  });
});

describe('catalog worker on real Redis', () => {
  it('runs valid jobs, fails invalid ones at once naming the field, and dedupes re-enqueues', async () => {
    const producer = new JobProducer(redis, prefix);
    const seen: string[] = [];
    const worker = createCatalogWorker(
      'ingest-bars',
      { 'bars.fetch': async (p) => { seen.push(p.symbol); return { symbol: p.symbol }; } },
      { connection: redis.duplicate(), prefix },
    );
    const events = new QueueEvents('ingest-bars', { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
    try {
      const id1 = await producer.enqueue('bars.fetch', { source: 'sample', symbol: 'aapl' });
      const id2 = await producer.enqueue('bars.fetch', { source: 'sample', symbol: 'AAPL' });
      expect(id2).toBe(id1);
      const job = await producer.queue('ingest-bars').getJob(id1);
      expect(await job!.waitUntilFinished(events, 10_000)).toEqual({ symbol: 'AAPL' });

      // A bad payload that bypassed the producer (e.g. an old client) still fails with the field named.
      const bad = await producer.queue('ingest-bars').add('bars.fetch', { source: 'sample', symbol: 'no spaces allowed' }, { attempts: 5 });
      await expect(bad.waitUntilFinished(events, 10_000)).rejects.toThrow(/symbol/);
      const failed = await producer.queue('ingest-bars').getJob(bad.id!);
      expect(failed!.attemptsMade).toBe(1); // unrecoverable: not retried
      expect(failed!.failedReason).toMatch(/invalid payload for bars\.fetch: symbol/);
      expect(seen).toEqual(['AAPL']);
    } finally {
      await worker.close();
      await events.close();
      await producer.close();
    }
  });

  it('feeds the job metrics: duration per attempt, completed, retried and failed', async () => {
    const registry = new Registry();
    registerProcessMetrics(registry);
    const read = async (name: string, labels: Record<string, string>) => {
      const { values } = await registry.getSingleMetric(name)!.get();
      return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
    };
    const job = { queue: 'ingest-bars', job_name: 'bars.fetch' };
    const names = ['alphapulse_jobs_completed_total', 'alphapulse_jobs_retried_total', 'alphapulse_jobs_failed_total'];
    const counts = async () => Promise.all(names.map((n) => read(n, job)));
    const durations = async () =>
      Promise.all(['completed', 'failed'].map((outcome) => read('alphapulse_job_duration_seconds', { ...job, outcome, le: '+Inf' })));
    const before = { counts: await counts(), durations: await durations() };

    const producer = new JobProducer(redis, prefix);
    const worker = createCatalogWorker(
      'ingest-bars',
      {
        'bars.fetch': async (p) => {
          if (p.symbol === 'FAIL') throw new Error('upstream down');
          return { symbol: p.symbol };
        },
      },
      { connection: redis.duplicate(), prefix },
    );
    try {
      await producer.enqueue('bars.fetch', { source: 'sample', symbol: 'OKAY' });
      await producer.enqueue('bars.fetch', { source: 'sample', symbol: 'FAIL' }, { attempts: 2, backoff: { type: 'fixed', delay: 0 } });
      const deadline = Date.now() + 15_000;
      let delta: number[] = [];
      while (Date.now() < deadline) {
        delta = (await counts()).map((c, i) => c - before.counts[i]);
        if (delta[0] >= 1 && delta[2] >= 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(delta).toEqual([1, 1, 1]); // one completed; the failing job retried once, then failed for good
      expect((await durations()).map((d, i) => d - before.durations[i])).toEqual([1, 2]); // one observation per attempt
    } finally {
      await worker.close();
      await producer.close();
    }
  });

  it('the producer refuses an invalid payload before it reaches Redis', async () => {
    const producer = new JobProducer(redis, prefix);
    await expect(producer.enqueue('training.run', { batchId: 'not-hex!' } as never)).rejects.toThrow(/batchId/);
    await producer.close();
  });

  it('fails with one clear line when Redis does not answer', async () => {
    const err = await connectRedis('redis://127.0.0.1:1', { timeoutMs: 500 }).catch((e) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err.message).toMatch(/^redis unavailable at redis:\/\/127\.0\.0\.1:1/);
  });
});
