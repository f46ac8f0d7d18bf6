import { modelVersions, runs, studies } from '@alphapulse/db';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../support/postgres-cluster.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-servers.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually } from '../support/tier-process.ts';

/**
 * Ordinary outages during a study, injected on dependencies of the test's own (a private Postgres
 * cluster, a private redis-server), with both tiers as child processes: the run still reaches its
 * end state, once, with one model version.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

const INGEST = { source: 'sample', symbols: ['SYN-MOM', 'SYN-RW'], from: '2018-01-01', to: '2022-12-30', mode: 'ultra_fast', model: 'logistic' };
const FAST = { TRIALS_ULTRA_FAST: '4', TRIAL_WAVE: '1', RECONCILE_INTERVAL_MS: '2000', JOB_LOCK_MS: '15000' };

async function get<T>(stack: TestStack, path: string): Promise<T> {
  const res = await fetch(`${stack.ingest.url}${path}`, { headers: stack.auth });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

async function studyUnderWay(stack: TestStack): Promise<string> {
  return eventually(
    async () => {
      const [study] = await stack.db.db.select().from(studies);
      return study && study.trialsClaimed > 0 ? study.runId : undefined;
    },
    300_000,
    'a study with trials under way',
  );
}

async function completed(stack: TestStack, runId: string): Promise<void> {
  await eventually(
    async () => {
      const [run] = await stack.db.db.select().from(runs).where(eq(runs.id, runId));
      if (run?.status === 'failed') throw new Error(`run failed: ${run.error}`);
      return run?.status === 'completed' ? true : undefined;
    },
    900_000,
    `run ${runId} completed`,
  );
}

async function exactlyOnce(stack: TestStack, runId: string): Promise<void> {
  expect(await stack.db.db.select().from(runs)).toHaveLength(1);
  const versions = await stack.db.db.select().from(modelVersions).where(eq(modelVersions.runId, runId));
  expect(versions).toHaveLength(1);
  expect(versions[0].promotion).not.toBeNull();
}

describe('outages during a study', () => {
  it('survives Postgres down for 25 s: the run completes once', async () => {
    const pg: PrivatePostgres = await startPrivatePostgres();
    cleanups.push(() => pg.close());
    const stack = await startTestStack({ trainers: 1, postgresAdminUrl: pg.url, env: FAST });
    cleanups.push(() => stack.stop());
    expect((await fetch(`${stack.ingest.url}/ingest`, { method: 'POST', headers: stack.auth, body: JSON.stringify(INGEST) })).status).toBe(202);
    const runId = await studyUnderWay(stack);
    await pg.stop();
    await sleep(25_000);
    await pg.start();
    await completed(stack, runId);
    await exactlyOnce(stack, runId);
  }, 1_200_000);

  it('survives Redis restarted empty: the reconciler resumes the run and restores the schedulers', async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const stack = await startTestStack({ trainers: 1, redis: { url: redis.url }, env: FAST });
    cleanups.push(() => stack.stop());
    const schedulers = async () => (await get<{ schedules: unknown[] }>(stack, '/schedules')).schedules.length;
    expect(await schedulers()).toBeGreaterThan(0);
    expect((await fetch(`${stack.ingest.url}/ingest`, { method: 'POST', headers: stack.auth, body: JSON.stringify(INGEST) })).status).toBe(202);
    const runId = await studyUnderWay(stack);
    await redis.restartEmpty(3_000);
    await completed(stack, runId);
    await exactlyOnce(stack, runId);
    await eventually(async () => ((await schedulers()) > 0 ? true : undefined), 60_000, 'schedulers restored');
    expect(stack.trainers[0].logs()).toContain('run-resumed');
    expect(stack.ingest.logs()).toContain('scheduler-restored');
  }, 1_200_000);
});
