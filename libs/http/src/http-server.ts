import type { Server } from 'node:http';
import type { Logger } from '@alphapulse/logger';
import { registerProcessMetrics } from '@alphapulse/telemetry';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type AuthSettings, authGate } from './auth.ts';
import { type BodyLimit, clientErrors, jsonBodies } from './body-parsing.ts';
import { type ReadinessCheck, readinessHandler } from './readiness.ts';
import { urlGuard } from './url-guard.ts';

export interface BaseAppOptions {
  metrics: Registry;
  /** What /healthz says beside `ok: true` (static: liveness calls no dependency). */
  info: Record<string, unknown>;
  /** The /readyz checks, e.g. `{redis, postgres, objects}`, each bounded to 2 s. */
  ready: Record<string, ReadinessCheck>;
  auth: AuthSettings;
  /** PUBLIC_READS=on: GET routes open without the token. */
  publicReads?: boolean;
  /** AUTH_FAILURE_LIMIT per AUTH_FAILURE_WINDOW_S (default 20 per 300 s). */
  authFailures?: { limit: number; windowMs: number };
  /** Per-route JSON body limits (default 1 MB). */
  bodyLimits?: BodyLimit[];
  /** Path prefixes with their own body handling and basic auth for every method (Bull Board). */
  dashboards?: string[];
  /**
   * Routes that need Redis, and whether it is up now: while it is not they answer 503 at once
   * (after authentication, before the body is read), so nothing waits for a reconnect and no
   * work is queued for later.
   */
  needsRedis?: { paths: RegExp[]; ready: () => boolean };
  /**
   * Answers 503 for a request still unanswered this long after its body was read (default 10 s;
   * 0 = off): a last resort. Redis-backed routes fail within 2 s on their own (fail-fast producer).
   */
  deadlineMs?: number;
}

/**
 * An express app that refuses hostile input before any work, in this order: the URL guard (NUL,
 * bad percent-encoding: 400), /healthz (liveness, at once) and /readyz (open), the auth gate (401
 * or 429, before any body is read), JSON bodies with per-route limits, then /metrics and the
 * caller's routes. No framework banner.
 */
export function createBaseApp(opts: BaseAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(urlGuard);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, ...opts.info });
  });
  app.get('/readyz', readinessHandler(opts.ready));
  app.use(
    authGate(opts.auth, {
      publicReads: opts.publicReads ?? false,
      failures: opts.authFailures ?? { limit: 20, windowMs: 300_000 },
      basicPrefixes: opts.dashboards,
    }),
  );
  if (opts.needsRedis) app.use(redisGate(opts.needsRedis));
  app.use(jsonBodies(opts.bodyLimits, opts.dashboards));
  if (opts.deadlineMs !== 0) app.use(deadline(opts.deadlineMs ?? 10_000, opts.dashboards ?? []));
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', opts.metrics.contentType).send(await opts.metrics.metrics());
  });
  return app;
}

function redisGate(gate: { paths: RegExp[]; ready: () => boolean }): RequestHandler {
  return (req, res, next) => {
    if (gate.ready() || !gate.paths.some((p) => p.test(req.path))) return next();
    if (req.headers['content-length'] || req.headers['transfer-encoding']) res.set('Connection', 'close');
    res.status(503).set('Retry-After', '5').json({ error: 'redis unavailable: this route needs it; retry later' });
  };
}

/** Answers 503 when a route has not answered within `ms` (a dependency that hangs); the late answer is dropped. */
function deadline(ms: number, skipPrefixes: string[]): RequestHandler {
  return (req, res, next) => {
    if (skipPrefixes.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    const timer = setTimeout(() => {
      if (!res.headersSent) res.status(503).set('Retry-After', '5').json({ error: `no answer within ${ms} ms: a dependency is slow or down` });
    }, ms);
    res.once('finish', () => clearTimeout(timer));
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

export interface FinishOptions {
  /** True for an error of a dependency that is down (Redis, Postgres, the object store): 503. */
  unavailable?: (err: unknown) => boolean;
}

/**
 * The last middleware: unknown routes get 404 JSON; client errors keep their 4xx with a JSON error
 * naming the fault; a dependency that is down gives 503; anything else 500 without internals.
 */
export function finishApp(app: Express, logger: Logger, options: FinishOptions = {}): void {
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(clientErrors);
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (options.unavailable?.(err)) {
      logger.warn({ path: req.path, reason: (err as Error).message }, 'dependency unavailable');
      if (!res.headersSent) res.status(503).set('Retry-After', '5').json({ error: 'a dependency is unavailable: retry later' });
      return;
    }
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
