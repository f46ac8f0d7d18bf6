import { PermanentJobError } from '@alphapulse/queue';

/**
 * Yahoo did not answer usefully this time (HTTP 429, 5xx, a network error or timeout): the job is
 * retried with the catalog's exponential backoff and jitter.
 */
export class YahooTransientError extends Error {
  constructor(
    readonly symbol: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${symbol}: ${message}`);
    this.name = 'YahooTransientError';
  }
}

/** Yahoo knows no data for the symbol (unknown or delisted) or refuses the query: never retried. */
export class YahooSymbolError extends PermanentJobError {
  constructor(
    readonly symbol: string,
    /** Yahoo's own words, e.g. "No data found, symbol may be delisted". */
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${symbol}: Yahoo: ${reason}`);
    this.name = 'YahooSymbolError';
  }
}

/** What the HTTP layer saw during one chart() call. */
export interface ExchangeTrace {
  status?: number;
  body?: string;
  networkError?: unknown;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Yahoo's error description from a JSON error body, if the body is one. */
function yahooReason(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as Record<string, { error?: { description?: string; code?: string } | null }>;
    const error = Object.values(parsed)[0]?.error;
    return error ? (error.description ?? error.code) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sorts a failed chart() call into retryable (YahooTransientError) or permanent (YahooSymbolError),
 * from the HTTP status and body seen on the wire rather than from the client's error text.
 */
export function classifyYahooFailure(symbol: string, error: unknown, trace: ExchangeTrace): Error {
  if (trace.networkError !== undefined || trace.status === undefined) {
    return new YahooTransientError(symbol, `network error: ${message(trace.networkError ?? error)}`);
  }
  const status = trace.status;
  if (status === 429) return new YahooTransientError(symbol, 'rate limited by Yahoo (HTTP 429)', status);
  if (status >= 500) return new YahooTransientError(symbol, `Yahoo server error (HTTP ${status})`, status);
  if (status === 408) return new YahooTransientError(symbol, 'Yahoo request timeout (HTTP 408)', status);
  if (status >= 400) return new YahooSymbolError(symbol, yahooReason(trace.body) ?? (trace.body?.trim() || `HTTP ${status}`), status);
  // A 2xx whose content the client could not use: a broken payload, possibly a truncated one.
  return new YahooTransientError(symbol, `unusable Yahoo response: ${message(error)}`, status);
}
