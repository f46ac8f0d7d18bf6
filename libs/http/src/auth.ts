import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

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
