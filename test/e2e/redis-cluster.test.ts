import { modelVersions, runs, studies, trials } from '@alphapulse/db';
import { deleteKeysMatching, keyspaces } from '@alphapulse/queue';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedisCluster, startPrivateRedisCluster } from '../support/redis-servers.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually, type TierProcess } from '../support/tier-process.ts';

/**
 * The whole pipeline on a 3-master Redis Cluster this test starts on loopback: the tiers connect
 * through ioredis Cluster (REDIS_CLUSTER_NODES) with a hash-tagged QUEUE_PREFIX, and a REST
 * ingest ends as one completed run whose trials ran on both trainer processes.
 */
let cluster: PrivateRedisCluster;
let stack: TestStack;
const started = Date.now();

const pidOf = (t: TierProcess) => t.child.pid as number;
const workerPid = (worker: string | null) => Number(worker?.split(':').pop());

beforeAll(async () => {
  cluster = await startPrivateRedisCluster(3);
  stack = await startTestStack({
    trainers: 2,
    redis: { url: 'redis://127.0.0.1', clusterNodes: cluster.nodes },
    env: { LOG_LEVEL: 'info', JOB_LOCK_MS: '10000', TRIAL_WAVE: '2', TRIALS_ULTRA_FAST: '6' },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await cluster?.stop();
  process.stderr.write(`redis-cluster e2e wall time: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
});

describe('the pipeline on a Redis Cluster', () => {
  it('ingests, trains with trials on two trainer processes and completes one run', async () => {
    expect(stack.prefix).toMatch(/^\{ap-test-[0-9a-f]+\}$/);
    const res = await fetch(`${stack.ingest.url}/ingest`, {
      method: 'POST',
      headers: stack.auth,
      body: JSON.stringify({ source: 'sample', symbols: ['SYN-MOM', 'SYN-RW'], from: '2015-01-01', to: '2024-06-30', mode: 'ultra_fast' }),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const db = stack.db.db;
    const run = await eventually(
      async () => {
        const rows = await db.select().from(runs);
        const failed = rows.find((r) => r.status === 'failed');
        if (failed) throw new Error(`run failed: ${failed.error}`);
        return rows.find((r) => r.status === 'completed');
      },
      300_000,
      'a completed run',
    );
    const trialRows = await db.select().from(trials).where(eq(trials.studyId, run.id));
    expect(trialRows).toHaveLength(6);
    expect(new Set(trialRows.map((t) => workerPid(t.worker)))).toEqual(new Set(stack.trainers.map(pidOf)));
    const [study] = await db.select().from(studies).where(eq(studies.id, run.id));
    expect(study.status).toBe('completed');
    expect(await db.select().from(modelVersions).where(eq(modelVersions.runId, run.id))).toHaveLength(1);
    expect((await db.select().from(runs)).filter((r) => r.status === 'completed')).toHaveLength(1);

    // Schedules and queue depths are read through the cluster too.
    const status = (await (await fetch(`${stack.ingest.url}/status`, { headers: stack.auth })).json()) as { queues: Record<string, { completed: number }>; schedules: unknown[] };
    expect(status.queues.trials.completed).toBe(6);
    expect(status.schedules.length).toBeGreaterThan(0);

    // Every key of the stack shares the hash tag, so one master holds them all.
    const perNode = await Promise.all(keyspaces(stack.redis).map(async (node) => (await node.keys(`${stack.prefix}:*`)).length));
    expect(perNode).toHaveLength(3);
    expect(perNode.filter((n) => n > 0)).toHaveLength(1);

    for (const tier of [stack.ingest, ...stack.trainers]) {
      for (const line of tier.stderr().split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
    }
  }, 360_000);

  it('deletes the stack keys on every master (the cleanup the test stack runs)', async () => {
    for (const tier of [stack.ingest, ...stack.trainers]) expect(await tier.stop('SIGTERM')).toBe(0);
    expect(await deleteKeysMatching(stack.redis, `${stack.prefix}:*`)).toBeGreaterThan(0);
    const left = await Promise.all(keyspaces(stack.redis).map((node) => node.keys(`${stack.prefix}:*`)));
    expect(left.flat()).toEqual([]);
  }, 120_000);
});
