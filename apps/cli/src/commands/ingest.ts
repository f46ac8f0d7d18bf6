import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadEnv } from '@alphapulse/config';
import { openDatabase } from '@alphapulse/db';
import { createLogger } from '@alphapulse/logger';
import { InvalidPayloadError, parsePayload } from '@alphapulse/queue';
import cliProgress from 'cli-progress';
import { type BarsFetchResult, BarsService, RateGate, withJobRetries } from '@alphapulse/ingest/bars';
import { NewsService } from '@alphapulse/ingest/news';
import { SAMPLE_SYMBOLS } from '@alphapulse/ingest/sample';
import { YahooChartClient } from '@alphapulse/ingest/yahoo';
import { UsageError } from '../usage-error.ts';

const HELP = `usage:
  alphapulse ingest --source yahoo  --symbols AAPL,MSFT [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
  alphapulse ingest --source sample [--symbols SYN-RW,...] [--from ...] [--to ...] [--seed N] [--json]
  alphapulse ingest --source csv    --file FILE.csv --symbol SYM [--json]
  alphapulse ingest --source rss    --feed URL [--feed URL ...] [--symbols SYM,...] [--json]

Runs the ingest job code now, without Redis, against DATABASE_URL (or the embedded PGlite in
DATA_DIR). Yahoo calls keep to YAHOO_RATE_MAX per YAHOO_RATE_DURATION_MS and are retried with the
job catalog's backoff on 429/5xx/network errors; an unknown symbol fails alone. Without --from a
Yahoo or sample fetch continues after the last stored bar. --from/--to are UTC days, inclusive.
With --json, one JSON object on stdout. Exit code 1 when anything failed (after doing the rest).
`;

interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

interface BarsSummary extends Counts {
  symbols: Record<string, Counts>;
  failed: { symbol: string; reason: string }[];
}

interface NewsSummary {
  new: number;
  duplicate: number;
  feeds: Record<string, { new: number; duplicate: number; items: number }>;
  failed: { feed: string; reason: string }[];
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

/** `alphapulse ingest`: loads bars (yahoo, csv, sample) or news (rss) now. */
export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        source: { type: 'string' },
        symbols: { type: 'string' },
        symbol: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        seed: { type: 'string' },
        file: { type: 'string' },
        feed: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`ingest: ${(err as Error).message}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const source = values.source as string | undefined;
  const json = values.json === true;
  const list = (s: unknown) => (typeof s === 'string' ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

  // Validate everything before touching the database.
  const payload = (input: Record<string, unknown>) => {
    try {
      return parsePayload('bars.fetch', input);
    } catch (err) {
      if (err instanceof InvalidPayloadError) throw new UsageError(`ingest: ${err.fields.map((f) => `--${f.field === 'symbol' ? 'symbols' : f.field} ${f.message}`).join('; ')}`);
      throw err;
    }
  };
  switch (source) {
    case 'yahoo':
    case 'sample': {
      const symbols = list(values.symbols);
      if (source === 'yahoo' && symbols.length === 0) throw new UsageError('ingest: --source yahoo needs --symbols AAPL,MSFT,...');
      const seed = values.seed === undefined ? undefined : Number(values.seed);
      if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('ingest: --seed must be an integer');
      const payloads = (symbols.length ? symbols : [...SAMPLE_SYMBOLS]).map((symbol) =>
        payload({ source, symbol, from: values.from, to: values.to, ...(seed !== undefined ? { seed } : {}) }),
      );
      const first = payloads[0];
      if (first.from && first.to && first.from > first.to) throw new UsageError('ingest: --from is after --to');
      return withServices(async ({ bars, env }) => {
        const gate = source === 'yahoo' ? new RateGate(env.YAHOO_RATE_MAX, env.YAHOO_RATE_DURATION_MS) : undefined;
        const summary = await runBars(payloads, bars, gate, json);
        return report(summary, json);
      });
    }
    case 'csv': {
      const file = values.file as string | undefined;
      const symbol = values.symbol as string | undefined;
      if (!file || !symbol) throw new UsageError('ingest: --source csv needs --file FILE.csv and --symbol SYM');
      const p = payload({ source: 'csv', symbol });
      let text: Buffer;
      try {
        text = readFileSync(file);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new UsageError(`ingest: cannot read ${file}: ${e.code ?? e.message}`);
      }
      return withServices(async ({ bars }) => {
        const summary = emptyBarsSummary();
        try {
          add(summary, await bars.importCsv(p.symbol, text, file, p.interval));
        } catch (err) {
          summary.failed.push({ symbol: p.symbol, reason: reasonOf(err) });
        }
        return report(summary, json);
      });
    }
    case 'rss': {
      const feeds = (values.feed as string[] | undefined) ?? [];
      if (feeds.length === 0) throw new UsageError('ingest: --source rss needs --feed URL (repeatable)');
      const specs = feeds.map((url) => {
        try {
          return parsePayload('news.fetch', { url, symbols: list(values.symbols) });
        } catch (err) {
          throw new UsageError(`ingest: ${err instanceof InvalidPayloadError ? err.fields.map((f) => `${f.field === 'url' ? '--feed' : '--symbols'} ${f.message}`).join('; ') : reasonOf(err)}`);
        }
      });
      return withServices(async ({ news }) => {
        const summary: NewsSummary = { new: 0, duplicate: 0, feeds: {}, failed: [] };
        for (const spec of specs) {
          try {
            const r = await withJobRetries('news.fetch', () => news.fetchFeed(spec), (n, ms, e) => progressNote(json, `${spec.url}: ${reasonOf(e)}; retry ${n} in ${ms} ms`));
            summary.new += r.new;
            summary.duplicate += r.duplicate;
            summary.feeds[spec.url] = { new: r.new, duplicate: r.duplicate, items: r.items };
          } catch (err) {
            summary.failed.push({ feed: spec.url, reason: reasonOf(err) });
          }
        }
        if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else {
          for (const [feed, c] of Object.entries(summary.feeds)) process.stdout.write(`${feed}  new ${c.new}  duplicate ${c.duplicate}  items ${c.items}\n`);
          for (const f of summary.failed) process.stderr.write(`alphapulse ingest: ${f.reason}\n`);
          process.stdout.write(`total  new ${summary.new}  duplicate ${summary.duplicate}  failed ${summary.failed.length}\n`);
        }
        return summary.failed.length ? 1 : 0;
      });
    }
    default:
      throw new UsageError(`ingest: --source must be yahoo, csv, rss or sample${source ? ` (got ${JSON.stringify(source)})` : ''}\n${HELP}`);
  }
}

interface Services {
  bars: BarsService;
  news: NewsService;
  env: ReturnType<typeof loadEnv>;
}

async function withServices(body: (s: Services) => Promise<number>): Promise<number> {
  const env = loadEnv(process.env);
  const logger = createLogger('ingest-cli', env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const bars = new BarsService({ db: database.db, yahoo: new YahooChartClient({ baseUrl: env.YAHOO_BASE_URL, logger }), logger });
    const news = new NewsService({ db: database.db, logger });
    return await body({ bars, news, env });
  } finally {
    await database.close();
  }
}

const emptyBarsSummary = (): BarsSummary => ({ inserted: 0, updated: 0, unchanged: 0, skipped: 0, symbols: {}, failed: [] });

function add(summary: BarsSummary, r: BarsFetchResult): void {
  const counts = { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped };
  summary.symbols[r.symbol] = counts;
  summary.inserted += r.inserted;
  summary.updated += r.updated;
  summary.unchanged += r.unchanged;
  summary.skipped += r.skipped;
}

function progressNote(json: boolean, text: string): void {
  if (!json || process.stderr.isTTY) process.stderr.write(`alphapulse ingest: ${text}\n`);
}

async function runBars(
  payloads: ReturnType<typeof parsePayload<'bars.fetch'>>[],
  service: BarsService,
  gate: RateGate | undefined,
  json: boolean,
): Promise<BarsSummary> {
  const summary = emptyBarsSummary();
  const bar =
    process.stderr.isTTY && payloads.length > 1
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'ingest {bar} {value}/{total} {symbol}', hideCursor: true }, cliProgress.Presets.shades_classic)
      : undefined;
  bar?.start(payloads.length, 0, { symbol: '' });
  for (const p of payloads) {
    bar?.update({ symbol: p.symbol });
    try {
      const result = await withJobRetries(
        'bars.fetch',
        async () => {
          await gate?.take();
          return service.fetch(p);
        },
        (n, ms, e) => (bar ? undefined : progressNote(json, `${p.symbol}: ${reasonOf(e)}; retry ${n} in ${ms} ms`)),
      );
      add(summary, result);
    } catch (err) {
      summary.failed.push({ symbol: p.symbol, reason: reasonOf(err) });
    }
    bar?.increment();
  }
  bar?.stop();
  return summary;
}

function report(summary: BarsSummary, json: boolean): number {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    for (const [symbol, c] of Object.entries(summary.symbols)) {
      process.stdout.write(`${symbol.padEnd(14)} inserted ${c.inserted}  updated ${c.updated}  unchanged ${c.unchanged}  skipped ${c.skipped}\n`);
    }
    for (const f of summary.failed) process.stderr.write(`alphapulse ingest: ${f.symbol} failed: ${f.reason}\n`);
    process.stdout.write(`total          inserted ${summary.inserted}  updated ${summary.updated}  unchanged ${summary.unchanged}  skipped ${summary.skipped}  failed ${summary.failed.length}\n`);
  }
  return summary.failed.length ? 1 : 0;
}
