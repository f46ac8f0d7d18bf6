import { featureBatches, modelVersions, runs, studies, trials } from '@alphapulse/db';
import { type TestDatabase } from '@alphapulse/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually, type TierProcess } from '../support/tier-process.ts';

/**
 * Tuning as queue work across trainer replicas: two trainer processes share one study's trials,
 * and a trainer killed with SIGKILL mid-trial loses nothing: the trial is retried on the other
 * replica and the study still ends in exactly one run and one model version.
 */
let stack: TestStack;
let db: TestDatabase;
let ingest: TierProcess;
let trainers: TierProcess[];
let auth: Record<string, string>;
let batchId: string;

const pidOf = (t: TierProcess) => t.child.pid as number;
const workerPid = (worker: string | null) => Number(worker?.split(':').pop());

async function train(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${ingest.url}/train`, { method: 'POST', headers: auth, body: JSON.stringify({ batchId, ...body }) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { jobId: string }).jobId;
}

async function completedRun(mode: string, model: string) {
  return eventually(
    async () => {
      const rows = (await db.db.select().from(runs)).filter((r) => r.mode === mode && r.modelKind === model);
      if (rows.some((r) => r.status === 'failed')) throw new Error(`run failed: ${rows.find((r) => r.status === 'failed')?.error}`);
      return rows.find((r) => r.status === 'completed');
    },
    300_000,
    `a completed ${mode}/${model} run`,
  );
}

beforeAll(async () => {
  stack = await startTestStack({
    trainers: 2,
    env: { JOB_LOCK_MS: '4000', TRIAL_WAVE: '2', TRIALS_ULTRA_FAST: '6', TRIALS_FAST: '5' },
  });
  ({ db, ingest, trainers, auth } = stack);
  const res = await fetch(`${ingest.url}/ingest`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ source: 'sample', symbols: ['SYN-MOM', 'SYN-TREND', 'SYN-RW'], from: '2012-01-01', to: '2024-06-30', train: false }),
  });
  expect(res.status).toBe(202);
  batchId = await eventually(async () => (await db.db.select().from(featureBatches))[0]?.id, 120_000, 'a feature batch');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('a study shared by two trainer processes', () => {
  it('splits the trials between the replicas and completes the study once', async () => {
    await train({ mode: 'ultra_fast', model: 'mlp' });
    const run = await completedRun('ultra_fast', 'mlp');
    const rows = await db.db.select().from(trials).where(eq(trials.studyId, run.id));
    expect(rows).toHaveLength(6);
    const pids = new Set(rows.map((t) => workerPid(t.worker)));
    expect(pids).toEqual(new Set(trainers.map(pidOf)));
    const [study] = await db.db.select().from(studies).where(eq(studies.id, run.id));
    expect(study.status).toBe('completed');
    expect((await db.db.select().from(modelVersions).where(eq(modelVersions.runId, run.id))).length).toBe(1);
  }, 300_000);

  it('survives kill -9 of a trainer mid-trial: the trial is retried elsewhere, one run, one model version', async () => {
    await train({ mode: 'fast', model: 'lstm' });
    // Wait until a trial has reported at least one epoch, then kill the process running it.
    const victim = await eventually(
      async () => {
        const running = (await db.db.select().from(trials)).filter((t) => t.status === 'running' && t.curve.length >= 1 && t.attempts === 1);
        return running.find((t) => trainers.some((p) => pidOf(p) === workerPid(t.worker)));
      },
      180_000,
      'a running trial',
    );
    const killed = trainers.find((p) => pidOf(p) === workerPid(victim.worker)) as TierProcess;
    const survivor = trainers.find((p) => p !== killed) as TierProcess;
    killed.child.kill('SIGKILL');

    const run = await completedRun('fast', 'lstm');
    expect(run.id).toBe(victim.studyId);
    const [retried] = await db.db.select().from(trials).where(eq(trials.studyId, run.id)).then((r) => r.filter((t) => t.number === victim.number));
    expect(retried.attempts).toBeGreaterThanOrEqual(2);
    expect(['complete', 'pruned']).toContain(retried.status);
    expect(workerPid(retried.worker)).toBe(pidOf(survivor));
    const runRows = (await db.db.select().from(runs)).filter((r) => r.mode === 'fast' && r.modelKind === 'lstm');
    expect(runRows).toHaveLength(1);
    expect((await db.db.select().from(modelVersions).where(eq(modelVersions.runId, run.id))).length).toBe(1);
    const [study] = await db.db.select().from(studies).where(eq(studies.id, run.id));
    expect(study.status).toBe('completed');
  }, 420_000);
});
