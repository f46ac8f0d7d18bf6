import type { AddressInfo } from 'node:net';
import { createLogger } from '@alphapulse/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthConfigError, createBaseApp, createMetricsRegistry, finishApp, listen, parseRequest, requireBearer, requireBearerOrBasic, resolveAuth } from './index.ts';

const token = 'a-very-secret-token-123';
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const auth = resolveAuth({ API_TOKEN: token, AUTH: 'on' });
  const app = createBaseApp({ metrics: createMetricsRegistry('test'), info: {}, ready: {}, auth, dashboards: ['/board'] });
  app.post('/thing', requireBearer(auth), (req, res) => {
    const body = parseRequest(z.object({ n: z.number().int() }), req, res);
    if (body) res.status(202).json({ n: body.n });
  });
  app.get('/board', requireBearerOrBasic(auth), (_req, res) => {
    res.send('board');
  });
  finishApp(app, createLogger('test', 'silent'));
  const server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = server.closeGracefully;
});
afterAll(() => close());

describe('auth', () => {
  it('refuses to configure without a token unless AUTH=off', () => {
    expect(() => resolveAuth({ AUTH: 'on' })).toThrow(AuthConfigError);
    expect(resolveAuth({ AUTH: 'off' }).token).toBeUndefined();
  });

  it('answers 401 without or with a wrong bearer token and accepts the right one', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/thing`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"n":1}' });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post({ authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` })).status).toBe(401);
    const ok = await post({ authorization: `Bearer ${token}` });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ n: 1 });
  });

  it('lets the dashboard in with basic auth (token as password) or bearer', async () => {
    expect((await fetch(`${base}/board`)).status).toBe(401);
    expect((await fetch(`${base}/board`)).headers.get('www-authenticate')).toMatch(/Basic/);
    const basic = `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`;
    expect((await fetch(`${base}/board`, { headers: { authorization: basic } })).status).toBe(200);
    expect((await fetch(`${base}/board`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('answers 400 naming the field, and 400 for unparseable JSON', async () => {
    const h = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const bad = await fetch(`${base}/thing`, { method: 'POST', headers: h, body: '{"n":"x"}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: { field: string }[] }).fields[0].field).toBe('n');
    const broken = await fetch(`${base}/thing`, { method: 'POST', headers: h, body: '{' });
    expect(broken.status).toBe(400);
  });

  it('serves /healthz open, /metrics with the token, and 404 JSON for unknown routes', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const bearer = { authorization: `Bearer ${token}` };
    expect(await (await fetch(`${base}/metrics`, { headers: bearer })).text()).toMatch(/process_cpu_user_seconds_total/);
    expect((await fetch(`${base}/nope`, { headers: bearer })).status).toBe(404);
  });
});
