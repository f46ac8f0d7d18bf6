import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { Bar } from '@alphapulse/market';
import { type JobPayload, PermanentJobError } from '@alphapulse/queue';
import type { ObjectStore } from '@alphapulse/storage';
import { BarRepository } from '../../repositories/bar-repository.ts';
import { parseCsvBars, readCsvObject } from '../../sources/csv/csv-bars.ts';
import { newsItemId } from '../../news/news-item-id.ts';
import { NewsRepository } from '../../repositories/news-repository.ts';
import { scoreHeadline } from '../../sentiment/index.ts';
import { sampleInstrument, simulateBars, simulateHeadlines, UnknownSampleSymbolError } from '../../sources/sample/index.ts';
import type { YahooChartClient } from '../../sources/yahoo/yahoo-chart-client.ts';
import type { YahooSeries } from '../../sources/yahoo/chart-to-series.ts';

export type BarsFetchPayload = JobPayload<'bars.fetch'>;

/** What one bars.fetch did: counts of rows and the range actually asked of the source. */
export interface BarsFetchResult {
  symbol: string;
  source: BarsFetchPayload['source'];
  inserted: number;
  updated: number;
  unchanged: number;
  /** Quotes the source sent that were unusable (null or half-empty), not stored. */
  skipped: number;
  /** First and last day requested/imported (YYYY-MM-DD), null when nothing was asked. */
  from: string | null;
  to: string | null;
  /** True when a new split or dividend made us re-fetch the stored history on the new basis. */
  rebased?: boolean;
  /** Sample source only: synthetic headlines stored (new) beside the bars. */
  headlines?: number;
}

export interface BarsServiceDeps {
  db: Db;
  store?: ObjectStore;
  /** Needed for source `yahoo`. */
  yahoo?: YahooChartClient;
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /** Injected clock, so "now" is controllable. */
  now?: () => Date;
}

const DAY = 86_400_000;
/** How far back a first Yahoo fetch of a symbol goes when no `from` is given. */
export const DEFAULT_HISTORY_YEARS = 10;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const dayStart = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Fetches bars from a source and stores them idempotently. One instance serves many jobs; the
 * queue processor and the CLI call the same methods.
 *
 * Ranges: `from` and `to` are UTC calendar days, both inclusive. Without `from`, a Yahoo or
 * sample fetch is incremental: it asks only for what follows the last stored bar, starting AT that
 * bar, so a bar stored while its session was still open is refreshed with its final values (a
 * first fetch goes back DEFAULT_HISTORY_YEARS). With `from`, exactly that range is fetched again; re-running it
 * changes nothing unless the source changed its numbers.
 */
export class BarsService {
  private readonly repo: BarRepository;
  private readonly now: () => Date;

  constructor(private readonly deps: BarsServiceDeps) {
    this.repo = new BarRepository(deps.db);
    this.now = deps.now ?? (() => new Date());
  }

  get repository(): BarRepository {
    return this.repo;
  }

  /** Runs one bars.fetch payload. Throws PermanentJobError subclasses for input that can never work. */
  async fetch(payload: BarsFetchPayload): Promise<BarsFetchResult> {
    switch (payload.source) {
      case 'yahoo':
        return this.fetchYahoo(payload);
      case 'csv': {
        if (!payload.objectKey) throw new PermanentJobError('bars.fetch with source csv needs objectKey (the uploaded CSV)');
        if (!this.deps.store) throw new Error('BarsService has no object store for CSV imports');
        return this.importCsv(payload.symbol, await readCsvObject(this.deps.store, payload.objectKey), payload.objectKey, payload.interval);
      }
      case 'sample':
        return this.fetchSample(payload);
    }
  }

  /**
   * Imports a whole OHLCV CSV for one symbol. A malformed row refuses the file (CsvImportError with
   * line and reason) before anything is written; the instrument and every bar are then written in
   * one transaction, so an import that fails or is killed midway leaves nothing of the file.
   */
  async importCsv(symbol: string, input: string | Buffer, file: string, interval = '1d'): Promise<BarsFetchResult> {
    const bars = parseCsvBars(input, file);
    const counts = await this.repo.transaction(async (repo) => {
      await repo.upsertInstrument({ symbol, source: 'csv' });
      return repo.upsertBars(symbol, interval, 'csv', bars);
    });
    return {
      symbol,
      source: 'csv',
      ...counts,
      skipped: 0,
      from: bars.length ? isoDay(bars[0].ts) : null,
      to: bars.length ? isoDay(bars[bars.length - 1].ts) : null,
    };
  }

  private async fetchYahoo(payload: BarsFetchPayload): Promise<BarsFetchResult> {
    const yahoo = this.deps.yahoo;
    if (!yahoo) throw new Error('BarsService has no Yahoo client');
    const { symbol, interval } = payload;
    const now = this.now();
    const last = await this.repo.lastBarTs(symbol, interval);
    const from = payload.from
      ? dayStart(payload.from)
      : last
        ? last
        : new Date(Date.UTC(now.getUTCFullYear() - DEFAULT_HISTORY_YEARS, now.getUTCMonth(), now.getUTCDate()));
    const to = payload.to ? new Date(dayStart(payload.to).getTime() + DAY) : now;
    if (from.getTime() >= to.getTime()) {
      return { symbol, source: 'yahoo', inserted: 0, updated: 0, unchanged: 0, skipped: 0, from: null, to: null };
    }
    let series = await yahoo.fetchChart(symbol, { from, to, interval: '1d' });
    let askedFrom = from;
    let rebased = false;
    // Yahoo restates every earlier close after a split (and adjclose after a dividend). When a
    // split or dividend we have not stored appears, the stored history before this range is on
    // the old basis: fetch it again so the whole series is on one basis and no split looks like a crash.
    const first = await this.repo.firstBarTs(symbol, interval);
    if (first && first.getTime() < from.getTime() && (await this.hasNewActions(symbol, series))) {
      this.deps.logger?.info({ symbol, from: isoDay(first) }, 'new split or dividend: re-fetching the stored history on the new basis');
      series = await yahoo.fetchChart(symbol, { from: first, to, interval: '1d' });
      askedFrom = first;
      rebased = true;
    }
    await this.repo.upsertInstrument({ symbol, source: 'yahoo', ...series.instrument });
    await this.repo.upsertCorporateActions(symbol, 'yahoo', series.actions);
    const counts = await this.repo.upsertBars(symbol, interval, 'yahoo', series.bars);
    if (series.skipped) this.deps.logger?.warn({ symbol, skipped: series.skipped }, 'skipped null or half-empty Yahoo quotes');
    return {
      symbol,
      source: 'yahoo',
      ...counts,
      skipped: series.skipped,
      from: isoDay(askedFrom),
      to: isoDay(new Date(to.getTime() - 1)),
      ...(rebased ? { rebased } : {}),
    };
  }

  private async hasNewActions(symbol: string, series: YahooSeries): Promise<boolean> {
    if (series.actions.length === 0) return false;
    const stored = new Set((await this.repo.corporateActions(symbol)).map((a) => `${a.kind}:${a.ts.getTime()}`));
    return series.actions.some((a) => !stored.has(`${a.kind}:${a.ts.getTime()}`));
  }

  private async fetchSample(payload: BarsFetchPayload): Promise<BarsFetchResult> {
    const { symbol, interval } = payload;
    let instrument: ReturnType<typeof sampleInstrument>;
    try {
      instrument = sampleInstrument(symbol);
    } catch (err) {
      if (err instanceof UnknownSampleSymbolError) throw new PermanentJobError(err.message);
      throw err;
    }
    const last = payload.from ? undefined : await this.repo.lastBarTs(symbol, interval);
    const from = payload.from ?? (last ? isoDay(new Date(last.getTime() + DAY)) : undefined);
    const bars: Bar[] = from && payload.to && from > payload.to ? [] : simulateBars(symbol, { from, to: payload.to, seed: payload.seed });
    await this.repo.upsertInstrument({
      symbol,
      name: instrument.name,
      currency: 'USD',
      timezone: 'America/New_York',
      exchange: 'SAMPLE',
      instrumentType: 'EQUITY',
      source: 'sample',
      synthetic: true,
    });
    const counts = await this.repo.upsertBars(symbol, interval, 'sample', bars);
    // The sample market's synthetic headlines for the same days, scored like real ones.
    const headlines = bars.length
      ? simulateHeadlines(symbol, { from: isoDay(bars[0].ts), to: isoDay(bars[bars.length - 1].ts), seed: payload.seed }).map((h) => {
          const scored = scoreHeadline(h.title);
          return {
            id: newsItemId({ guid: h.guid, title: h.title, feed: 'sample' }),
            feed: 'sample',
            guid: h.guid,
            title: h.title,
            publishedAt: h.publishedAt,
            symbols: h.symbols,
            sentimentScore: scored.score,
            sentimentWords: scored.words,
            synthetic: true,
          };
        })
      : [];
    const news = await new NewsRepository(this.deps.db).insertSingleSymbolItems(headlines);
    return {
      symbol,
      source: 'sample',
      ...counts,
      headlines: news.new,
      skipped: 0,
      from: bars.length ? isoDay(bars[0].ts) : null,
      to: bars.length ? isoDay(bars[bars.length - 1].ts) : null,
    };
  }
}
