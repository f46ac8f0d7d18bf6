import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** A body limit for the requests whose path matches, e.g. `{ path: /^\/models\/[^/]+\/promote$/, limit: '16kb' }`. */
export interface BodyLimit {
  path: RegExp;
  limit: string;
}

/** The default body limit: 1 MB. */
export const DEFAULT_BODY_LIMIT = '1mb';

class NulInJsonError extends Error {
  readonly status = 400;
  readonly type = 'entity.nul.character';
  constructor() {
    super('a JSON string holds a NUL character (\\u0000), which no field accepts');
  }
}

/** JSON strings may not carry NUL: Postgres text refuses it, so it would otherwise surface as a 500. */
function refuseNul(_req: unknown, _res: unknown, buf: Buffer): void {
  if (/\\u0000/i.test(buf.toString('latin1'))) throw new NulInJsonError();
}

/**
 * JSON body parsing, per route: the first `limits` entry whose path matches sets the limit,
 * otherwise DEFAULT_BODY_LIMIT. Mount it after authentication, so no unauthenticated body is read.
 * A request that carries a body of another type than JSON gets 415; parser errors keep their
 * status (see clientErrorOf).
 */
export function jsonBodies(limits: BodyLimit[] = [], skipPrefixes: string[] = []): RequestHandler {
  const parsers = limits.map((l) => ({ path: l.path, parse: express.json({ limit: l.limit, verify: refuseNul }) }));
  const fallback = express.json({ limit: DEFAULT_BODY_LIMIT, verify: refuseNul });
  return (req, res, next) => {
    if (skipPrefixes.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && req.method !== 'GET' && req.method !== 'HEAD' && !req.is('application/json')) {
      res.set('Connection', 'close');
      res.status(415).json({ error: `unsupported content-type ${JSON.stringify(req.headers['content-type'] ?? '(none)')}: send application/json` });
      return;
    }
    const parser = parsers.find((p) => p.path.test(req.path))?.parse ?? fallback;
    parser(req, res, next);
  };
}

const MESSAGES: Record<string, (e: Record<string, unknown>) => string> = {
  'entity.too.large': (e) => `request body too large: this route takes at most ${e.limit} bytes`,
  'entity.parse.failed': (e) => `body is not valid JSON: ${e.message}`,
  'entity.nul.character': (e) => String(e.message),
  'encoding.unsupported': (e) => `unsupported content-encoding ${JSON.stringify(e.encoding)}: send identity, gzip, deflate or br`,
  'charset.unsupported': (e) => `unsupported charset ${JSON.stringify(e.charset)}: send utf-8`,
  'request.aborted': () => 'request aborted before its body was complete',
  'request.size.invalid': () => 'request body size does not match its content-length',
};

/**
 * The 4xx an error stands for, with a message naming what was wrong, or undefined for a defect
 * (a 500). Body-parser errors keep their status (413, 415, 400); a path that does not decode (bad
 * percent-encoding) is a 400.
 */
export function clientErrorOf(err: unknown): { status: number; error: string } | undefined {
  if (err instanceof URIError) return { status: 400, error: 'the URL holds bad percent-encoding' };
  const e = (err ?? {}) as Record<string, unknown>;
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status < 400 || status > 499) return undefined;
  const describe = typeof e.type === 'string' ? MESSAGES[e.type] : undefined;
  if (describe) return { status, error: describe(e) };
  if (e.expose === true && typeof e.message === 'string') return { status, error: e.message };
  return { status, error: 'bad request' };
}

/** Express error middleware answering client errors (clientErrorOf) as JSON; passes defects on. */
export function clientErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const client = clientErrorOf(err);
  if (!client || res.headersSent) {
    next(err);
    return;
  }
  res.status(client.status).json({ error: client.error });
}
