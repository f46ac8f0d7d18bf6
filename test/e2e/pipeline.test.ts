import { loadEnv } from '@alphapulse/config';
import { QUEUES } from '@alphapulse/queue';
import { Queue } from 'bullmq';
import { openObjectStore } from '@alphapulse/storage';
import { ArtifactStore } from '@alphapulse/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '@alphapulse/trainer/ml';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually, type TierProcess } from '../support/tier-process.ts';

/**
 * The whole path on real services: Postgres, Redis, an S3-protocol server, and the two tiers as
 * two separate processes. A batch enqueued over REST must end as a completed run row with metrics
 * beside baselines and a model object that loads back into tfjs and predicts.
 */
let stack: TestStack;
let ingest: TierProcess;
let trainer: TierProcess;
let token: string;
let auth: Record<string, string>;

beforeAll(async () => {
  stack = await startTestStack({ trainers: 1, env: { LOG_LEVEL: 'info', JOB_LOCK_MS: '10000' } });
  ({ ingest, token, auth } = stack);
  [trainer] = stack.trainers;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('ingest and trainer as two processes', () => {
  it('refuses mutating requests without the token and names invalid fields', async () => {
    const noAuth = await fetch(`${ingest.url}/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"source":"sample"}' });
    expect(noAuth.status).toBe(401);
    const board = await fetch(`${ingest.url}/admin/queues`);
    expect(board.status).toBe(401);
    const boardBasic = await fetch(`${ingest.url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from(`ops:${token}`).toString('base64')}` } });
    expect(boardBasic.status).toBe(200);
    const bad = await fetch(`${ingest.url}/ingest`, { method: 'POST', headers: auth, body: JSON.stringify({ source: 'sample', from: '2024-13-01' }) });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { fields: { field: string }[] };
    expect(body.fields.map((f) => f.field)).toContain('from');
    const badSource = await fetch(`${ingest.url}/ingest`, { method: 'POST', headers: auth, body: JSON.stringify({ source: 'bloomberg' }) });
    expect(badSource.status).toBe(400);
    expect((await fetch(`${ingest.url}/runs/nope`)).status).toBe(401);
    expect((await fetch(`${ingest.url}/runs/nope`, { headers: auth })).status).toBe(404);
  });

  it('takes a batch from REST to a completed run, metrics beside baselines and a loadable model', async () => {
    const res = await fetch(`${ingest.url}/ingest`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ source: 'sample', symbols: ['SYN-MOM', 'SYN-RW'], from: '2017-01-01', to: '2024-06-30', mode: 'ultra_fast' }),
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    expect(jobId).toBeTruthy();

    const run = await eventually(
      async () => {
        const { runs } = (await (await fetch(`${ingest.url}/runs`, { headers: auth })).json()) as { runs: { id: string; status: string }[] };
        const failed = runs.find((r) => r.status === 'failed');
        if (failed) throw new Error(`run failed: ${JSON.stringify(failed)}`);
        return runs.find((r) => r.status === 'completed');
      },
      240_000,
      'a completed run',
    );
    const detail = (await (await fetch(`${ingest.url}/runs/${run.id}`, { headers: auth })).json()) as {
      backend: string;
      metrics: Record<string, number>;
      params: Record<string, string>;
      artifactPrefix: string;
    };
    expect(['tensorflow', 'wasm', 'cpu']).toContain(detail.backend);
    for (const key of ['test.accuracy', 'test.auc', 'test.logLoss', 'test.brier', 'baselines.majority.accuracy', 'baselines.persistence.accuracy']) {
      expect(detail.metrics[key], key).toBeTypeOf('number');
    }
    expect(detail.metrics['test.accuracyCI.lower']).toBeLessThan(detail.metrics['test.accuracy']);
    expect(detail.metrics['test.accuracyCI.upper']).toBeGreaterThan(detail.metrics['test.accuracy']);

    // The model in the object store loads back (through the artifact store) and predicts probabilities.
    const store = await openObjectStore(loadEnv({ ...stack.env }));
    const files = await new ArtifactStore(store).getModel(run.id);
    for (const f of ['scaler.json', 'features.json', 'meta.json']) expect(Object.keys(files)).toContain(f);
    const model = await loadModel(files);
    const frame = { columns: Object.fromEntries(model.featureNames.map((n, j) => [n, [model.scaler.mean[j]]])), previous: Int32Array.of(-1) };
    const p = model.predictFrame(frame, [0]);
    expect(p[0]).toBeGreaterThan(0);
    expect(p[0]).toBeLessThan(1);

    // The run report is in the object store and served by the API.
    const report = await fetch(`${ingest.url}/runs/${run.id}/report`, { headers: auth });
    expect(report.status).toBe(200);
    expect(await report.text()).toContain(`Run <code>${run.id}</code>`);
    expect((await fetch(`${ingest.url}/runs/..%2F..%2Fetc/report`, { headers: auth })).status).toBe(404);

    const trainerStatus = (await (await fetch(`${trainer.url}/status`, { headers: auth })).json()) as { backend: string; lastRun: { id: string } };
    expect(trainerStatus.backend).toBe(detail.backend);
    expect(trainerStatus.lastRun.id).toBe(run.id);
  }, 300_000);

  it('builds the batch from the symbols that worked when one symbol of a run fails', async () => {
    const res = await fetch(`${ingest.url}/ingest`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ source: 'sample', symbols: ['SYN-IDX', 'NOT-SAMPLE'], from: '2023-01-01', to: '2023-12-31', train: false }),
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    const queue = new Queue(QUEUES.features, { connection: stack.redis, prefix: stack.prefix });
    try {
      const result = await eventually(
        async () => {
          const job = await queue.getJob(jobId);
          const state = await job?.getState();
          if (state === 'failed') throw new Error(`features job failed: ${job?.failedReason}`);
          return state === 'completed' ? (job?.returnvalue as { symbols: string[]; missing: string[]; failed: { reason: string }[]; rows: number }) : undefined;
        },
        60_000,
        'the features job',
      );
      expect(result.symbols).toEqual(['SYN-IDX']);
      expect(result.rows).toBeGreaterThan(200);
      expect(result.failed).toHaveLength(1);
      expect(result.failed[0].reason).toMatch(/NOT-SAMPLE is not a sample symbol/);
    } finally {
      await queue.close();
    }
  }, 90_000);

  it('stops both tiers cleanly on SIGTERM', async () => {
    expect(await ingest.stop('SIGTERM')).toBe(0);
    expect(await trainer.stop('SIGTERM')).toBe(0);
  }, 90_000);
});
