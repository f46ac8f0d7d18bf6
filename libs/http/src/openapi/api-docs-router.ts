import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';
import type { ApiDocument } from './api-document.ts';

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ownAssetsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'docs-assets');
// Only what the page loads: the package also ships a demo index.html that points at a remote petstore.
const ASSETS = new Set(['/swagger-ui.css', '/swagger-ui-bundle.js', '/favicon-32x32.png', '/docs-init.js']);
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:";

/**
 * `GET /openapi.json` (open: it describes the API and carries no data) and `GET /docs`, the API
 * reference page (Swagger UI), behind `auth`. The page and its assets come from this server
 * (swagger-ui-dist in node_modules), so it works with no network beyond the tier.
 */
export function createApiDocsRouter(options: { document: ApiDocument; auth: RequestHandler }): Router {
  const router = express.Router();
  const json = JSON.stringify(options.document);
  const title = escapeHtml(options.document.info.title);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(json);
  });
  router.get('/docs', options.auth, (_req, res) => {
    res
      .type('html')
      .set('Content-Security-Policy', CSP)
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
          '<link rel="icon" href="/docs/assets/favicon-32x32.png"><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>' +
          '<body><div id="swagger-ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/assets/docs-init.js"></script></body></html>',
      );
  });
  router.use(
    '/docs/assets',
    options.auth,
    (req, res, next) => (ASSETS.has(req.path) ? next() : res.status(404).json({ error: 'not found' })),
    express.static(swaggerUiDir, { index: false, maxAge: '1h' }),
    express.static(ownAssetsDir, { index: false, maxAge: '1h' }),
  );
  return router;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
