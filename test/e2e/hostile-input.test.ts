import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { QUEUES } from '@alphapulse/queue';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyHeaders,
  type FuzzRequest,
  Gen,
  HOSTILE_SEGMENTS,
  HOSTILE_STRINGS,
  hostileObject,
  hostileQuery,
  hostileValue,
  mutate,
  RAW_BODIES,
  rng,
  send,
  sendAll,
} from '../support/http-fuzz.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-servers.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';

/**
 * Hostile input against the real tiers (child processes on loopback, a private redis-server,
 * s3rver, Postgres): every answer is a 4xx or a success, never a 5xx, and the tiers stay ready.
 * Requests that would start real work are valid-but-refused by construction: a batch that does
 * not exist, a symbol the sample market lacks (so no batch is ever published), `train: false`, a
 * Yahoo URL on a dead loopback port.
 */
const PER_ROUTE = 2_000;
const SEED = 20_260_912;
let stack: TestStack;
let redis: PrivateRedis;

beforeAll(async () => {
  redis = await startPrivateRedis();
  stack = await startTestStack({
    trainers: 1,
    redis: { url: redis.url },
    env: { AUTH_FAILURE_LIMIT: '100000', YAHOO_BASE_URL: 'http://127.0.0.1:9', RECONCILE_INTERVAL_MS: '600000', LOG_LEVEL: 'error' },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
});

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

function bodyRequest(g: Gen, token: string, method: string, pathOf: () => string, bodyOf: () => unknown, raw = RAW_BODIES): FuzzRequest {
  const headers = bodyHeaders(g, token);
  let body: Buffer;
  if (g.chance(0.15)) body = Buffer.from(g.pick(raw));
  else if (g.chance(0.01)) body = Buffer.from(JSON.stringify({ big: 'z'.repeat(1_100_000) }));
  else body = Buffer.from(JSON.stringify(bodyOf()));
  if (headers['content-encoding'] === 'gzip' && g.chance(0.5)) body = gzipSync(body);
  return { method, path: pathOf(), headers, body };
}

/** Raw bodies for /train: an object without batchId would train on the latest batch, so they name one that does not exist. */
const TRAIN_RAW = RAW_BODIES.map((b) => (b.startsWith('{"') ? `{"batchId":"${'f'.repeat(32)}",${b.slice(1)}` : b));
// A symbol the sample market lacks: an accepted ingest fails its bars job, so no feature batch is ever published.
const SAMPLE = { source: 'sample', symbols: ['NOT-SAMPLE'], from: '2024-01-02', to: '2024-01-05', train: false };
const HOSTILE_FIELD = [...HOSTILE_STRINGS, null, 0, -1, 1.5, [], {}, [1, 2], { a: 1 }, 'x'.repeat(2_000)];
const HOSTILE_DAY = ['0001-01-01', '9999-12-31', '1899-12-31', '2024-02-30', '2024-13-01', '24-01-01', '2024-01-01T00:00:00Z', '', null, 20240101, '2999-01-01'];
const INGEST_FIELDS = {
  source: ['bloomberg', 'SAMPLE', '', null, 1, ['sample'], { source: 'sample' }],
  symbols: [[], ['\u0000'], ['../x'], ['a'.repeat(40)], Array.from({ length: 600 }, (_, i) => `S${i}`), 'SYN-RW', [1], [null], ['😀']],
  from: HOSTILE_DAY,
  to: HOSTILE_DAY,
  mode: ['turbo', '', null, 1, ['fast']],
  model: ['xgboost', '', null, 1, { kind: 'mlp' }],
  train: ['true', 1, 0, null, 'yes', []],
  shock: [{ from: '0001-01-01', factor: 2 }, { from: '2024-01-03', factor: 1e9 }, { from: '2024-01-03' }, 'big', [], { from: '2024-01-03', factor: 2, extra: 1 }],
  csv: HOSTILE_FIELD,
  symbol: HOSTILE_FIELD,
};
const TRAIN = { batchId: 'f'.repeat(32), mode: 'ultra_fast' };
const TRAIN_FIELDS = {
  batchId: ['F'.repeat(32), 'f'.repeat(31), 'g'.repeat(32), '../'.repeat(11), '\u0000'.repeat(32), 1, null, [], {}],
  mode: INGEST_FIELDS.mode,
  model: INGEST_FIELDS.model,
  seed: [-1, 1.5, 'x', 2 ** 53, Number('1e309'), null, [], {}],
  force: ['yes', 1, null, []],
};

function routes(g: Gen, token: string): Record<string, () => FuzzRequest> {
  const seg = () => g.pick(HOSTILE_SEGMENTS);
  const get = (p: () => string) => (): FuzzRequest => ({ method: g.pick(['GET', 'GET', 'GET', 'HEAD']), path: p(), headers: bodyHeaders(g, token) });
  return {
    'POST /ingest': () =>
      bodyRequest(g, token, 'POST', () => `/ingest${g.chance(0.1) ? hostileQuery(g) : ''}`, () => {
        const r = g.int(10);
        if (r < 6) return mutate(g, SAMPLE, INGEST_FIELDS);
        if (r < 7) return mutate(g, { source: 'yahoo', symbols: ['AAPL'], from: '2024-01-02', to: '2024-01-05', train: false }, INGEST_FIELDS);
        if (r < 8) return mutate(g, { source: 'csv', symbol: 'FUZZ', csv: 'Date,Close\n2024-01-02,1\n', train: false }, INGEST_FIELDS);
        return g.chance(0.5) ? hostileObject(g) : hostileValue(g);
      }),
    // Never a body without batchId: that would train on the latest batch (the sample ingests publish some).
    'POST /train': () =>
      bodyRequest(g, token, 'POST', () => '/train', () => {
        const r = g.int(10);
        if (r < 8) return mutate(g, TRAIN, TRAIN_FIELDS);
        return r < 9 ? { ...TRAIN, ...hostileObject(g) } : [hostileValue(g)];
      }, TRAIN_RAW),
    'POST /models/:id/promote': () =>
      bodyRequest(g, token, 'POST', () => `/models/${g.chance(0.3) ? String(1 + g.int(1_000)) : seg()}/promote`, () =>
        g.chance(0.7) ? mutate(g, { reason: 'fuzz' }, { reason: HOSTILE_FIELD }) : hostileValue(g),
      ),
    'GET /runs': get(() => `/runs${hostileQuery(g)}`),
    'GET /runs/compare': get(() => `/runs/compare${g.chance(0.7) ? `?ids=${seg()},${seg()}` : hostileQuery(g)}`),
    'GET /runs/:id': get(() => `/runs/${seg()}${g.chance(0.2) ? `/${seg()}` : ''}${hostileQuery(g)}`),
    'GET /runs/:id/report': get(() => `/runs/${seg()}/report${hostileQuery(g)}`),
    'GET /models': get(() => `/models${hostileQuery(g)}`),
    'GET /predictions': get(() => `/predictions${g.chance(0.6) ? `?symbol=${seg()}&limit=${seg()}` : hostileQuery(g)}`),
    'GET /drift': get(() => `/drift${hostileQuery(g)}`),
    'GET /schedules': get(() => `/schedules${hostileQuery(g)}`),
    'GET /status': get(() => `/status${hostileQuery(g)}`),
    'GET /metrics': get(() => `/metrics${hostileQuery(g)}`),
    'GET /admin/queues/*': get(() => `/admin/queues/${seg()}${g.chance(0.5) ? `/${seg()}` : ''}${hostileQuery(g)}`),
    'GET /<tricks>': get(() => `/${seg()}/${seg()}${hostileQuery(g)}`),
  };
}

const TRAINER_ROUTES = ['/status', '/metrics', '/healthz', '/readyz'];

function objectKeys(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out;
}

describe('hostile input against the real tiers', () => {
  it('refuses 8 × 24 MB bodies without a token with 401, without reading them (RSS stays bounded)', async () => {
    const pid = stack.ingest.child.pid as number;
    const before = rssMb(pid);
    const body = Buffer.alloc(24 * 1024 * 1024, 0x61);
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 20);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => send(stack.ingest.url, { method: 'POST', path: '/ingest', headers: { 'content-type': 'application/json' }, body })),
    );
    clearInterval(timer);
    const after = rssMb(pid);
    console.log(`8 x 24 MB without a token: statuses ${results.map((r) => r.status).join(',')}; ingest RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB peak, ${after.toFixed(0)} MB after`);
    for (const r of results) expect(r.status).toBe(401);
    expect(peak - before).toBeLessThan(100);
    const invalidNoToken = await send(stack.ingest.url, { method: 'POST', path: '/ingest', headers: { 'content-type': 'application/json' }, body: Buffer.from('{') });
    expect(invalidNoToken.status).toBe(401);
  }, 60_000);

  it('names what was wrong: parser statuses, out-of-range ids, bounded dates', async () => {
    const h = stack.auth;
    const post = (p: string, body: string, extra: Record<string, string> = {}) => send(stack.ingest.url, { method: 'POST', path: p, headers: { ...h, ...extra }, body: Buffer.from(body) });
    expect((await post('/ingest', '{"source":"sample"}', { 'content-encoding': 'foo' })).status).toBe(415);
    expect((await post('/ingest', '{"source":')).status).toBe(400);
    expect((await post('/models/1/promote', JSON.stringify({ reason: 'x'.repeat(20_000) }))).status).toBe(413);
    expect((await post('/train', JSON.stringify({ pad: 'x'.repeat(1_100_000) }))).status).toBe(413);
    const int4 = await post('/models/2147483648/promote', '{}');
    expect(int4.status).toBe(404);
    expect((await post('/models/7/promote', '{}')).status).toBe(404);
    const dates = await post('/ingest', JSON.stringify({ source: 'sample', from: '0001-01-01', to: '9999-12-31' }));
    expect(dates.status).toBe(400);
    expect(dates.body).toMatch(/no earlier than 1900-01-01/);
    expect(dates.body).toMatch(/no later than tomorrow/);
    expect((await send(stack.ingest.url, { method: 'GET', path: '/runs/a%00b', headers: h })).status).toBe(400);
    expect((await send(stack.ingest.url, { method: 'GET', path: '/runs/%E0%A4%A', headers: h })).status).toBe(400);
    expect((await send(stack.ingest.url, { method: 'GET', path: '/runs', headers: {} })).status).toBe(401);
    expect((await send(stack.ingest.url, { method: 'GET', path: '/readyz', headers: {} })).status).toBe(200);
  });

  it(`answers ${PER_ROUTE} fuzzed requests per route with no 5xx, stays ready, writes no object outside its bucket`, async () => {
    const g = new Gen(rng(SEED));
    const table = routes(g, stack.token);
    const started = Date.now();
    const counts: Record<string, Record<number, number>> = {};
    const failures: string[] = [];
    let total = 0;
    const tally = (route: string, reqs: FuzzRequest[], results: { status: number; body: string }[]) => {
      counts[route] = {};
      results.forEach((r, i) => {
        counts[route][r.status] = (counts[route][r.status] ?? 0) + 1;
        if (r.status >= 500 && failures.length < 20) failures.push(`${route}: ${reqs[i].method} ${reqs[i].path.slice(0, 120)} ${JSON.stringify(reqs[i].headers)} ${reqs[i].body?.subarray(0, 200).toString()} -> ${r.status} ${r.body.slice(0, 200)}`);
      });
      total += results.length;
    };
    const seconds: Record<string, number> = {};
    for (const [route, make] of Object.entries(table)) {
      const reqs = Array.from({ length: PER_ROUTE }, make);
      const t = Date.now();
      tally(route, reqs, await sendAll(stack.ingest.url, reqs));
      seconds[route] = (Date.now() - t) / 1000;
    }
    const trainer = stack.trainers[0];
    for (const route of TRAINER_ROUTES) {
      const reqs = Array.from({ length: PER_ROUTE }, (): FuzzRequest => {
        const r = g.int(10);
        if (r < 7) return { method: g.pick(['GET', 'HEAD']), path: `${route}${hostileQuery(g)}`, headers: bodyHeaders(g, stack.token) };
        return bodyRequest(g, stack.token, g.pick(['POST', 'PUT', 'DELETE', 'PATCH']), () => `${route}${g.chance(0.5) ? `/${g.pick(HOSTILE_SEGMENTS)}` : ''}`, () => hostileValue(g));
      });
      const t = Date.now();
      tally(`trainer ${route}`, reqs, await sendAll(trainer.url, reqs));
      seconds[`trainer ${route}`] = (Date.now() - t) / 1000;
    }
    const wall = (Date.now() - started) / 1000;
    const all: Record<number, number> = {};
    for (const c of Object.values(counts)) for (const [s, n] of Object.entries(c)) all[Number(s)] = (all[Number(s)] ?? 0) + n;
    console.log(`fuzz: ${total} requests in ${wall.toFixed(1)} s, statuses ${JSON.stringify(all)}\n${Object.entries(counts).map(([r, c]) => `  ${r} (${seconds[r].toFixed(1)} s): ${JSON.stringify(c)}`).join('\n')}`);
    expect(failures).toEqual([]);
    // By construction no /train request names an existing batch: none may have queued a study.
    expect(counts['POST /train'][202]).toBeUndefined();
    expect(Object.keys(all).filter((s) => Number(s) >= 500)).toEqual([]);

    for (const url of [stack.ingest.url, trainer.url]) {
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true, dependencies: { redis: 'up', postgres: 'up', objects: 'up' } });
    }
    expect(readdirSync(stack.s3.directory)).toEqual(['alphapulse-test']);
    const keys = objectKeys(path.join(stack.s3.directory, 'alphapulse-test'));
    const bad = keys.filter((k) => !/^(uploads\/csv|features|models|reports)\//.test(k) || k.includes('..'));
    expect(bad).toEqual([]);
  }, 540_000);

  it('while Redis is down: /healthz 200 at once, /readyz and Redis routes 503 within 2 s, and no ghost work after', async () => {
    // Down for 15 s, then back empty on the same port.
    const restarted = redis.restartEmpty(15_000);
    const ping = (base: string) => send(base, { method: 'GET', path: '/readyz', headers: {} });
    const downBy = Date.now() + 10_000;
    while ((await ping(stack.ingest.url)).status === 200 && Date.now() < downBy) await new Promise((r) => setTimeout(r, 100));
    const h = stack.auth;
    const at = async (base: string, method: string, p: string, body?: string) => {
      const t = Date.now();
      const res = await send(base, { method, path: p, headers: h, body: body ? Buffer.from(body) : undefined });
      return { status: res.status, body: res.body, ms: Date.now() - t };
    };
    const ingest = stack.ingest.url;
    expect((await at(ingest, 'GET', '/healthz')).status).toBe(200);
    const ready = await at(ingest, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ ok: false, dependencies: { redis: 'down', postgres: 'up', objects: 'up' } });
    const trainerReady = await at(stack.trainers[0].url, 'GET', '/readyz');
    expect(trainerReady.status).toBe(503);
    const ghost = JSON.stringify({ source: 'sample', symbols: ['SYN-IDX'], from: '2024-02-01', to: '2024-02-09', train: false });
    const answers = [
      await at(ingest, 'GET', '/status'),
      await at(ingest, 'GET', '/metrics'),
      await at(ingest, 'GET', '/schedules'),
      await at(ingest, 'POST', '/ingest', ghost),
      await at(stack.trainers[0].url, 'GET', '/status'),
    ];
    // The trainer's /metrics needs no Redis (no queue gauge there): it keeps answering.
    expect((await at(stack.trainers[0].url, 'GET', '/metrics')).status).toBe(200);
    console.log(`Redis down: ${answers.map((a) => `${a.status} in ${a.ms} ms`).join(', ')}; /readyz ${ready.ms} ms`);
    for (const a of answers) {
      expect(a.status).toBe(503);
      expect(a.ms).toBeLessThan(2_500);
    }
    expect(ready.ms).toBeLessThan(2_500);

    // Redis back (empty) on the same port: nothing the refused request asked for may run now.
    await restarted;
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${ingest}/readyz`)).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 2_000));
    const queue = new Queue(QUEUES.features, { connection: stack.redis, prefix: stack.prefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'waiting-children', 'prioritized']);
      expect(jobs.filter((j) => j.name === 'ingest.run' && JSON.stringify(j.data).includes('SYN-IDX'))).toEqual([]);
    } finally {
      await queue.close();
    }
  }, 90_000);
});
