import type { Bar } from '@alphapulse/market';
import { describe, expect, it } from 'vitest';
import { aggregateDailySentiment, computeFeatures, SENTIMENT_POLAR_THRESHOLD, type ScoredHeadline, SentimentInputError, type SessionSpec, SessionSpecError } from './index.ts';

const NY = { timezone: 'America/New_York', close: '16:00' };
const h = (iso: string, score: number, symbols = ['AAPL']): ScoredHeadline => ({ publishedAt: new Date(iso), score, symbols });
const sessionOf = (iso: string, opts: SessionSpec = NY) => aggregateDailySentiment([h(iso, 0.5)], opts)[0].session;

describe('aggregateDailySentiment', () => {
  it.each([
    ['2024-06-05T19:59:59Z', '2024-06-05', 'Wednesday 15:59:59 EDT counts for that session'],
    ['2024-06-05T20:00:00Z', '2024-06-06', 'at the close counts for the next one'],
    ['2024-06-07T20:30:00Z', '2024-06-10', 'Friday after the close counts for Monday'],
    ['2024-06-08T15:00:00Z', '2024-06-10', 'Saturday counts for Monday'],
    ['2024-06-10T03:00:00Z', '2024-06-10', 'Sunday 23:00 EDT counts for Monday'],
    ['2024-03-08T20:59:00Z', '2024-03-08', 'Friday 15:59 EST (winter)'],
    ['2024-03-08T21:00:00Z', '2024-03-11', 'Friday 16:00 EST'],
    ['2024-03-11T19:59:00Z', '2024-03-11', 'Monday 15:59 EDT, the day after DST starts'],
    ['2024-03-11T20:00:00Z', '2024-03-12', 'Monday 16:00 EDT'],
    ['2024-11-04T20:59:00Z', '2024-11-04', 'Monday 15:59 EST, the day after DST ends'],
  ])('%s → %s (%s)', (published, session) => {
    expect(sessionOf(published)).toBe(session);
  });

  it('reads the close on the exchange\'s own clock (Frankfurt 17:30, CET/CEST)', () => {
    const xetra = { timezone: 'Europe/Berlin', close: '17:30' };
    expect(sessionOf('2024-01-15T16:29:00Z', xetra)).toBe('2024-01-15');
    expect(sessionOf('2024-01-15T16:30:00Z', xetra)).toBe('2024-01-16');
    expect(sessionOf('2024-07-15T15:29:00Z', xetra)).toBe('2024-07-15');
    expect(sessionOf('2024-07-15T15:30:00Z', xetra)).toBe('2024-07-16');
  });

  it('keeps weekend news on its own day for markets that trade weekends', () => {
    const crypto = { timezone: 'UTC', close: '00:00', weekends: true };
    expect(sessionOf('2024-06-08T15:00:00Z', crypto)).toBe('2024-06-09');
    expect(sessionOf('2024-06-08T15:00:00Z', { timezone: 'UTC', close: '23:59', weekends: true })).toBe('2024-06-08');
    expect(sessionOf('2024-06-08T15:00:00Z', { timezone: 'UTC', close: '23:59' })).toBe('2024-06-10');
  });

  it('counts, averages and shares per symbol and session; a headline about two symbols counts for both', () => {
    const rows = aggregateDailySentiment(
      [h('2024-06-05T13:00:00Z', 0.5, ['AAPL', 'MSFT']), h('2024-06-05T14:00:00Z', -0.25), h('2024-06-05T15:00:00Z', 0), h('2024-06-05T21:00:00Z', 1)],
      NY,
    );
    expect(rows).toEqual([
      // −0.25 leans negative but not beyond the polar threshold (1/3): not in shareNegative.
      { symbol: 'AAPL', session: '2024-06-05', count: 3, mean: 0.25 / 3, sharePositive: 1 / 3, shareNegative: 0 },
      { symbol: 'AAPL', session: '2024-06-06', count: 1, mean: 1, sharePositive: 1, shareNegative: 0 },
      { symbol: 'MSFT', session: '2024-06-05', count: 1, mean: 0.5, sharePositive: 1, shareNegative: 0 },
    ]);
  });

  it('counts a headline as positive or negative only beyond the polar threshold', () => {
    const t = SENTIMENT_POLAR_THRESHOLD;
    const [row] = aggregateDailySentiment([t, t + 1e-9, -t, -t - 1e-9, 0.05, -0.05].map((s) => h('2024-06-05T13:00:00Z', s)), NY);
    expect(row).toMatchObject({ count: 6, sharePositive: 1 / 6, shareNegative: 1 / 6 });
  });

  it('refuses bad headlines and session specs with a typed error', () => {
    expect(() => aggregateDailySentiment([h('nope', 0.1)], NY)).toThrow(SentimentInputError);
    expect(() => aggregateDailySentiment([h('2024-06-05T13:00:00Z', 2)], NY)).toThrow(/score 2 is not in \[-1, 1\]/);
    expect(() => aggregateDailySentiment([], { timezone: 'Mars/Olympus', close: '16:00' })).toThrow(SessionSpecError);
    expect(() => aggregateDailySentiment([], { timezone: 'UTC', close: '4pm' })).toThrow(/not HH:MM/);
  });
});

describe('sentiment features joined onto bars', () => {
  const bar = (iso: string, close: number): Bar => ({ ts: new Date(`${iso}T00:00:00Z`), open: close, high: close, low: close, close, volume: 100 });
  const bars = ['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-05', '2024-07-08', '2024-07-09'].map((d, i) => bar(d, 100 + i));

  it('carries a holiday\'s news to the next bar and reads quiet days as count 0, neutral', () => {
    const rows = aggregateDailySentiment([h('2024-07-04T15:00:00Z', 0.8), h('2024-07-05T14:00:00Z', -0.6), h('2024-07-01T12:00:00Z', 0.4)], NY);
    const f = computeFeatures(bars, { sentiment: rows, session: NY });
    expect([...f.columns.sent_count]).toEqual([1, 0, 0, 2, 0, 0]);
    expect(f.columns.sent_mean[3]).toBeCloseTo(0.1, 12);
    expect([...f.columns.sent_pos]).toEqual([1, 0, 0, 0.5, 0, 0]);
    expect([...f.columns.sent_neg]).toEqual([0, 0, 0, 0.5, 0, 0]);
    expect(f.columns.sent_mean[1]).toBe(0);
  });

  it('never sees news published after a row\'s availableAt: headlines around every close', () => {
    const headlines: ScoredHeadline[] = [];
    let k = 0;
    for (const b of bars) {
      const closeMs = computeFeatures([b], { session: NY }).availableAt[0];
      for (const offsetMs of [-3_600_000, -1, 0, 1, 3_600_000, 8 * 3_600_000]) {
        headlines.push({ publishedAt: new Date(closeMs + offsetMs), score: ((k++ % 5) - 2) / 2, symbols: ['AAPL'] });
      }
    }
    const full = computeFeatures(bars, { sentiment: aggregateDailySentiment(headlines, NY), session: NY, set: 'core' });
    for (let t = 0; t < bars.length; t++) {
      const known = headlines.filter((x) => x.publishedAt.getTime() < full.availableAt[t]);
      const asOf = computeFeatures(bars.slice(0, t + 1), { sentiment: aggregateDailySentiment(known, NY), session: NY, set: 'core' });
      for (const c of ['sent_count', 'sent_mean', 'sent_pos', 'sent_neg']) expect(Object.is(asOf.columns[c][t], full.columns[c][t]), `${c} row ${t}`).toBe(true);
    }
    // The headline stamped exactly at a close belongs to the next bar.
    expect(full.columns.sent_count[1]).toBeGreaterThan(0);
  });

  it('picks the bars\' symbol from multi-symbol rows and refuses ambiguity', () => {
    const rows = aggregateDailySentiment([h('2024-07-01T12:00:00Z', 0.4, ['AAPL']), h('2024-07-01T12:00:00Z', -0.4, ['MSFT'])], NY);
    expect(computeFeatures(bars, { sentiment: rows, symbol: 'MSFT', session: NY }).columns.sent_mean[0]).toBe(-0.4);
    expect(() => computeFeatures(bars, { sentiment: rows, session: NY })).toThrow(/pass opts.symbol/);
  });
});
