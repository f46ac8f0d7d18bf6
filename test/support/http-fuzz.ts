import { Agent, request } from 'node:http';
import { mulberry32 } from '../../apps/ingest/src/sources/sample/prng.ts';

/**
 * A small seeded generator of hostile HTTP requests (no dependency: fast-check is not installed),
 * and a loopback client that sends raw paths as given (fetch would normalise `..` and re-encode).
 */

/** A seeded PRNG in [0, 1): the sample market's mulberry32. */
export const rng = mulberry32;

export class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Strings no field accepts as-is: unicode, NUL, surrogates, huge, path and injection tricks. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(50),
  'Ω≈ç√∫˜µ≤≥÷',
  '\u202e\u202d',
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e%2f',
  '%00',
  "'; drop table runs; --",
  `$${'{7*7}'}`,
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'x'.repeat(10_000),
  '0001-01-01',
  '9999-12-31',
  '1899-12-31',
  '2024-02-30',
  '2024-13-01',
  '24-01-01',
  '2024-01-01T00:00:00Z',
  'NaN',
  '-1',
  '2147483648',
  '1e309',
];

/** Values of every JSON type, some nested deep or wide. */
export function hostileValue(g: Gen, depth = 0): unknown {
  const k = g.int(depth > 3 ? 9 : 12);
  switch (k) {
    case 0:
      return null;
    case 1:
      return g.pick([true, false]);
    case 2:
      return g.pick([0, -1, 1.5, 2_147_483_648, -2_147_483_649, Number('9007199254740993'), 1e308, -0, Number.MAX_SAFE_INTEGER]);
    case 3:
    case 4:
    case 5:
    case 6:
      return g.pick(HOSTILE_STRINGS);
    case 7:
      return String.fromCharCode(...Array.from({ length: 1 + g.int(40) }, () => g.int(0x10000)));
    case 8:
      return 'y'.repeat(g.int(20) === 0 ? 100_000 : 300);
    case 9:
      return Array.from({ length: g.int(5) }, () => hostileValue(g, depth + 1));
    case 10:
      return hostileObject(g, depth + 1);
    default:
      return Array.from({ length: 2_000 }, (_, i) => i);
  }
}

const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'source', 'symbols', 'from', 'to', 'csv', 'mode', 'model', 'train', 'batchId', 'seed', 'reason', 'shock', '', '\u0000', '😀'];

export function hostileObject(g: Gen, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = g.int(4); i >= 0; i--) Object.defineProperty(out, g.pick(KEYS), { value: hostileValue(g, depth + 1), enumerable: true, configurable: true, writable: true });
  return out;
}

/** `base` with one to three fields replaced by hostile values, or hostile keys added. */
export function mutate(g: Gen, base: Record<string, unknown>, hostile: Record<string, readonly unknown[]>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (let i = 1 + g.int(3); i > 0; i--) {
    const fields = Object.keys(hostile);
    if (g.chance(0.2)) {
      Object.defineProperty(out, g.pick(['__proto__', 'constructor', 'prototype', 'extra']), { value: hostileValue(g), enumerable: true, configurable: true, writable: true });
    } else {
      const f = g.pick(fields);
      out[f] = g.pick(hostile[f]);
    }
  }
  return out;
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Raw body texts that are not (or barely) JSON. */
export const RAW_BODIES = [
  '{',
  '}',
  '[',
  'null',
  '"str"',
  '12',
  '{"a":1,}',
  "{'a':1}",
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
  '\u0000\u0001\u0002',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  'source=sample&train=false',
];

const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', ''];
const ENCODINGS = [undefined, undefined, undefined, undefined, 'foo', 'gzip', 'deflate', 'br', 'identity', 'gzip, foo'];

/** Headers for a hostile body: usually the token, sometimes none or a wrong one; odd types and encodings. */
export function bodyHeaders(g: Gen, token: string): Record<string, string> {
  const h: Record<string, string> = {};
  const auth = g.int(20);
  if (auth === 0) h.authorization = 'Bearer wrong-token';
  else if (auth === 1) h.authorization = `Basic ${Buffer.from(`x:${token}`).toString('base64')}`;
  else if (auth > 2) h.authorization = `Bearer ${token}`;
  const type = g.pick(CONTENT_TYPES);
  if (type) h['content-type'] = type;
  const enc = g.pick(ENCODINGS);
  if (enc) h['content-encoding'] = enc;
  return h;
}

/** Path segments for an id: traversal, encodings, NUL, numbers out of range, long and unicode. */
export const HOSTILE_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%252e%252e',
  '%00',
  'a%00b',
  '%zz',
  '%',
  '%E0%A4%A',
  '%C3%28',
  '%F0%9F%98%80',
  '%ED%A0%80',
  '0',
  '-1',
  '1.5',
  '0x10',
  '1e3',
  '2147483647',
  '2147483648',
  '9223372036854775808',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  'run-0123456789abcdef',
  'run-ZZZZ',
  'x'.repeat(5_000),
  '%E2%80%AE',
  'caf%C3%A9',
  '__proto__',
  'constructor',
  ';',
  '~',
  '%20',
  '+',
];

const QUERY_KEYS = ['limit', 'status', 'ids', 'symbol', '__proto__', '__proto__[x]', 'constructor', 'a[b][c]', 'limit[]', ''];
const QUERY_VALUES = ['1', '0', '-1', '501', '1e3', '2147483648', 'NaN', '', 'running', 'completed', 'x'.repeat(3_000), '%00', '%zz', '%E0%A4%A', 'run-0123456789abcdef,run-fedcba9876543210', ',,,,', 'AAPL', '%F0%9F%98%80', '..%2f..', '[]', '{}'];

/** A query string of 0-4 hostile pairs (repeated keys too). */
export function hostileQuery(g: Gen): string {
  const n = g.int(5);
  if (n === 0) return '';
  const pairs = Array.from({ length: n }, () => `${g.pick(QUERY_KEYS)}=${g.pick(QUERY_VALUES)}`);
  return `?${pairs.join(g.chance(0.1) ? ';' : '&')}`;
}

export interface FuzzResult {
  status: number;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Sends one request as given (raw path) on loopback; resolves the status, or 0 when the server cut the connection. */
export function send(base: string, r: FuzzRequest): Promise<FuzzResult> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const req = request(
      { host: url.hostname, port: url.port, method: r.method, path: r.path, headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) }, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          if (body.length < 2_000) body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(r.body);
  });
}

/** Runs `requests` with `concurrency` in flight; returns the results in order. */
export async function sendAll(base: string, requests: FuzzRequest[], concurrency = 8): Promise<FuzzResult[]> {
  const out: FuzzResult[] = new Array(requests.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < requests.length) {
        const k = i++;
        out[k] = await send(base, requests[k]);
      }
    }),
  );
  return out;
}
