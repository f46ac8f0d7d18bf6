import YahooFinance from 'yahoo-finance2';
import type { Bar, CorporateAction } from '@alphapulse/market';
import type { Logger } from '@alphapulse/logger';
import { chartToSeries, rawChartToSeries, type YahooSeries } from './chart-to-series.ts';
import { classifyYahooFailure, type ExchangeTrace, YahooSymbolError, YahooTransientError } from './yahoo-errors.ts';

export const DEFAULT_YAHOO_BASE_URL = 'https://query2.finance.yahoo.com';
/** The origin yahoo-finance2 builds its URLs with; rewritten to the configured base URL. */
const CLIENT_ORIGIN = 'https://query2.finance.yahoo.com';

export interface YahooChartClientOptions {
  /** YAHOO_BASE_URL: Yahoo itself, a recording server or a corporate proxy (a path prefix is kept). */
  baseUrl?: string;
  logger?: Pick<Logger, 'warn' | 'debug' | 'error' | 'info'>;
  /** Per-request timeout; a timeout is a retryable network error. */
  timeoutMs?: number;
}

export interface ChartQuery {
  /** Inclusive start (period1). */
  from: Date;
  /** Exclusive end (period2). */
  to: Date;
  interval?: '1d' | '1h' | '1m' | '1wk';
}

export type { YahooSeries };

/**
 * Yahoo's chart API through the real yahoo-finance2 client, with its base URL configurable and
 * its failures classified (YahooTransientError: retry; YahooSymbolError: never).
 */
export class YahooChartClient {
  private readonly client: InstanceType<typeof YahooFinance>;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: YahooChartClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_YAHOO_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const log = options.logger;
    this.client = new YahooFinance({
      versionCheck: false,
      suppressNotices: ['yahooSurvey', 'ripHistorical'],
      // The rate is enforced by the BullMQ limiter, not by the client's own queue.
      queue: { concurrency: 8 },
      validation: { logErrors: false, logOptionsErrors: false },
      logger: {
        // yahoo-finance2 >= 3.8 warns on every start that Node 20 is "unsupported"; chart() works.
        warn: (...args: unknown[]) => {
          const text = args.map(String).join(' ');
          if (!text.includes('Unsupported environment')) log?.warn({ source: 'yahoo-finance2' }, text);
        },
        info: (...args: unknown[]) => log?.debug({ source: 'yahoo-finance2' }, args.map(String).join(' ')),
        error: (...args: unknown[]) => log?.debug({ source: 'yahoo-finance2' }, args.map(String).join(' ')),
        debug: () => {},
        dir: () => {},
      },
    });
  }

  /**
   * Bars (nulls skipped and counted), adjusted closes, splits, dividends and the instrument's
   * exchange, currency and time zone for `[from, to)`. Throws YahooTransientError or YahooSymbolError.
   */
  async fetchChart(symbol: string, query: ChartQuery): Promise<YahooSeries> {
    const trace: ExchangeTrace = {};
    const fetchThroughBase = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const original = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const target = original.startsWith(CLIENT_ORIGIN) ? this.baseUrl + original.slice(CLIENT_ORIGIN.length) : original;
      let response: Response;
      try {
        response = await fetch(target, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
        trace.body = await response.text();
      } catch (err) {
        trace.networkError = err;
        throw err;
      }
      trace.status = response.status;
      // Answered here rather than by the client, which would print the URL to the console.
      if (response.status === 429 || response.status === 408 || response.status >= 500) {
        throw classifyYahooFailure(symbol, undefined, trace);
      }
      return new Response(trace.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
    const period2 = query.to.getTime() > query.from.getTime() ? query.to : new Date(query.from.getTime() + 1000);
    let result: unknown;
    try {
      result = await this.client.chart(
        symbol,
        { period1: query.from, period2, interval: query.interval ?? '1d', events: 'div|split', return: 'object' },
        { fetch: fetchThroughBase as typeof fetch, validateResult: false },
      );
    } catch (err) {
      // Quotes without timestamps: the client refuses them; they cannot be placed in time, so
      // they are skipped (and counted) like any other unusable quote.
      if (trace.status === 200 && /No timestamp/.test(String((err as Error)?.message))) {
        return rawChartToSeries(symbol, trace.body ?? '', query);
      }
      if (err instanceof YahooTransientError || err instanceof YahooSymbolError) throw err;
      throw classifyYahooFailure(symbol, err, trace);
    }
    return chartToSeries(symbol, result, query);
  }
}

export type { Bar, CorporateAction };
