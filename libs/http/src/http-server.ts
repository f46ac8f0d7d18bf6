import type { Server } from 'node:http';
import type { Logger } from '@alphapulse/logger';
import { registerProcessMetrics } from '@alphapulse/telemetry';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { jsonSyntaxErrors } from './validation.ts';

/** An express app with JSON bodies (1 MB max unless `jsonLimit`), /healthz, /metrics and no framework banner. */
export function createBaseApp(opts: { metrics: Registry; health: () => Promise<Record<string, unknown>>; jsonLimit?: string }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: opts.jsonLimit ?? '1mb' }));
  app.use(jsonSyntaxErrors);
  app.get('/healthz', async (_req, res) => {
    try {
      res.json({ ok: true, ...(await opts.health()) });
    } catch (err) {
      res.status(503).json({ ok: false, error: (err as Error).message });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', opts.metrics.contentType).send(await opts.metrics.metrics());
  });
  return app;
}

/** The last middleware: unknown routes get 404 JSON, unexpected errors 500 without internals. */
export function finishApp(app: Express, logger: Logger): void {
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err, path: req.path }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });
}

/**
 * A prom-client registry with Node's default metrics, the process-wide job and reconciler metrics
 * (@alphapulse/telemetry), and a `tier` label.
 */
export function createMetricsRegistry(tier: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ tier });
  collectDefaultMetrics({ register: registry });
  registerProcessMetrics(registry);
  return registry;
}

/** Listens and resolves with the server once bound; `close()` stops accepting and ends idle sockets. */
export async function listen(app: Express, port: number, host: string): Promise<Server & { closeGracefully(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  return Object.assign(server, {
    closeGracefully: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  });
}
