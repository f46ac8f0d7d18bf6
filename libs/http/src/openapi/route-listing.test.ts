import express from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApiDocument } from './api-document.ts';
import { createApiRegistry } from './api-registry.ts';
import { listAppRoutes, listDocumentedRoutes } from './route-listing.ts';

const ok: express.RequestHandler = (_req, res) => {
  res.end();
};

describe('route listing', () => {
  it('walks nested routers, joins mount paths, lists each method once and skips middleware', () => {
    const app = express();
    app.use(express.json());
    app.get('/healthz', ok);
    const inner = express.Router();
    inner.get('/runs/:id', ok);
    inner.route('/models/:id/promote').post(ok).put(ok);
    const outer = express.Router();
    outer.use(inner);
    outer.use('/v2', express.Router().delete('/things/:id', ok));
    app.use(outer);
    const ui = express();
    ui.get('/api/queues', ok);
    app.use('/admin/queues', ok, ui);
    expect(listAppRoutes(app, { opaque: ['/admin/queues'] }).map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /v2/things/:id',
      'GET /admin/queues',
      'GET /healthz',
      'GET /runs/:id',
      'POST /models/:id/promote',
      'PUT /models/:id/promote',
    ]);
  });

  it('refuses a sub-app it cannot see into, rather than miss its routes', () => {
    const app = express();
    app.use('/hidden', express().get('/x', ok));
    expect(() => listAppRoutes(app)).toThrow(/sub-app is mounted at \/hidden/);
  });

  it('lists a document in the same form, {param} as :param', () => {
    const registry = createApiRegistry('test');
    registry.registerPath({
      method: 'post',
      path: '/models/{id}/promote',
      request: { params: z.object({ id: z.coerce.number().int() }) },
      responses: { 200: { description: 'ok' } },
    });
    const doc = buildApiDocument(registry, { title: 't', version: '1', description: 'd' });
    expect(listDocumentedRoutes(doc).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /docs',
      'GET /healthz',
      'GET /metrics',
      'GET /openapi.json',
      'GET /readyz',
      'POST /models/:id/promote',
    ]);
  });
});
