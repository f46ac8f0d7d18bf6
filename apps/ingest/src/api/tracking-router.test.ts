import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { requireBearer } from '@alphapulse/http';
import { ResponseContract } from '@alphapulse/http/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareToReference, DriftRepository, ModelRegistry, PredictionRepository, RunRepository, referenceHistograms, StudyRepository } from '@alphapulse/tracking';
import { evidenceFor, versionInput } from '@alphapulse/tracking/testing';
import { buildIngestApiDocument } from './openapi/ingest-api-document.ts';
import { createTrackingRouter } from './tracking-router.ts';

const TOKEN = 'test-token-0123456789';
let t: TestDatabase;
let server: Server;
let base: string;
let v1: number;
let v2: number;

beforeAll(async () => {
  t = await createTestDatabase();
  const runs = new RunRepository(t.db);
  for (const id of ['run-a', 'run-b']) {
    await runs.start({
      id,
      batchId: 'b1',
      featureSetHash: 'fs',
      mode: 'ultra_fast',
      backend: 'cpu',
      codeVersion: 'x',
      seed: 1,
      jobId: id,
      worker: 'w',
      reason: 'test',
    });
  }
  await runs.logParams('run-a', { units: 32 });
  await runs.logMetrics('run-a', { 'test.accuracy': 0.51 });
  await runs.logHistory('run-a', 'val.loss', [0.7, 0.69]);
  await runs.complete('run-a', {
    summary: {},
    suspectedLeak: false,
    artifactPrefix: 'models/run-a/',
    modelKind: 'mlp',
    backend: 'cpu',
  });
  await runs.logMetrics('run-b', { 'test.accuracy': 0.49, 'test.auc': 0.5 });
  const studies = new StudyRepository(t.db);
  await studies.create({ id: 'run-b', runId: 'run-b', batchId: 'b1', mode: 'ultra_fast', budget: 5, seed: 1 });
  for (const [n, value] of [[0, 0.69], [1, 0.68], [2, 0.7]] as const) {
    await studies.startTrial('run-b', n, { model: 'gbdt' }, 'w');
    await studies.finishTrial('run-b', n, { status: 'complete', value, curve: [value], durationMs: 1 });
  }
  await studies.startTrial('run-b', 3, { model: 'logistic' }, 'w');

  const registry = new ModelRegistry(t.db);
  v1 = (await registry.register(versionInput('run-a'))).id;
  v2 = (await registry.register(versionInput('run-b', { modelKind: 'logistic' }))).id;
  await registry.autoPromote(v1, { actor: 'trainer', evidence: evidenceFor(v1) });

  await new PredictionRepository(t.db).record([
    {
      modelVersionId: v1,
      symbol: 'AAPL',
      featureTs: new Date('2024-01-02T21:00:00Z'),
      batchId: 'b1',
      probabilityUp: 0.57,
      stale: false,
      skill: 'none' as const,
    },
    {
      modelVersionId: v1,
      symbol: 'MSFT',
      featureTs: new Date('2024-01-02T21:00:00Z'),
      batchId: 'b1',
      probabilityUp: 0.42,
      stale: false,
      skill: 'none' as const,
    },
  ]);
  const reference = referenceHistograms({ x: Float64Array.from({ length: 500 }, (_, i) => i) });
  const report = compareToReference(
    reference,
    { x: Float64Array.from({ length: 100 }, (_, i) => 400 + i) },
    { psiThreshold: 0.2, ksAlpha: 0.05, shareThreshold: 0.3 },
  );
  await new DriftRepository(t.db).record({ batchId: 'b1', modelVersionId: v1, report });

  const app = express();
  app.use(
    createTrackingRouter({
      db: t.db,
      auth: [
        requireBearer({ token: TOKEN }),
        (_req, res, next) => {
          res.locals.actor = 'api-user';
          next();
        },
      ],
      championMaxAgeDays: 7,
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.drop();
});

const get = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const post = async (path: string, body: string | undefined, token?: string) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('tracking router', () => {
  it('lists runs newest first with final metrics, filtered and limited', async () => {
    const all = await get('/runs');
    expect(all.status).toBe(200);
    expect(all.body.runs.map((r: { id: string }) => r.id)).toEqual(['run-b', 'run-a']);
    expect(all.body.runs[1]).toMatchObject({ status: 'completed', modelKind: 'mlp', metrics: { 'test.accuracy': 0.51 } });
    expect((await get('/runs?status=completed')).body.runs.map((r: { id: string }) => r.id)).toEqual(['run-a']);
    expect((await get('/runs?limit=1')).body.runs).toHaveLength(1);
  });

  it('rejects bad list parameters, naming the field', async () => {
    const bad = await get('/runs?limit=0&status=weird');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid request');
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['limit', 'status']);
  });

  it('shows one run with params, metrics and history; 404 for an unknown id', async () => {
    const one = await get('/runs/run-a');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: 'run-a',
      params: { units: '32' },
      metrics: { 'test.accuracy': 0.51 },
      history: { 'val.loss': [0.7, 0.69] },
    });
    expect(one.body.progress).toBeNull();
    const tuning = await get('/runs/run-b');
    expect(tuning.body.progress).toEqual({ status: 'running', trialsDone: 3, trialsTotal: 5, trialsRunning: 1, best: { number: 1, value: 0.68, model: 'gbdt' } });
    const missing = await get('/runs/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'run not found', id: 'nope' });
  });

  it('compares runs; 400 naming ids when missing or too few, 404 naming unknown ones', async () => {
    const c = await get('/runs/compare?ids=run-a,run-b');
    expect(c.status).toBe(200);
    expect(c.body.runs.map((r: { id: string }) => r.id)).toEqual(['run-a', 'run-b']);
    expect(c.body.metrics).toEqual([
      { key: 'test.accuracy', values: [0.51, 0.49] },
      { key: 'test.auc', values: [null, 0.5] },
    ]);
    expect(c.body.params).toEqual([{ key: 'units', values: ['32', null] }]);
    for (const q of ['', '?ids=', '?ids=run-a', '?ids=run-a,,run-a']) {
      const bad = await get(`/runs/compare${q}`);
      expect(bad.status, q).toBe(400);
      expect(bad.body.fields[0].field).toBe('ids');
    }
    const unknown = await get('/runs/compare?ids=run-a,ghost');
    expect(unknown.status).toBe(404);
    expect(unknown.body.ids).toEqual(['ghost']);
  });

  it('shows models with aliases, history and champion staleness', async () => {
    const m = await get('/models');
    expect(m.status).toBe(200);
    expect(m.body.versions.map((v: { id: number; aliases: string[] }) => [v.id, v.aliases])).toEqual([
      [v2, []],
      [v1, ['champion']],
    ]);
    expect(m.body.aliases).toEqual([expect.objectContaining({ alias: 'champion', versionId: v1 })]);
    expect(m.body.history[0]).toMatchObject({ alias: 'champion', versionId: v1, actor: 'trainer' });
    expect(m.body.champion).toMatchObject({ versionId: v1, stale: false, maxAgeDays: 7 });
  });

  it('promotes only with the token, validates the id and body, 404s an unknown version', async () => {
    expect((await post(`/models/${v2}/promote`, JSON.stringify({ reason: 'x' }))).status).toBe(401);
    expect((await post(`/models/${v2}/promote`, JSON.stringify({ reason: 'x' }), 'wrong-token-0123456789')).status).toBe(401);

    const badId = await post('/models/abc/promote', '{}', TOKEN);
    expect(badId.status).toBe(400);
    expect(badId.body.fields[0].field).toBe('id');
    const badBody = await post(`/models/${v2}/promote`, JSON.stringify({ reason: 42 }), TOKEN);
    expect(badBody.status).toBe(400);
    expect(badBody.body.fields[0].field).toBe('reason');
    const extra = await post(`/models/${v2}/promote`, JSON.stringify({ reasn: 'typo' }), TOKEN);
    expect(extra.status).toBe(400);
    expect(extra.body.fields[0].field).toBe('reasn');
    const broken = await post(`/models/${v2}/promote`, '{"reason":', TOKEN);
    expect(broken.status).toBe(400);
    expect(broken.body.fields).toEqual([{ field: 'body', message: 'not valid JSON' }]);
    expect((await post('/models/9999/promote', '{}', TOKEN)).status).toBe(404);

    const ok = await post(`/models/${v2}/promote`, JSON.stringify({ reason: 'reviewed by hand' }), TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ changed: true, alias: 'champion', versionId: v2, previousVersionId: v1 });
    expect(ok.body.event).toMatchObject({ actor: 'api-user', reason: 'manual: reviewed by hand' });
    // No body at all is fine: the reason defaults.
    const res = await fetch(`${base}/models/${v1}/promote`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { event: { reason: string } }).event.reason).toBe('manual: promoted through the API');
  });

  it('404s a version id beyond int4 and 409s a version of another feature set, naming both', async () => {
    expect((await post('/models/2147483648/promote', '{}', TOKEN)).status).toBe(404);
    expect((await post('/models/99999999999999999999/promote', '{}', TOKEN)).status).toBe(400);
    await new RunRepository(t.db).start({
      id: 'run-c',
      batchId: 'b2',
      featureSetHash: 'fs-other',
      mode: 'ultra_fast',
      backend: 'cpu',
      codeVersion: 'x',
      seed: 1,
      jobId: 'run-c',
      worker: 'w',
      reason: 'test',
    });
    const v3 = (await new ModelRegistry(t.db).register(versionInput('run-c', { featureSetHash: 'fs-other' }))).id;
    const clash = await post(`/models/${v3}/promote`, '{}', TOKEN);
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ version: { id: v3, featureSet: 'fs-other' }, champion: { id: v1, featureSet: 'fs-hash-1' } });
    expect(clash.body.error).toMatch(/fs-other.*fs-hash-1/);
  });

  it('leaves reads to the app (the tier gates them): the router itself needs no token for GET routes', async () => {
    for (const path of ['/runs', '/models', '/predictions', '/drift']) expect((await get(path)).status, path).toBe(200);
  });

  it('serves predictions per symbol and the latest of every symbol', async () => {
    const one = await get('/predictions?symbol=aapl');
    expect(one.body.predictions).toEqual([
      expect.objectContaining({ symbol: 'AAPL', probabilityUp: 0.57, modelVersionId: v1, featureTs: '2024-01-02T21:00:00.000Z' }),
    ]);
    expect((await get('/predictions?symbol=NVDA')).body.predictions).toEqual([]);
    expect((await get('/predictions')).body.predictions.map((p: { symbol: string }) => p.symbol)).toEqual(['AAPL', 'MSFT']);
    expect((await get('/predictions?limit=x')).status).toBe(400);
  });

  it('serves drift reports', async () => {
    const d = await get('/drift');
    expect(d.body.reports).toHaveLength(1);
    expect(d.body.reports[0]).toMatchObject({ batchId: 'b1', drifted: true, shareDrifted: 1 });
    expect(d.body.reports[0].report.features.x.drifted).toBe(true);
  });

  it('answers every route as the OpenAPI document says, errors included', async () => {
    const contract = new ResponseContract(buildIngestApiDocument());
    const reads: [string, string, number][] = [
      ['/runs', '/runs', 200],
      ['/runs?status=completed&limit=1', '/runs', 200],
      ['/runs?limit=0', '/runs', 400],
      ['/runs/run-a', '/runs/{id}', 200],
      ['/runs/run-b', '/runs/{id}', 200],
      ['/runs/nope', '/runs/{id}', 404],
      ['/runs/compare?ids=run-a,run-b', '/runs/compare', 200],
      ['/runs/compare?ids=run-a', '/runs/compare', 400],
      ['/runs/compare?ids=run-a,ghost', '/runs/compare', 404],
      ['/models', '/models', 200],
      ['/predictions', '/predictions', 200],
      ['/predictions?symbol=aapl', '/predictions', 200],
      ['/predictions?limit=x', '/predictions', 400],
      ['/drift', '/drift', 200],
      ['/drift?limit=-1', '/drift', 400],
    ];
    for (const [url, path, status] of reads) {
      const res = await get(url);
      expect(res.status, url).toBe(status);
      expect(contract.violations('get', path, status, res.body), url).toEqual([]);
    }
    const promotions: [string, string | undefined, string | undefined, number][] = [
      [`/models/${v1}/promote`, '{}', undefined, 401],
      ['/models/abc/promote', '{}', TOKEN, 400],
      ['/models/9999/promote', '{}', TOKEN, 404],
      [`/models/${v2}/promote`, JSON.stringify({ reason: 'contract' }), TOKEN, 200],
      [`/models/${v2}/promote`, '{}', TOKEN, 200],
    ];
    for (const [url, body, token, status] of promotions) {
      const res = await post(url, body, token);
      expect(res.status, url).toBe(status);
      expect(contract.violations('post', '/models/{id}/promote', status, res.body), url).toEqual([]);
    }
  });
});
