import type { Bar } from '@alphapulse/market';
import { type DailySentimentRow, joinSentiment } from './daily-sentiment.ts';
import { SentimentInputError } from './errors.ts';
import { indicatorsOf } from './feature-sets.ts';
import { type OhlcvSeries, seriesFromBars } from './series.ts';
import { DEFAULT_SESSION, type SessionSpec, sessionClock } from './session-clock.ts';

/** Features of one series, one row per bar, columns as typed arrays (NaN = empty). */
export interface FeatureFrame {
  /** Bar timestamps, ms since the epoch, ascending. */
  ts: Float64Array;
  /** When each row's inputs were all known (ms): the close of the bar's session. */
  availableAt: Float64Array;
  columns: Record<string, Float64Array>;
}

export interface ComputeFeaturesOptions {
  /** Feature set name (default `core`). */
  set?: string;
  /** Daily sentiment rows (from aggregateDailySentiment); filtered by `symbol` when given. */
  sentiment?: readonly DailySentimentRow[];
  /** Symbol of these bars, to pick its sentiment rows. Without it all rows must be of one symbol. */
  symbol?: string;
  /** The exchange's session (default America/New_York, close 16:00). */
  session?: SessionSpec;
}

/**
 * Computes a feature set over bars. Row t depends only on bars 0..t and on news published
 * before bar t's session close (`availableAt[t]`): computing on any prefix gives the same rows.
 * Input is validated and adjusted as `seriesFromBars` describes (FeatureInputError on bad
 * rows); a series shorter than an indicator's warm-up gives that indicator all-empty values.
 */
export function computeFeatures(bars: readonly Bar[], opts: ComputeFeaturesOptions = {}): FeatureFrame {
  return computeFeaturesFromSeries(seriesFromBars(bars), opts);
}

/**
 * The same over a validated, sorted, adjusted series (see `seriesFromBars`/`adjustColumns`),
 * for callers that already hold columns (the CSV command, benchmarks). The series is not modified.
 */
export function computeFeaturesFromSeries(series: OhlcvSeries, opts: ComputeFeaturesOptions = {}): FeatureFrame {
  const definitions = indicatorsOf(opts.set ?? 'core');
  const clock = sessionClock(opts.session ?? DEFAULT_SESSION);
  const n = series.ts.length;
  const sessionDays = new Float64Array(n);
  const availableAt = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const day = clock.barSessionDay(series.ts[t]);
    sessionDays[t] = day;
    availableAt[t] = clock.closeInstant(day);
  }
  const needsSentiment = definitions.some((d) => d.indicator === 'daily_sentiment');
  const sentiment = needsSentiment && opts.sentiment ? joinSentiment(sessionDays, rowsFor(opts.sentiment, opts.symbol)) : undefined;
  const columns: Record<string, Float64Array> = {};
  for (const d of definitions) {
    const values = d.compute({ series, sessionDays, sentiment });
    d.columns.forEach((name, i) => {
      columns[name] = values[i];
    });
  }
  return { ts: Float64Array.from(series.ts), availableAt, columns };
}

function rowsFor(rows: readonly DailySentimentRow[], symbol: string | undefined): readonly DailySentimentRow[] {
  if (symbol !== undefined) return rows.filter((r) => r.symbol === symbol);
  const symbols = new Set(rows.map((r) => r.symbol));
  if (symbols.size > 1) throw new SentimentInputError(0, `sentiment rows cover ${symbols.size} symbols; pass opts.symbol`);
  return rows;
}
