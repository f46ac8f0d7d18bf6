import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

/** The process was asked to serve without API_TOKEN and without an explicit AUTH=off. */
export class AuthConfigError extends Error {
  constructor() {
    super('refusing to serve without API_TOKEN: set API_TOKEN (16+ characters), or set AUTH=off explicitly for a trusted network');
    this.name = 'AuthConfigError';
  }
}

export interface AuthSettings {
  /** undefined only when AUTH=off was set explicitly. */
  token: string | undefined;
}

/**
 * Decides how a server authenticates: with API_TOKEN when set; with nothing only when AUTH=off
 * (the caller must then say so loudly); otherwise throws AuthConfigError.
 */
export function resolveAuth(env: { API_TOKEN?: string; AUTH: 'on' | 'off' }): AuthSettings {
  if (env.API_TOKEN) return { token: env.API_TOKEN };
  if (env.AUTH === 'off') return { token: undefined };
  throw new AuthConfigError();
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}

function basicPassword(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : decoded.slice(i + 1);
}

/** Requires `Authorization: Bearer <token>`; passes everything when auth is off. */
export function requireBearer(auth: AuthSettings): RequestHandler {
  return (req, res, next) => {
    if (auth.token === undefined) return next();
    const given = bearer(req.headers.authorization);
    if (given && same(given, auth.token)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer realm="alphapulse"').json({ error: 'unauthorized' });
  };
}

/** Requires the bearer token, or HTTP basic auth with the token as password (for browsers: Bull Board). */
export function requireBearerOrBasic(auth: AuthSettings): RequestHandler {
  return (req, res, next) => {
    if (auth.token === undefined) return next();
    const given = bearer(req.headers.authorization) ?? basicPassword(req.headers.authorization);
    if (given && same(given, auth.token)) return next();
    res.status(401).set('WWW-Authenticate', 'Basic realm="alphapulse", charset="UTF-8"').json({ error: 'unauthorized' });
  };
}

export interface AuthGateOptions {
  /** PUBLIC_READS=on: GET and HEAD pass without the token. */
  publicReads: boolean;
  /** Failed authentications per client address per window before 429 (AUTH_FAILURE_LIMIT, _WINDOW_S). */
  failures: { limit: number; windowMs: number };
  /** Paths (prefixes) where a browser may send basic auth for every method, e.g. Bull Board. */
  basicPrefixes?: string[];
}

/**
 * The app-wide gate, mounted before any body is read: every request needs the token except
 * `/healthz` and `/readyz` (mounted before it) and, with `publicReads`, GET/HEAD. Reads accept the
 * bearer token or basic auth with the token as password; mutations only the bearer token (a
 * browser resends cached basic credentials cross-site), except under `basicPrefixes`. A client
 * address that failed more than `failures.limit` times in the window gets 429 with Retry-After
 * instead of 401; a request with the right token always passes.
 */
export function authGate(auth: AuthSettings, options: AuthGateOptions): RequestHandler {
  const limiter = rateLimit({
    windowMs: options.failures.windowMs,
    limit: options.failures.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Every call is a failure: successes never reach the limiter.
    handler: (_req, res) => {
      res.status(429).json({ error: `too many failed authentications from this address: retry after ${Math.ceil(options.failures.windowMs / 1000)} s at most` });
    },
    validate: { xForwardedForHeader: false },
  });
  const prefixes = options.basicPrefixes ?? [];
  return (req, res, next) => {
    if (auth.token === undefined) return next();
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (read && options.publicReads) return next();
    const basicOk = read || prefixes.some((p) => req.path === p || req.path.startsWith(`${p}/`));
    const header = req.headers.authorization;
    const given = bearer(header) ?? (basicOk ? basicPassword(header) : undefined);
    if (given && same(given, auth.token)) return next();
    // The body is never read: close the connection rather than drain an unauthenticated upload.
    if (req.headers['content-length'] || req.headers['transfer-encoding']) res.set('Connection', 'close');
    limiter(req, res, () => {
      res
        .status(401)
        .set('WWW-Authenticate', basicOk ? 'Basic realm="alphapulse", charset="UTF-8"' : 'Bearer realm="alphapulse"')
        .json({ error: 'unauthorized: send Authorization: Bearer <API_TOKEN>' });
    });
  };
}

/** The auth part of createBaseApp's options, from PUBLIC_READS, AUTH_FAILURE_LIMIT and AUTH_FAILURE_WINDOW_S. */
export function securityOf(
  env: { PUBLIC_READS: 'on' | 'off'; AUTH_FAILURE_LIMIT: number; AUTH_FAILURE_WINDOW_S: number },
  auth: AuthSettings,
): { auth: AuthSettings; publicReads: boolean; authFailures: { limit: number; windowMs: number } } {
  return { auth, publicReads: env.PUBLIC_READS === 'on', authFailures: { limit: env.AUTH_FAILURE_LIMIT, windowMs: env.AUTH_FAILURE_WINDOW_S * 1_000 } };
}
