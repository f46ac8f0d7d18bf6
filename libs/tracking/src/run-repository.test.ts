import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeVersion } from './code-version.ts';
import { TrackingConflictError, UnknownRunError } from './errors.ts';
import { RunRepository, type StartRunInput } from './run-repository.ts';

let t: TestDatabase;
let runs: RunRepository;
beforeAll(async () => {
  t = await createTestDatabase();
  runs = new RunRepository(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const start = (id: string, overrides: Partial<StartRunInput> = {}): StartRunInput => ({
  id,
  batchId: 'batch-1',
  featureSetHash: 'fs-1',
  mode: 'ultra_fast',
  backend: 'wasm',
  codeVersion: 'abc123',
  seed: 42,
  jobId: 'job-1',
  worker: 'trainer-a',
  reason: 'batch published',
  ...overrides,
});

describe('RunRepository', () => {
  it('starts a run once; a retried job resumes it instead of creating another', async () => {
    const first = await runs.start(start('r1'));
    expect(first.created).toBe(true);
    expect(first.run.status).toBe('running');
    await runs.fail('r1', new Error('worker died'));
    const retry = await runs.start(start('r1', { jobId: 'job-1', worker: 'trainer-b' }));
    expect(retry).toMatchObject({ created: false, alreadyCompleted: false });
    expect(retry.run).toMatchObject({ status: 'running', worker: 'trainer-b', error: null });
    expect((await runs.list({ limit: 10 })).map((r) => r.id)).toEqual(['r1']);
  });

  it('creates one run when two workers start the same run at once', async () => {
    const both = await Promise.all([runs.start(start('r0', { worker: 'a' })), runs.start(start('r0', { worker: 'b' }))]);
    expect(both.filter((r) => r.created)).toHaveLength(1);
    expect(both.every((r) => r.run.id === 'r0' && r.run.status === 'running')).toBe(true);
    await runs.fail('r0', 'test cleanup');
  });

  it('refuses the same run id for another batch', async () => {
    await expect(runs.start(start('r1', { batchId: 'batch-2' }))).rejects.toBeInstanceOf(TrackingConflictError);
  });

  it('logs params, final metrics and per-epoch history, and reads them back', async () => {
    await runs.logParams('r1', { units: 64, dropout: 0.2, model: 'mlp', earlyStopping: true });
    await runs.logParams('r1', { units: 32 });
    await runs.logMetrics('r1', { 'test.accuracy': 0.51, 'test.logLoss': 0.69 });
    await runs.logMetrics('r1', { 'test.accuracy': 0.52, 'test.auc': Number.NaN });
    await runs.logMetrics('r1', { 'val.loss': 0.7 }, 0);
    await runs.logHistory('r1', 'loss', [0.9, 0.8, 0.75, 0.7]);
    await runs.logHistory('r1', 'loss', [0.88, 0.79]); // a retried attempt replaces the series
    const got = await runs.get('r1');
    expect(got?.params).toEqual({ dropout: '0.2', earlyStopping: 'true', model: 'mlp', units: '32' });
    expect(got?.metrics['test.accuracy']).toBe(0.52);
    expect(got?.metrics['test.logLoss']).toBe(0.69);
    expect(got?.metrics['test.auc']).toBeNaN();
    expect(got?.history).toEqual({ loss: [0.88, 0.79], 'val.loss': [0.7] });
  });

  it('turns writes against an unknown run into UnknownRunError', async () => {
    await expect(runs.logParams('ghost', { a: 1 })).rejects.toBeInstanceOf(UnknownRunError);
    await expect(runs.logMetrics('ghost', { a: 1 })).rejects.toBeInstanceOf(UnknownRunError);
    await expect(runs.logHistory('ghost', 'loss', [1])).rejects.toBeInstanceOf(UnknownRunError);
    await expect(
      runs.complete('ghost', { summary: {}, suspectedLeak: false, artifactPrefix: 'x/', modelKind: 'mlp', backend: 'cpu' }),
    ).rejects.toBeInstanceOf(UnknownRunError);
    await expect(runs.fail('ghost', 'x')).rejects.toBeInstanceOf(UnknownRunError);
    expect(await runs.get('ghost')).toBeUndefined();
  });

  it('completes a run; a completed run is neither failed nor restarted by a late retry', async () => {
    await runs.complete('r1', {
      summary: { test: { accuracy: 0.52 } },
      suspectedLeak: false,
      artifactPrefix: 'models/r1/',
      modelKind: 'mlp',
      backend: 'wasm',
    });
    expect(await runs.fail('r1', new Error('late failure'))).toBe(false);
    const again = await runs.start(start('r1', { worker: 'trainer-c' }));
    expect(again).toMatchObject({ created: false, alreadyCompleted: true });
    const got = await runs.get('r1');
    expect(got).toMatchObject({
      status: 'completed',
      modelKind: 'mlp',
      artifactPrefix: 'models/r1/',
      worker: 'trainer-b',
      summary: { test: { accuracy: 0.52 } },
    });
    expect(got?.finishedAt).toBeInstanceOf(Date);
  });

  it('lists newest first with final metrics, filters by status, and knows the last run', async () => {
    await runs.start(start('r2'));
    await runs.start(start('r3'));
    await runs.fail('r3', 'boom');
    const all = await runs.list({ limit: 10 });
    expect(all.map((r) => r.id)).toEqual(['r3', 'r2', 'r0', 'r1']);
    expect(all[3].metrics).toMatchObject({ 'test.accuracy': 0.52, 'test.logLoss': 0.69 });
    expect(all[3].metrics).not.toHaveProperty('val.loss');
    expect((await runs.list({ status: 'failed' })).map((r) => r.id)).toEqual(['r3', 'r0']);
    expect((await runs.list({ limit: 1 })).map((r) => r.id)).toEqual(['r3']);
    expect((await runs.lastRun())?.id).toBe('r3');
    expect((await runs.get('r3'))?.error).toBe('boom');
  });

  it('compares runs side by side over the union of keys', async () => {
    await runs.logParams('r2', { units: 16, lr: 0.01 });
    await runs.logMetrics('r2', { 'test.accuracy': 0.49, 'test.brier': 0.25 });
    const c = await runs.compare(['r2', 'r1', 'missing']);
    expect(c.runs.map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(c.missing).toEqual(['missing']);
    expect(c.params).toEqual([
      { key: 'dropout', values: [null, '0.2'] },
      { key: 'earlyStopping', values: [null, 'true'] },
      { key: 'lr', values: ['0.01', null] },
      { key: 'model', values: [null, 'mlp'] },
      { key: 'units', values: ['16', '32'] },
    ]);
    expect(c.metrics.find((m) => m.key === 'test.accuracy')?.values).toEqual([0.49, 0.52]);
    expect(c.metrics.find((m) => m.key === 'test.brier')?.values).toEqual([0.25, null]);
  });

  it('reports a code version', () => {
    expect(codeVersion({ GIT_SHA: 'deadbeef' })).toBe('deadbeef');
    // In this checkout: a commit sha, possibly marked dirty.
    expect(codeVersion({})).toMatch(/^([0-9a-f]{40}(-dirty)?|v\d+\.\d+\.\d+)$/);
  });
});
