import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadEnv } from '@alphapulse/config';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import type { ApiDocument } from '@alphapulse/http';
import { listAppRoutes, listDocumentedRoutes, ResponseContract } from '@alphapulse/http/testing';
import { type IngestTier, startIngestTier } from '@alphapulse/ingest';
import { deleteKeysMatching } from '@alphapulse/queue';
import { freePort, openRuntimeContext, type RuntimeContext } from '@alphapulse/runtime';
import { startTrainerTier, type TrainerTier } from '@alphapulse/trainer';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServices } from '../support/services.ts';

/**
 * The OpenAPI contract of both tiers, on the real express apps (started in this process against
 * real Redis and Postgres): every registered route is documented and nothing else is, the
 * documents are valid OpenAPI 3.1, real answers match them, and /docs works offline behind auth.
 */
const token = `test-token-${randomBytes(8).toString('hex')}`;
const prefix = `ap-test-${randomBytes(4).toString('hex')}`;
const BULL_BOARD = '/admin/queues';
let db: TestDatabase;
let dataDir: string;
let ctx: RuntimeContext;
let ingest: IngestTier;
let trainer: TrainerTier;
const tiers: Record<'ingest' | 'trainer', { url: string; doc: ApiDocument; tier: IngestTier | TrainerTier }> = {} as never;

beforeAll(async () => {
  await requireServices();
  db = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ap-openapi-'));
  const [ingestPort, trainerPort] = [await freePort(), await freePort()];
  const env = loadEnv({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: prefix,
    API_TOKEN: token,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    HOST: '127.0.0.1',
    INGEST_PORT: String(ingestPort),
    TRAINER_PORT: String(trainerPort),
    LOG_LEVEL: 'warn',
  });
  ctx = await openRuntimeContext(env, 'openapi-test');
  const auth = { token };
  trainer = await startTrainerTier(ctx, { auth });
  ingest = await startIngestTier(ctx, { auth, schedules: false });
  for (const [name, tier, port] of [
    ['ingest', ingest, ingestPort],
    ['trainer', trainer, trainerPort],
  ] as const) {
    const url = `http://127.0.0.1:${port}`;
    const res = await fetch(`${url}/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    tiers[name] = { url, doc: (await res.json()) as ApiDocument, tier };
  }
}, 120_000);

afterAll(async () => {
  await ingest?.close();
  await trainer?.close();
  if (ctx) {
    await deleteKeysMatching(ctx.redis, `${prefix}:*`).catch(() => 0);
    await ctx.close();
  }
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!chromium)
  console.warn('openapi-contract: Chromium is absent (apt-get install -y chromium): the browser check of /docs does not run');

/** The DOM of a page after Chromium (headless, its own profile) ran its scripts. */
async function renderedDom(url: string): Promise<string> {
  const profile = mkdtempSync(path.join(tmpdir(), 'ap-chromium-'));
  try {
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=15000',
      '--dump-dom',
      url,
    ];
    const { stdout } = await promisify(execFile)(chromium as string, args, { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the OpenAPI contract', () => {
  it.each(['ingest', 'trainer'] as const)('%s: documents every route the express app registers, and nothing else', (name) => {
    const { tier, doc } = tiers[name];
    if (!tier.app) throw new Error(`${name} tier serves no HTTP`);
    const registered = listAppRoutes(tier.app, { opaque: [BULL_BOARD] }).map((r) => `${r.method} ${r.path}`);
    const documented = listDocumentedRoutes(doc).map((r) => `${r.method} ${r.path}`);
    expect(registered).toEqual(documented);
    for (const common of ['GET /healthz', 'GET /metrics', 'GET /status', 'GET /openapi.json', 'GET /docs'])
      expect(registered).toContain(common);
    if (name === 'ingest')
      for (const own of ['POST /ingest', 'POST /train', 'GET /runs/:id', `GET ${BULL_BOARD}`]) expect(registered).toContain(own);
  });

  it.each(['ingest', 'trainer'] as const)(
    '%s: is a valid OpenAPI 3.1 document with bearer and basic security schemes',
    async (name) => {
      const { doc } = tiers[name];
      expect(doc.openapi).toBe('3.1.0');
      expect(await new Validator().validate(structuredClone(doc) as never)).toEqual({ valid: true });
      expect(doc.components?.securitySchemes).toMatchObject({
        bearer: { type: 'http', scheme: 'bearer' },
        basic: { type: 'http', scheme: 'basic' },
      });
      // The validator does reject what breaks the 3.1 schema.
      const broken = structuredClone(doc) as unknown as Record<string, unknown>;
      (broken.paths as Record<string, unknown>)['/healthz'] = { get: { responses: { 200: { content: {} } } } };
      expect((await new Validator().validate(broken as never)).valid).toBe(false);
    },
  );

  it('ingest: answers real requests as documented, refusals included', async () => {
    const { url, doc } = tiers.ingest;
    const contract = new ResponseContract(doc);
    const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const call = async (method: string, route: string, docPath: string, status: number, init: RequestInit = {}) => {
      const res = await fetch(url + route, { method, ...init });
      const body = await res.json();
      expect(res.status, `${method} ${route}: ${JSON.stringify(body)}`).toBe(status);
      expect(contract.violations(method, docPath, status, body), `${method} ${route}`).toEqual([]);
      return body as Record<string, unknown>;
    };
    const ingestBody = JSON.stringify({
      source: 'sample',
      symbols: ['SYN-MOM'],
      from: '2024-01-01',
      to: '2024-03-31',
      train: false,
    });
    await call('POST', '/ingest', '/ingest', 401, { headers: { 'content-type': 'application/json' }, body: ingestBody });
    await call('POST', '/ingest', '/ingest', 400, { headers: bearer, body: JSON.stringify({ source: 'ftp' }) });
    await call('POST', '/ingest', '/ingest', 400, { headers: bearer, body: '{"source":' });
    const first = await call('POST', '/ingest', '/ingest', 202, { headers: bearer, body: ingestBody });
    const again = await call('POST', '/ingest', '/ingest', 200, { headers: bearer, body: ingestBody });
    expect(again.jobId).toBe(first.jobId);
    await call('POST', '/train', '/train', 404, { headers: bearer, body: JSON.stringify({ batchId: 'f'.repeat(32) }) });
    await call('POST', '/train', '/train', 400, { headers: bearer, body: JSON.stringify({ mode: 'slowest' }) });
    await call('GET', '/status', '/status', 401);
    await call('GET', '/status', '/status', 200, { headers: bearer });
    await call('GET', '/schedules', '/schedules', 200, { headers: bearer });
    await call('GET', '/healthz', '/healthz', 200);
    await call('GET', '/runs/run-0123456789abcdef/report', '/runs/{id}/report', 404, { headers: bearer });
    await call('GET', '/docs', '/docs', 401);
    await call('GET', BULL_BOARD, BULL_BOARD, 401);
  });

  it('trainer: answers real requests as documented', async () => {
    const { url, doc } = tiers.trainer;
    const contract = new ResponseContract(doc);
    for (const route of ['/status', '/healthz']) {
      const res = await fetch(url + route, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, route).toBe(200);
      expect(contract.violations('get', route, 200, await res.json()), route).toEqual([]);
    }
  });

  it.each(['ingest', 'trainer'] as const)('%s: /docs renders from this server alone, and only with the token', async (name) => {
    const { url, doc } = tiers[name];
    const refused = await fetch(`${url}/docs`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(`${url}/docs`, { headers: { authorization: basic('admin', 'wrong-token-123456') } })).status).toBe(401);
    expect((await fetch(`${url}/docs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const credentials = { authorization: basic('anyone', token) };
    const page = await fetch(`${url}/docs`, { headers: credentials });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).toContain(`<title>${doc.info.title}</title>`);
    expect(html).not.toMatch(/(https?:)?\/\/[a-z]/i); // nothing from another host
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(
      expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/assets/docs-init.js']),
    );
    for (const asset of assets) {
      expect(asset, asset).toMatch(/^\/docs\/assets\//);
      const res = await fetch(url + asset, { headers: credentials });
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
      expect((await fetch(url + asset)).status, `${asset} without credentials`).toBe(401);
    }
    const init = await (await fetch(`${url}/docs/assets/docs-init.js`, { headers: credentials })).text();
    expect(init).toMatch(/url: `\$\{window\.location\.origin\}\/openapi\.json`/);
    expect(init).not.toMatch(/https?:/);
    const bundle = await (await fetch(`${url}/docs/assets/swagger-ui-bundle.js`, { headers: credentials })).text();
    expect(bundle).toContain('SwaggerUIBundle');
    // The package's demo page (which points at a remote petstore) is not served.
    expect((await fetch(`${url}/docs/assets/index.html`, { headers: credentials })).status).toBe(404);
  });

  // Under CI a missing Chromium fails this test; elsewhere it is skipped, and said so above.
  it.skipIf(!chromium && !process.env.CI)(
    'ingest: /docs renders every operation in Chromium with basic auth, and nothing without it',
    async () => {
      if (!chromium) throw new Error('Chromium is absent: apt-get install -y chromium');
      const { url, doc } = tiers.ingest;
      const authed = new URL(`${url}/docs`);
      authed.username = 'anyone';
      authed.password = token;
      const dom = await renderedDom(authed.href);
      const rendered = new Set([...dom.matchAll(/data-path="([^"]+)"/g)].map((m) => m[1]));
      expect([...rendered].sort()).toEqual(Object.keys(doc.paths ?? {}).sort());
      expect(dom).not.toContain('Failed to load API definition');
      // Without credentials Chromium gets the 401 (the HTTP test above checks its body) and no page.
      const refused = await renderedDom(`${url}/docs`);
      expect(refused).not.toContain('swagger-ui');
      expect(refused).not.toContain('data-path=');
    },
    120_000,
  );
});
