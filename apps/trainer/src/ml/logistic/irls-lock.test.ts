import { randomBytes } from 'node:crypto';
import { connectRedis, deleteKeysMatching, type Redis } from '@alphapulse/queue';
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitLogisticRegression, fitLogisticRegressionAsync } from './irls.ts';

/**
 * A Newton fit far longer than the job lock, inside a real BullMQ worker on Redis: the yielding fit
 * keeps its lock (renewed by the worker's timer between slices), completes once and never stalls;
 * the synchronous fit, the control, blocks the renewal and loses its lock.
 */
const LOCK_MS = 1_000;
const prefix = `ap-test-lock-${randomBytes(4).toString('hex')}`;
let redis: Redis;

beforeAll(async () => {
  redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  await deleteKeysMatching(redis, `${prefix}:*`);
  redis.disconnect();
});

function problem(n: number, f: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n * f);
  const y = new Float64Array(n);
  let s = 1;
  const next = () => {
    s = (s * 16_807) % 2_147_483_647;
    return s / 2_147_483_647 - 0.5;
  };
  for (let r = 0; r < n; r++) {
    let z = 0;
    for (let j = 0; j < f; j++) {
      x[r * f + j] = next();
      z += x[r * f + j] * (j % 2 ? 1 : -1);
    }
    y[r] = z + next() > 0 ? 1 : 0;
  }
  return { x, y };
}

const n = 60_000;
const f = 12;
const { x, y } = problem(n, f);

/** Newton iterations that take about `ms` on this machine now (tolerance -1: never converges early). */
function iterationsFor(ms: number): number {
  const t = performance.now();
  fitLogisticRegression(x, y, n, f, { maxIterations: 3, tolerance: -1 });
  return Math.max(3, Math.ceil((ms / (performance.now() - t)) * 3));
}

async function runOnce(fit: (iterations: number) => Promise<unknown>, iterations: number) {
  const name = `fit-${randomBytes(3).toString('hex')}`;
  const queue = new Queue(name, { connection: redis, prefix });
  let runs = 0;
  const signals: string[] = [];
  const worker = new Worker(
    name,
    async () => {
      runs++;
      await fit(iterations);
      return 'fitted';
    },
    { connection: redis.duplicate({ maxRetriesPerRequest: null }), prefix, lockDuration: LOCK_MS, stalledInterval: LOCK_MS, maxStalledCount: 1 },
  );
  worker.on('stalled', (id) => signals.push(`stalled ${id}`));
  worker.on('lockRenewalFailed', (ids) => signals.push(`lock renewal failed ${ids.join(',')}`));
  worker.on('error', (err) => signals.push(`error ${err.message}`));
  const job = await queue.add('fit', {}, { attempts: 1 });
  const started = Date.now();
  try {
    for (;;) {
      const state = await queue.getJobState(job.id as string);
      if (state === 'completed' || state === 'failed') break;
      if (Date.now() - started > 60_000) throw new Error(`job still ${state} after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 3 * LOCK_MS));
    const done = await queue.getJob(job.id as string);
    return { runs, signals, state: await queue.getJobState(job.id as string), result: done?.returnvalue, seconds: (Date.now() - started) / 1000 };
  } finally {
    await worker.close(true);
    await queue.close();
  }
}

describe('a Newton fit longer than the job lock', () => {
  it('keeps its lock when it yields: one run, completed, no stall or lost lock', async () => {
    const iterations = iterationsFor(4 * LOCK_MS);
    const r = await runOnce((k) => fitLogisticRegressionAsync(x, y, n, f, { maxIterations: k, tolerance: -1 }), iterations);
    console.log(`yielding fit: ${iterations} iterations, ${r.seconds.toFixed(1)} s with a ${LOCK_MS} ms lock: ${r.state}, ${r.runs} run(s), signals ${JSON.stringify(r.signals)}`);
    expect(r.seconds).toBeGreaterThan((2 * LOCK_MS) / 1000);
    expect(r).toMatchObject({ state: 'completed', runs: 1, result: 'fitted', signals: [] });
  }, 90_000);

  it('gives the same weights as the synchronous fit', async () => {
    const a = fitLogisticRegression(x, y, n, f, { maxIterations: 8 });
    const b = await fitLogisticRegressionAsync(x, y, n, f, { maxIterations: 8, yieldEveryMs: 0 });
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(b.iterations).toBe(a.iterations);
  });

  it('loses its lock when it blocks the event loop (the control: the test can fail)', async () => {
    const iterations = iterationsFor(4 * LOCK_MS);
    const r = await runOnce(async (k) => fitLogisticRegression(x, y, n, f, { maxIterations: k, tolerance: -1 }), iterations);
    console.log(`blocking fit: ${iterations} iterations, ${r.seconds.toFixed(1)} s: ${r.state}, ${r.runs} run(s), signals ${JSON.stringify(r.signals)}`);
    expect(r.signals.length + (r.runs > 1 ? 1 : 0) + (r.state !== 'completed' ? 1 : 0)).toBeGreaterThan(0);
  }, 90_000);
});
