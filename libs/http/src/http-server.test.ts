import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createLogger } from '@alphapulse/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBaseApp, createMetricsRegistry, finishApp, listen, parseRequest, resolveAuth } from './index.ts';

const token = 'another-secret-token-456';
const auth = resolveAuth({ API_TOKEN: token, AUTH: 'on' });
const servers: (() => Promise<void>)[] = [];
let parsedBodies = 0;

async function serve(options: { publicReads?: boolean; limit?: number; ready?: Record<string, () => Promise<unknown>> } = {}): Promise<string> {
  const app = createBaseApp({
    metrics: createMetricsRegistry('test'),
    info: { tier: 'test' },
    ready: options.ready ?? {},
    auth,
    publicReads: options.publicReads,
    authFailures: { limit: options.limit ?? 1_000, windowMs: 60_000 },
    bodyLimits: [{ path: /^\/small$/, limit: '16kb' }],
  });
  const handler = (req: import('express').Request, res: import('express').Response) => {
    parsedBodies++;
    const body = parseRequest(z.object({ reason: z.string() }), req, res);
    if (body) res.json({ length: body.reason.length });
  };
  app.post('/small', handler);
  app.post('/big', handler);
  app.get('/thing/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.get('/down', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  });
  finishApp(app, createLogger('test', 'silent'), { unavailable: (err) => (err as { code?: string }).code === 'ECONNREFUSED' });
  const server = await listen(app, 0, '127.0.0.1');
  servers.push(server.closeGracefully);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base: string;
const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
beforeAll(async () => {
  base = await serve();
});
afterAll(async () => {
  for (const close of servers) await close();
});

describe('hostile input gets a 4xx naming the fault, before any work', () => {
  it('authenticates before reading a body: invalid JSON without a token is 401, never parsed', async () => {
    const before = parsedBodies;
    const res = await fetch(`${base}/big`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(401);
    expect(parsedBodies).toBe(before);
  });

  it('keeps body-parser statuses: 413 over the route limit, 415 for an unknown encoding or type, 400 for bad JSON', async () => {
    const big = JSON.stringify({ reason: 'x'.repeat(20_000) });
    const small = await fetch(`${base}/small`, { method: 'POST', headers: h, body: big });
    expect(small.status).toBe(413);
    expect(((await small.json()) as { error: string }).error).toMatch(/at most 16384 bytes/);
    expect((await fetch(`${base}/big`, { method: 'POST', headers: h, body: big })).status).toBe(200);
    const tooBig = await fetch(`${base}/big`, { method: 'POST', headers: h, body: JSON.stringify({ reason: 'x'.repeat(1_100_000) }) });
    expect(tooBig.status).toBe(413);
    const foo = await fetch(`${base}/big`, { method: 'POST', headers: { ...h, 'content-encoding': 'foo' }, body: big });
    expect(foo.status).toBe(415);
    expect(((await foo.json()) as { error: string }).error).toMatch(/content-encoding "foo"/);
    const gz = await fetch(`${base}/big`, { method: 'POST', headers: { ...h, 'content-encoding': 'gzip' }, body: gzipSync('{"reason":"zipped"}') });
    expect(await gz.json()).toEqual({ length: 6 });
    const text = await fetch(`${base}/big`, { method: 'POST', headers: { ...h, 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    const charset = await fetch(`${base}/big`, { method: 'POST', headers: { ...h, 'content-type': 'application/json; charset=ebcdic' }, body: '{}' });
    expect(charset.status).toBe(415);
    const broken = await fetch(`${base}/big`, { method: 'POST', headers: h, body: '{"reason":' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/not valid JSON/);
    const nul = await fetch(`${base}/big`, { method: 'POST', headers: h, body: '{"reason":"a\\u0000b"}' });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { error: string }).error).toMatch(/NUL/);
  });

  it('answers 400 for NUL bytes and bad percent-encoding in the path or query', async () => {
    const get = (path: string) => fetch(`${base}${path}`, { headers: h });
    expect((await get('/thing/a%00b')).status).toBe(400);
    expect((await get('/thing/a?x=%00')).status).toBe(400);
    expect((await get('/thing/%E0%A4%A')).status).toBe(400);
    expect((await get('/thing/%zz')).status).toBe(400);
    expect(await (await get('/thing/caf%C3%A9')).json()).toEqual({ id: 'café' });
  });

  it('answers 503 for a dependency that is down, and /readyz names it within 2 s', async () => {
    expect((await fetch(`${base}/down`, { headers: h })).status).toBe(503);
    const url = await serve({ ready: { redis: () => new Promise(() => {}), postgres: async () => 1, objects: () => Promise.reject(new Error('no')) } });
    const started = Date.now();
    const res = await fetch(`${url}/readyz`);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, dependencies: { redis: 'down', postgres: 'up', objects: 'down' } });
    const healthy = await fetch(`${url}/healthz`);
    expect(await healthy.json()).toEqual({ ok: true, tier: 'test' });
  });
});

describe('reads are secure by default', () => {
  it('needs the token (bearer or basic) for GET unless PUBLIC_READS=on; mutations always need the bearer', async () => {
    expect((await fetch(`${base}/thing/1`)).status).toBe(401);
    expect((await fetch(`${base}/thing/1`, { headers: { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` } })).status).toBe(200);
    const open = await serve({ publicReads: true });
    expect((await fetch(`${open}/thing/1`)).status).toBe(200);
    expect((await fetch(`${open}/metrics`)).status).toBe(200);
    expect((await fetch(`${open}/big`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"x"}' })).status).toBe(401);
  });

  it('rate-limits failed authentication per address with 429, never a request with the right token', async () => {
    const url = await serve({ limit: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${url}/thing/1`, { headers: { authorization: 'Bearer wrong' } })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await fetch(`${url}/thing/1`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${url}/thing/1`, { headers: h })).status).toBe(200);
  });
});
