import type { Bar, CorporateAction } from '@alphapulse/market';

/** One Yahoo chart answer, turned into what we store. */
export interface YahooSeries {
  symbol: string;
  instrument: {
    currency: string | null;
    /** IANA zone of the exchange, e.g. America/New_York, Europe/Berlin, UTC for crypto. */
    timezone: string | null;
    exchange: string | null;
    instrumentType: string | null;
    name: string | null;
  };
  /** Complete bars within the query range, sorted by ts. */
  bars: Bar[];
  /** Quotes left out because a price or the volume was missing, or could not be placed in time. */
  skipped: number;
  actions: CorporateAction[];
}

type Num = number | null | undefined;
interface ChartObject {
  meta?: Record<string, unknown>;
  timestamp?: (number | string | Date)[];
  events?: {
    dividends?: Record<string, { date: number | string | Date; amount: number }> | { date: number | string | Date; amount: number }[];
    splits?: Record<string, { date: number | string | Date; numerator: number; denominator: number }> | { date: number | string | Date; numerator: number; denominator: number }[];
  };
  indicators?: {
    quote?: { open?: Num[]; high?: Num[]; low?: Num[]; close?: Num[]; volume?: Num[] }[];
    adjclose?: { adjclose?: Num[] }[];
  };
}

/** Seconds since the epoch (Yahoo's wire format), a Date or an ISO string → Date. */
function toDate(value: number | string | Date): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  return new Date(value);
}

const ok = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * Converts a chart result (`return: 'object'`) into bars, corporate actions and instrument facts.
 * A quote with a missing or non-positive price, a missing volume, or high below low is skipped and
 * counted, never stored as zeros. Bars and events outside `[from, to)` are dropped.
 */
export function chartToSeries(symbol: string, raw: unknown, range: { from: Date; to: Date }): YahooSeries {
  const chart = (raw ?? {}) as ChartObject;
  const meta = chart.meta ?? {};
  const quote = chart.indicators?.quote?.[0] ?? {};
  const adj = chart.indicators?.adjclose?.[0]?.adjclose;
  const timestamps = chart.timestamp ?? [];
  const lo = range.from.getTime();
  const hi = range.to.getTime();
  const bars: Bar[] = [];
  let skipped = 0;
  for (let i = 0; i < timestamps.length; i++) {
    const ts = toDate(timestamps[i]);
    const t = ts.getTime();
    if (!Number.isFinite(t)) {
      skipped++;
      continue;
    }
    if (t < lo || t >= hi) continue;
    const open = quote.open?.[i];
    const high = quote.high?.[i];
    const low = quote.low?.[i];
    const close = quote.close?.[i];
    const volume = quote.volume?.[i];
    if (!ok(open) || !ok(high) || !ok(low) || !ok(close) || !ok(volume) || open <= 0 || close <= 0 || low <= 0 || high < low || volume < 0) {
      skipped++;
      continue;
    }
    const a = adj?.[i];
    bars.push({ ts, open, high, low, close, volume, adjClose: ok(a) && a > 0 ? a : null });
  }
  bars.sort((x, y) => x.ts.getTime() - y.ts.getTime());

  const actions: CorporateAction[] = [];
  const inRange = (d: Date) => d.getTime() >= lo && d.getTime() < hi;
  for (const d of Object.values(chart.events?.dividends ?? {})) {
    const ts = toDate(d.date);
    if (inRange(ts) && ok(d.amount) && d.amount > 0) actions.push({ ts, kind: 'dividend', value: d.amount });
  }
  for (const s of Object.values(chart.events?.splits ?? {})) {
    const ts = toDate(s.date);
    if (inRange(ts) && ok(s.numerator) && ok(s.denominator) && s.numerator > 0 && s.denominator > 0) {
      actions.push({ ts, kind: 'split', value: s.numerator / s.denominator });
    }
  }
  actions.sort((x, y) => x.ts.getTime() - y.ts.getTime());

  return {
    symbol,
    instrument: {
      currency: str(meta.currency),
      timezone: str(meta.exchangeTimezoneName),
      exchange: str(meta.exchangeName),
      instrumentType: str(meta.instrumentType),
      name: str(meta.longName) ?? str(meta.shortName),
    },
    bars,
    skipped,
    actions,
  };
}

/**
 * For a 200 answer the client refused because its quotes have no timestamps: keeps the
 * instrument facts and counts every quote as skipped (it cannot be placed in time).
 */
export function rawChartToSeries(symbol: string, body: string, range: { from: Date; to: Date }): YahooSeries {
  const parsed = JSON.parse(body) as { chart?: { result?: ChartObject[] } };
  const chart = parsed.chart?.result?.[0] ?? {};
  const quote = chart.indicators?.quote?.[0] ?? {};
  const quotes = Math.max(0, ...Object.values(quote).map((v) => (Array.isArray(v) ? v.length : 0)));
  const series = chartToSeries(symbol, { ...chart, timestamp: [], indicators: {} }, range);
  return { ...series, skipped: quotes };
}
