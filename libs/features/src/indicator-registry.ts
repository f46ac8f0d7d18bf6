import { atr, bollinger, closeOverSma, ema, logReturn, macd, obvFlow, onBalanceVolume, realizedVolatility, rsi, sma, stochastic, volumeZScore } from './indicators/index.ts';
import { SENTIMENT_POLAR_THRESHOLD } from './daily-sentiment.ts';
import type { OhlcvSeries } from './series.ts';

/** What an indicator may read: the adjusted bars, their session days, and the joined sentiment. */
export interface IndicatorInput {
  series: OhlcvSeries;
  /** Session day (days since 1970-01-01, exchange calendar) of each bar. */
  sessionDays: Float64Array;
  /** Sentiment columns aligned with the bars, or undefined when no sentiment was supplied. */
  sentiment?: Record<'sent_count' | 'sent_mean' | 'sent_pos' | 'sent_neg', Float64Array>;
}

/** One indicator definition: its identity (name, params, code version) is what the set hash covers. */
export interface IndicatorDefinition {
  indicator: string;
  params: Record<string, number>;
  /** Bumped whenever the computation changes, so the feature set hash changes with it. */
  codeVersion: number;
  columns: readonly string[];
  /** Rows needed before the first value (for documentation and short-series tests). */
  warmup: number;
  compute(input: IndicatorInput): Float64Array[];
}

const def = (d: IndicatorDefinition): IndicatorDefinition => d;

/** Every indicator AlphaPulse knows, keyed by its first column name. */
export const INDICATORS: Readonly<Record<string, IndicatorDefinition>> = Object.fromEntries(
  [
    def({ indicator: 'sma', params: { period: 20 }, codeVersion: 1, columns: ['sma_20'], warmup: 19, compute: ({ series }) => [sma(series.close, 20)] }),
    def({ indicator: 'ema', params: { period: 12 }, codeVersion: 1, columns: ['ema_12'], warmup: 11, compute: ({ series }) => [ema(series.close, 12)] }),
    def({ indicator: 'rsi_wilder', params: { period: 14 }, codeVersion: 1, columns: ['rsi_14'], warmup: 14, compute: ({ series }) => [rsi(series.close, 14)] }),
    def({
      indicator: 'macd',
      params: { fast: 12, slow: 26, signal: 9 },
      codeVersion: 1,
      columns: ['macd', 'macd_signal', 'macd_hist'],
      warmup: 33,
      compute: ({ series }) => {
        const m = macd(series.close, 12, 26, 9);
        return [m.macd, m.signal, m.hist];
      },
    }),
    def({
      indicator: 'bollinger_population',
      params: { period: 20, k: 2 },
      codeVersion: 1,
      columns: ['bb_lower', 'bb_middle', 'bb_upper', 'bb_pctb', 'bb_width'],
      warmup: 19,
      compute: ({ series }) => {
        const b = bollinger(series.close, 20, 2);
        return [b.lower, b.middle, b.upper, b.pctb, b.width];
      },
    }),
    def({ indicator: 'atr_wilder', params: { period: 14 }, codeVersion: 1, columns: ['atr_14'], warmup: 14, compute: ({ series: s }) => [atr(s.high, s.low, s.close, 14)] }),
    ...[1, 5, 10, 20].map((k) => def({ indicator: 'log_return', params: { bars: k }, codeVersion: 1, columns: [`logret_${k}`], warmup: k, compute: ({ series }) => [logReturn(series.close, k)] })),
    ...[10, 20, 50].map((k) => def({ indicator: 'close_over_sma', params: { period: k }, codeVersion: 1, columns: [`close_sma_${k}`], warmup: k - 1, compute: ({ series }) => [closeOverSma(series.close, k)] })),
    def({ indicator: 'realized_vol_sample_sd_logret', params: { period: 20 }, codeVersion: 1, columns: ['rv_20'], warmup: 20, compute: ({ series }) => [realizedVolatility(series.close, 20)] }),
    def({ indicator: 'volume_zscore_sample_sd', params: { period: 20 }, codeVersion: 1, columns: ['vol_z_20'], warmup: 19, compute: ({ series }) => [volumeZScore(series.volume, 20)] }),
    def({
      indicator: 'stochastic',
      params: { k: 14, d: 3 },
      codeVersion: 1,
      columns: ['stoch_k', 'stoch_d'],
      warmup: 15,
      compute: ({ series: s }) => {
        const st = stochastic(s.high, s.low, s.close, 14, 3);
        return [st.k, st.d];
      },
    }),
    def({ indicator: 'obv', params: {}, codeVersion: 1, columns: ['obv'], warmup: 0, compute: ({ series: s }) => [onBalanceVolume(s.close, s.volume)] }),
    def({ indicator: 'obv_flow', params: { period: 20 }, codeVersion: 1, columns: ['obv_flow_20'], warmup: 20, compute: ({ series: s }) => [obvFlow(s.close, s.volume, 20)] }),
    def({
      indicator: 'day_of_week_monday0',
      params: {},
      codeVersion: 1,
      columns: ['dow'],
      warmup: 0,
      compute: ({ sessionDays }) => [sessionDays.map((d) => (((d + 3) % 7) + 7) % 7)],
    }),
    def({
      indicator: 'daily_sentiment',
      // The headline scorer is part of this definition: codeVersion is the finance sentiment model's
      // version + 1 (code v1 scored with the lexicon; apps/ingest/src/sentiment/model), and the polar
      // threshold is a param.
      params: { polarThreshold: SENTIMENT_POLAR_THRESHOLD },
      codeVersion: 2,
      columns: ['sent_count', 'sent_mean', 'sent_pos', 'sent_neg'],
      warmup: 0,
      compute: ({ sentiment, sessionDays }) => {
        // No sentiment supplied means unknown, not neutral: empty columns.
        if (!sentiment) return [0, 1, 2, 3].map(() => new Float64Array(sessionDays.length).fill(Number.NaN));
        return [sentiment.sent_count, sentiment.sent_mean, sentiment.sent_pos, sentiment.sent_neg];
      },
    }),
  ].map((d) => [d.columns[0], d]),
);
