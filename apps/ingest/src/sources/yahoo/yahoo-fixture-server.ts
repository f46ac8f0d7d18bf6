import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A stand-in for Yahoo's chart API on loopback, for tests: it serves recorded real responses
 * (test-fixtures/yahoo-chart) to the real yahoo-finance2 client pointed at it by YAHOO_BASE_URL.
 *
 * A request is answered with the recording of the same path and interval whose period1/period2
 * are equal to the request's; failing that, with a recording whose range covers the request,
 * cut to the requested range the way Yahoo answers a narrower query (bars and events with
 * period1 <= t < period2; an empty series is `quote: [{}]` with no timestamps, as Yahoo sends).
 * Symbols without a recording get Yahoo's 404 "No data found, symbol may be delisted".
 * `failNext` queues plain HTTP failures (429, 503...) or dropped connections for a symbol.
 */
export interface YahooFixtureServer {
  baseUrl: string;
  /** Every request received (path and query), in order. */
  requests: URL[];
  /** The next `times` requests for `symbol` fail with `status` (or a reset connection: 'reset'). */
  failNext(symbol: string, status: number | 'reset', times?: number): void;
  close(): Promise<void>;
}

interface Recording {
  path: string;
  interval: string;
  period1: number;
  period2: number;
  status: number;
  body: Record<string, unknown>;
}

export const YAHOO_FIXTURES_DIR = fileURLToPath(new URL('../../../test-fixtures/yahoo-chart', import.meta.url));

function loadRecordings(dir: string): { recordings: Recording[]; notFound: { status: number; body: unknown } } {
  const recordings: Recording[] = [];
  let notFound: { status: number; body: unknown } | undefined;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const rec = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      request: { url: string };
      response: { status: number; bodyJson?: Record<string, unknown> };
    };
    if (file === 'not-found-response.json') {
      notFound = { status: rec.response.status, body: rec.response.bodyJson };
      continue;
    }
    const url = new URL(rec.request.url);
    recordings.push({
      path: decodeURIComponent(url.pathname),
      interval: url.searchParams.get('interval') ?? '1d',
      period1: Number(url.searchParams.get('period1')),
      period2: Number(url.searchParams.get('period2')),
      status: rec.response.status,
      body: rec.response.bodyJson ?? {},
    });
  }
  if (!notFound) throw new Error(`${dir} lacks not-found-response.json`);
  return { recordings, notFound };
}

/** Cuts a recorded chart body to [period1, period2), as Yahoo answers a narrower query. */
function cutToRange(body: Record<string, unknown>, period1: number, period2: number): Record<string, unknown> {
  const copy = structuredClone(body) as { chart: { result: Array<Record<string, any>> } };
  const result = copy.chart.result[0];
  const ts: number[] = result.timestamp ?? [];
  const keep = ts.map((t, i) => (t >= period1 && t < period2 ? i : -1)).filter((i) => i >= 0);
  if (keep.length === 0) {
    delete result.timestamp;
    result.indicators = { quote: [{}] };
  } else {
    result.timestamp = keep.map((i) => ts[i]);
    for (const series of [...(result.indicators.quote ?? []), ...(result.indicators.adjclose ?? [])]) {
      for (const key of Object.keys(series)) series[key] = keep.map((i) => series[key][i]);
    }
  }
  if (result.events) {
    for (const kind of Object.keys(result.events)) {
      const events = result.events[kind] as Record<string, { date: number }>;
      for (const [k, e] of Object.entries(events)) if (e.date < period1 || e.date >= period2) delete events[k];
      if (Object.keys(events).length === 0) delete result.events[kind];
    }
    if (Object.keys(result.events).length === 0) delete result.events;
  }
  return copy;
}

export async function startYahooFixtureServer(dir = YAHOO_FIXTURES_DIR): Promise<YahooFixtureServer> {
  const { recordings, notFound } = loadRecordings(dir);
  const failures = new Map<string, (number | 'reset')[]>();
  const requests: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const reqPath = decodeURIComponent(url.pathname);
    const symbol = reqPath.split('/').pop() ?? '';
    const queued = failures.get(symbol);
    if (queued?.length) {
      const failure = queued.shift()!;
      if (failure === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(failure, { 'content-type': 'text/plain' });
      res.end(failure === 429 ? 'Too Many Requests\r\n' : 'Service Unavailable');
      return;
    }
    const interval = url.searchParams.get('interval') ?? '1d';
    const p1 = Number(url.searchParams.get('period1'));
    const p2 = Number(url.searchParams.get('period2'));
    const candidates = recordings.filter((r) => r.path === reqPath && r.interval === interval);
    const exact = candidates.find((r) => r.period1 === p1 && r.period2 === p2);
    const covering = candidates.find((r) => r.period1 <= p1 && p2 <= r.period2);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (exact) send(exact.status, exact.body);
    else if (covering) send(covering.status, cutToRange(covering.body, p1, p2));
    else send(notFound.status, notFound.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    failNext(symbol, status, times = 1) {
      const list = failures.get(symbol) ?? [];
      for (let i = 0; i < times; i++) list.push(status);
      failures.set(symbol, list);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
