import { SentimentInputError } from './errors.ts';
import { dayOfWeek, dayToIso, isoToDay, type SessionClock, type SessionSpec, sessionClock } from './session-clock.ts';

/**
 * A headline counts as positive (negative) in `sharePositive` (`shareNegative`) when its score is
 * above +threshold (below −threshold). The ingest tier's scorer gives P(bullish) − P(bearish), which
 * is non-zero for nearly every headline, so the share of merely non-zero scores would say nothing:
 * beyond a third the polar lean is a third of the probability mass.
 */
export const SENTIMENT_POLAR_THRESHOLD = 1 / 3;

/** A scored headline, as stored by the news ingestion. */
export interface ScoredHeadline {
  publishedAt: Date;
  /** Sentiment score in [−1, 1] (P(bullish) − P(bearish) for the finance model); 0 is neutral. */
  score: number;
  symbols: readonly string[];
}

/** Sentiment of one symbol for one trading session. */
export interface DailySentimentRow {
  symbol: string;
  /** Session date `YYYY-MM-DD` in the exchange's time zone. */
  session: string;
  count: number;
  /** Mean score of the session's headlines. */
  mean: number;
  /** Share of headlines scored above +SENTIMENT_POLAR_THRESHOLD. */
  sharePositive: number;
  /** Share of headlines scored below −SENTIMENT_POLAR_THRESHOLD. */
  shareNegative: number;
}

/**
 * The session a headline counts for: its local date in the exchange's time zone, or the next
 * weekday when it was published at or after the close or on a Saturday/Sunday (unless the
 * session spec says the market trades weekends). Exchange holidays are not modelled here;
 * `computeFeatures` carries a holiday's news to the next bar.
 */
export function headlineSessionDay(clock: SessionClock, publishedAtMs: number): number {
  const { day, minute } = clock.localDayAndMinute(publishedAtMs);
  let session = minute >= clock.closeMinutes ? day + 1 : day;
  while (!clock.weekends && dayOfWeek(session) >= 5) session++;
  return session;
}

/**
 * Aggregates scored headlines per symbol and session (see `headlineSessionDay`). A headline
 * about several symbols counts once for each. Rows are sorted by symbol, then session; only
 * sessions with at least one headline appear. Refuses an invalid date, a score outside [−1, 1]
 * or a missing symbol list with SentimentInputError.
 */
export function aggregateDailySentiment(headlines: readonly ScoredHeadline[], opts: SessionSpec): DailySentimentRow[] {
  const clock = sessionClock(opts);
  const acc = new Map<string, { symbol: string; day: number; count: number; sum: number; pos: number; neg: number }>();
  headlines.forEach((h, i) => {
    const at = h?.publishedAt instanceof Date ? h.publishedAt.getTime() : Number.NaN;
    if (!Number.isFinite(at)) throw new SentimentInputError(i, 'publishedAt is not a valid date');
    if (typeof h.score !== 'number' || !(h.score >= -1 && h.score <= 1)) throw new SentimentInputError(i, `score ${String(h.score)} is not in [-1, 1]`);
    if (!Array.isArray(h.symbols)) throw new SentimentInputError(i, 'symbols is not an array');
    const day = headlineSessionDay(clock, at);
    for (const symbol of new Set(h.symbols)) {
      if (typeof symbol !== 'string' || symbol === '') throw new SentimentInputError(i, 'symbol is empty');
      const key = `${symbol}\u0000${day}`;
      let a = acc.get(key);
      if (!a) {
        a = { symbol, day, count: 0, sum: 0, pos: 0, neg: 0 };
        acc.set(key, a);
      }
      a.count++;
      a.sum += h.score;
      if (h.score > SENTIMENT_POLAR_THRESHOLD) a.pos++;
      else if (h.score < -SENTIMENT_POLAR_THRESHOLD) a.neg++;
    }
  });
  return [...acc.values()]
    .sort((x, y) => (x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : x.day - y.day))
    .map((a) => ({
      symbol: a.symbol,
      session: dayToIso(a.day),
      count: a.count,
      mean: a.sum / a.count,
      sharePositive: a.pos / a.count,
      shareNegative: a.neg / a.count,
    }));
}

/**
 * Sentiment columns aligned with bars: bar t takes the rows of every session after the
 * previous bar's session up to and including its own (so news of a holiday or a halt lands on
 * the next bar; the first bar takes only its own session). All those headlines were published
 * before bar t's session close. With no headlines: count 0 and mean/shares 0 (neutral), so a
 * quiet day is a valid row, not a hole; `sent_count` tells the two apart.
 */
export function joinSentiment(
  sessionDays: Float64Array,
  rows: readonly DailySentimentRow[],
): { sent_count: Float64Array; sent_mean: Float64Array; sent_pos: Float64Array; sent_neg: Float64Array } {
  const n = sessionDays.length;
  const count = new Float64Array(n);
  const mean = new Float64Array(n);
  const pos = new Float64Array(n);
  const neg = new Float64Array(n);
  const byDay = rows
    .map((r, i) => {
      const day = isoToDay(r.session);
      if (day === undefined) throw new SentimentInputError(i, `session ${JSON.stringify(r.session)} is not YYYY-MM-DD`);
      if (!(Number.isInteger(r.count) && r.count >= 0)) throw new SentimentInputError(i, `count ${String(r.count)} is not a non-negative integer`);
      return { day, r };
    })
    .sort((a, b) => a.day - b.day);
  let j = 0;
  for (let t = 0; t < n; t++) {
    const day = sessionDays[t];
    if (t === 0) while (j < byDay.length && byDay[j].day < day) j++;
    const from = j;
    let c = 0;
    let sum = 0;
    let p = 0;
    let q = 0;
    while (j < byDay.length && byDay[j].day <= day) {
      const r = byDay[j++].r;
      c += r.count;
      sum += r.mean * r.count;
      p += r.sharePositive * r.count;
      q += r.shareNegative * r.count;
    }
    count[t] = c;
    if (j - from === 1 && c > 0) {
      // One session: its own figures, without a round trip through weighted sums.
      const r = byDay[from].r;
      mean[t] = r.mean;
      pos[t] = r.sharePositive;
      neg[t] = r.shareNegative;
    } else {
      mean[t] = c > 0 ? sum / c : 0;
      pos[t] = c > 0 ? p / c : 0;
      neg[t] = c > 0 ? q / c : 0;
    }
  }
  return { sent_count: count, sent_mean: mean, sent_pos: pos, sent_neg: neg };
}
