import { randomBytes } from 'node:crypto';
import { withSpan } from '@alphapulse/telemetry';
import { captureSpans, type SpanCapture } from '@alphapulse/telemetry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, createCatalogWorker, JobProducer, type Redis } from './index.ts';

const prefix = `ap-test-${randomBytes(4).toString('hex')}`;
let redis: Redis;
let capture: SpanCapture;

beforeAll(async () => {
  capture = await captureSpans();
  redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await capture.stop();
});

describe('trace context across the queue hop', () => {
  it('continues the caller’s trace through a flow, its children, and a job enqueued from inside a processor', async () => {
    const producer = new JobProducer(redis, prefix);
    let trained: () => void = () => {};
    const done = new Promise<void>((resolve) => (trained = resolve));
    const workers = [
      createCatalogWorker('ingest-bars', { 'bars.fetch': async (p) => ({ symbol: p.symbol }) }, { connection: redis.duplicate(), prefix }),
      createCatalogWorker(
        'features',
        {
          'ingest.run': async () => undefined,
          'features.build': async () => producer.enqueue('training.run', { batchId: 'ab'.repeat(16), reason: 'trace test' }),
        },
        { connection: redis.duplicate(), prefix },
      ),
      createCatalogWorker('training', { 'training.run': async () => trained() }, { connection: redis.duplicate(), prefix }),
    ];
    const failures: string[] = [];
    for (const w of workers) w.on('failed', (job, err) => failures.push(`${job?.name}: ${err.message}`));
    try {
      await withSpan('POST /ingest', {}, () =>
        producer.enqueueFlow({
          name: 'features.build',
          data: { symbols: ['AAA', 'BBB'] },
          children: ['AAA', 'BBB'].map((symbol) => ({ name: 'bars.fetch' as const, data: { source: 'sample' as const, symbol } })),
        }),
      );
      await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`no training job ran: ${failures.join('; ')}`)), 15_000))]);
      await new Promise((r) => setTimeout(r, 200)); // the training job's process span ends after its handler
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await producer.close();
    }
    const spans = capture.spans();
    const root = spans.find((s) => s.name === 'POST /ingest');
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const ancestry = (name: string) => {
      const span = spans.find((s) => s.name === name);
      const chain: string[] = [];
      for (let s = span; s; s = s.parentSpanContext ? byId.get(s.parentSpanContext.spanId) : undefined) chain.push(s.name);
      return { traceId: span?.spanContext().traceId, chain };
    };
    const processes = ['process ingest-bars', 'process features', 'process training'].map(ancestry);
    for (const p of processes) expect(p.traceId).toBe(root?.spanContext().traceId);
    expect(processes[2].chain).toEqual(['process training', 'add training.training.run', 'process features', 'addNode features', 'addFlow features', 'POST /ingest']);
    expect(spans.filter((s) => s.name === 'process ingest-bars')).toHaveLength(2);
  });
});
