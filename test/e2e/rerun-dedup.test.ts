import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually } from '../support/tier-process.ts';

/**
 * Re-posting work is never a silent no-op: the same `/ingest` or `/train` after the work completed
 * answers 200 `deduplicated` with the existing job (and its run), and `force: true` runs it again.
 * Real tiers as child processes on Postgres, Redis and s3rver.
 */
let stack: TestStack;

interface Run {
  id: string;
  status: string;
  batchId: string;
}

const post = (path: string, body: unknown) => fetch(`${stack.ingest.url}${path}`, { method: 'POST', headers: stack.auth, body: JSON.stringify(body) });
const runs = async (): Promise<Run[]> => {
  const res = await fetch(`${stack.ingest.url}/runs?limit=50`, { headers: stack.auth });
  return ((await res.json()) as { runs: Run[] }).runs;
};
const completedRuns = async (count: number, what: string) =>
  eventually(
    async () => {
      const all = await runs();
      const failed = all.find((r) => r.status === 'failed');
      if (failed) throw new Error(`run failed: ${JSON.stringify(failed)}`);
      const done = all.filter((r) => r.status === 'completed');
      return done.length >= count ? done : undefined;
    },
    240_000,
    what,
  );

beforeAll(async () => {
  stack = await startTestStack({ trainers: 1, env: { TRIALS_ULTRA_FAST: '2' } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('re-running work', () => {
  it('answers 200 deduplicated for work already done, and runs it again with force: true', async () => {
    const body = { source: 'sample', symbols: ['SYN-MOM', 'SYN-RW'], from: '2016-01-01', to: '2020-12-31', model: 'logistic' };
    const first = await post('/ingest', body);
    expect(first.status).toBe(202);
    const started = (await first.json()) as { jobId: string; deduplicated: boolean };
    expect(started.deduplicated).toBe(false);
    const [run1] = await completedRuns(1, 'the first run');

    const again = await post('/ingest', body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ jobId: started.jobId, state: 'completed', deduplicated: true, runId: run1.id, runStatus: 'completed' });

    const train = await post('/train', { batchId: run1.batchId, model: 'logistic', mode: 'ultra_fast' });
    expect(train.status).toBe(200);
    expect(await train.json()).toMatchObject({ deduplicated: true, runId: run1.id });

    const forced = await post('/ingest', { ...body, force: true });
    expect(forced.status).toBe(202);
    const rerun = (await forced.json()) as { jobId: string; deduplicated: boolean };
    expect(rerun.deduplicated).toBe(false);
    expect(rerun.jobId).not.toBe(started.jobId);
    const done = await completedRuns(2, 'the forced re-run');
    const second = done.find((r) => r.id !== run1.id) as Run;
    // Same data, same batch: a second run of it, not a second batch.
    expect(second.batchId).toBe(run1.batchId);
    expect(await runs()).toHaveLength(2);
  }, 480_000);
});
