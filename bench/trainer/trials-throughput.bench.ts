import { randomBytes } from 'node:crypto';
import { featureBatches, runs, trials } from '@alphapulse/db';
import { createTestDatabase } from '@alphapulse/db/testing';
import { connectRedis } from '@alphapulse/queue';
import { freePort } from '@alphapulse/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { BenchContext, BenchResult, Ceilings } from '../run.ts';
import { eventually, startTier, type TierProcess } from '../../test/support/tier-process.ts';

/**
 * Trials per minute of one study with one and with two trainer processes (the `trials` queue
 * shared by replicas), on the same feature batch. Throughput is trials finished over the span from
 * the first trial's start to the last one's end, read from the study's rows in Postgres.
 */
/**
 * Identical work in both runs: all trials random (their params depend on the seed and trial number
 * only, not on which trials finished first) and no pruning (which decides by the curves finished so
 * far, so it prunes more when trials run one after another).
 */
const IDENTICAL_WORK = { PRUNER: 'none', STARTUP_TRIALS: '1000' };

async function studyThroughput(replicas: number, quick: boolean): Promise<{ perMinute: number; trials: number; seconds: number; workers: number; busy: number }> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ap-bench-trials-'));
  const prefix = `apbench-trials-${randomBytes(4).toString('hex')}`;
  const token = randomBytes(16).toString('hex');
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const budget = quick ? 8 : 30;
  const env = { DATABASE_URL: db.url, DATA_DIR: dataDir, QUEUE_PREFIX: prefix, API_TOKEN: token, TRIAL_WAVE: process.env.BENCH_TRIAL_WAVE ?? '2', TRIALS_FULL: String(budget), LOG_LEVEL: 'warn', ...IDENTICAL_WORK };
  const procs: TierProcess[] = [];
  try {
    const ingest = await startTier('ingest', env, await freePort());
    procs.push(ingest);
    for (let i = 0; i < replicas; i++) procs.push(await startTier('trainer', env, await freePort()));
    const ingestRes = await fetch(`${ingest.url}/ingest`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ source: 'sample', symbols: ['SYN-MOM', 'SYN-TREND', 'SYN-RW', 'SYN-IDX'], from: '2006-01-01', to: '2024-12-31', train: false }),
    });
    if (ingestRes.status !== 202) throw new Error(`POST /ingest answered ${ingestRes.status}`);
    const batchId = await eventually(async () => (await db.db.select().from(featureBatches))[0]?.id, 120_000, 'a feature batch');
    const trainRes = await fetch(`${ingest.url}/train`, { method: 'POST', headers: auth, body: JSON.stringify({ batchId, mode: 'full', model: 'mlp' }) });
    if (trainRes.status !== 202) throw new Error(`POST /train answered ${trainRes.status}`);
    const run = await eventually(
      async () => (await db.db.select().from(runs)).find((r) => r.status === 'completed' || r.status === 'failed'),
      1_800_000,
      'the study to finish',
    );
    if (run.status === 'failed') throw new Error(`run failed: ${run.error}`);
    const rows = await db.db.select().from(trials).where(eq(trials.studyId, run.id));
    const start = Math.min(...rows.map((t) => t.startedAt.getTime()));
    const end = Math.max(...rows.map((t) => (t.finishedAt ?? t.startedAt).getTime()));
    const seconds = (end - start) / 1000;
    const workers = new Set(rows.map((t) => t.worker)).size;
    const busy = rows.reduce((sum, t) => sum + (t.durationMs ?? 0), 0) / 1000 / (seconds * workers);
    if (process.env.BENCH_DEBUG) {
      for (const t of [...rows].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())) {
        console.error(t.number, t.worker, t.status, (t.startedAt.getTime() - start) / 1000, ((t.finishedAt?.getTime() ?? 0) - start) / 1000, t.durationMs, t.curve.length);
      }
    }
    return { perMinute: (rows.length / seconds) * 60, trials: rows.length, seconds, workers, busy };
  } finally {
    for (const p of procs) await p.stop('SIGTERM');
    const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(_ceilings?: Ceilings, context?: BenchContext): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const one = await studyThroughput(1, quick);
  const two = await studyThroughput(2, quick);
  return [
    { name: 'study trials, 1 trainer process', value: one.perMinute, unit: 'trials/min', note: `${one.trials} random MLP trials, no pruning, in ${one.seconds.toFixed(1)} s; workers busy ${(100 * one.busy).toFixed(0)}% of the span` },
    {
      name: 'study trials, 2 trainer processes',
      value: two.perMinute,
      unit: 'trials/min',
      ratio: { to: 'the same study on 1 trainer process, this run', value: two.perMinute / one.perMinute },
      note: `${two.trials} trials in ${two.seconds.toFixed(1)} s on ${two.workers} workers, busy ${(100 * two.busy).toFixed(0)}% of the span; aim ≥ 1.7× on 2 cores`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
