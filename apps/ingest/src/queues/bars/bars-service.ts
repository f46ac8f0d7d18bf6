import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { Bar } from '@alphapulse/market';
import { type JobPayload, PermanentJobError } from '@alphapulse/queue';
import type { ObjectStore } from '@alphapulse/storage';
import { BarRepository } from '../../repositories/bar-repository.ts';
import { parseCsvBars, readCsvObject } from '../../sources/csv/csv-bars.ts';
import { newsItemId } from '../../news/news-item-id.ts';
import { NewsRepository } from '../../repositories/news-repository.ts';
import { type FinanceSentimentModel, financeSentimentModel } from '../../sentiment/finance-sentiment-model.ts';
import { SAMPLE_DEFAULT_FROM, SAMPLE_DEFAULT_TO, sampleInstrument, simulateBars, simulateHeadlines, UnknownSampleSymbolError } from '../../sources/sample/index.ts';
import type { YahooChartClient } from '../../sources/yahoo/yahoo-chart-client.ts';
import { assertCountWithinCap, assertRangeWithinCap, BACKFILL_CHUNK_DAYS, dayWindows } from './bars-limits.ts';

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
  /** Days per window of a long range (default BACKFILL_CHUNK_DAYS). */
  chunkDays?: number;
}

/** Reported after each window of a fetch is written. */
export interface BarsFetchProgress {
  window: number;
  windows: number;
  /** Bars written so far (inserted + updated + unchanged). */
  bars: number;
}

export interface BarsFetchOptions {
  onProgress?: (progress: BarsFetchProgress) => unknown;
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
 *
 * Bounds: a range is fetched and written in windows of BACKFILL_CHUNK_DAYS, and a job (`fetch`)
 * never writes more than MAX_BARS_PER_JOB bars (see bars-limits.ts).
 */
export class BarsService {
  private readonly repo: BarRepository;
  private readonly now: () => Date;
  private readonly chunkDays: number;
  /** Scores the sample market's synthetic headlines; loaded here, before any job runs. */
  private readonly sentiment: FinanceSentimentModel;

  constructor(private readonly deps: BarsServiceDeps) {
    this.repo = new BarRepository(deps.db);
    this.now = deps.now ?? (() => new Date());
    this.chunkDays = deps.chunkDays ?? BACKFILL_CHUNK_DAYS;
    this.sentiment = financeSentimentModel();
  }

  get repository(): BarRepository {
    return this.repo;
  }

  /**
   * Runs one bars.fetch payload. Throws PermanentJobError subclasses for input that can never work,
   * BarsCapError for more bars than a job may write.
   */
  async fetch(payload: BarsFetchPayload, options: BarsFetchOptions = {}): Promise<BarsFetchResult> {
    switch (payload.source) {
      case 'yahoo':
        return this.fetchYahoo(payload, options);
      case 'csv': {
        if (!payload.objectKey) throw new PermanentJobError('bars.fetch with source csv needs objectKey (the uploaded CSV)');
        if (!this.deps.store) throw new Error('BarsService has no object store for CSV imports');
        return this.importCsv(payload.symbol, await readCsvObject(this.deps.store, payload.objectKey), payload.objectKey, payload.interval, { capped: true });
      }
      case 'sample':
        return this.fetchSample(payload, options);
    }
  }

  /**
   * Imports a whole OHLCV CSV for one symbol. A malformed row refuses the file (CsvImportError with
   * line and reason) before anything is written; the instrument and every bar are then written in
   * one transaction, so an import that fails or is killed midway leaves nothing of the file.
   * `capped` (a job's import) refuses a file of more than MAX_BARS_PER_JOB rows.
   */
  async importCsv(symbol: string, input: string | Buffer, file: string, interval = '1d', { capped = false } = {}): Promise<BarsFetchResult> {
    const bars = parseCsvBars(input, file);
    if (capped) assertCountWithinCap(bars.length, file);
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

  private async fetchYahoo(payload: BarsFetchPayload, options: BarsFetchOptions): Promise<BarsFetchResult> {
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
    assertRangeWithinCap(from, to);
    // Yahoo restates every earlier close after a split (and adjclose after a dividend). When a
    // split or dividend we have not stored appears, the history stored before this range is on
    // the old basis: fetch it again too, so the whole series is on one basis and no split looks
    // like a crash. (Windows fetched by this job are all on the current basis.)
    const first = await this.repo.firstBarTs(symbol, interval);
    const storedBefore = first && first.getTime() < from.getTime() ? await this.storedActionKeys(symbol) : undefined;
    const windows = dayWindows(from, to, this.chunkDays);
    const counts = { inserted: 0, updated: 0, unchanged: 0, skipped: 0 };
    let askedFrom = from;
    let rebased = false;
    for (let i = 0; i < windows.length; i++) {
      const series = await yahoo.fetchChart(symbol, { from: windows[i].from, to: windows[i].to, interval: '1d' });
      if (!rebased && first && storedBefore && series.actions.some((a) => !storedBefore.has(actionKey(a)))) {
        this.deps.logger?.info({ symbol, from: isoDay(first) }, 'new split or dividend: re-fetching the stored history on the new basis');
        windows.push(...dayWindows(first, from, this.chunkDays));
        askedFrom = first;
        rebased = true;
      }
      if (i === 0) await this.repo.upsertInstrument({ symbol, source: 'yahoo', ...series.instrument });
      await this.repo.upsertCorporateActions(symbol, 'yahoo', series.actions);
      add(counts, await this.repo.upsertBars(symbol, interval, 'yahoo', series.bars));
      counts.skipped += series.skipped;
      await options.onProgress?.({ window: i + 1, windows: windows.length, bars: counts.inserted + counts.updated + counts.unchanged });
    }
    if (counts.skipped) this.deps.logger?.warn({ symbol, skipped: counts.skipped }, 'skipped null or half-empty Yahoo quotes');
    return {
      symbol,
      source: 'yahoo',
      ...counts,
      from: isoDay(askedFrom),
      to: isoDay(new Date(to.getTime() - 1)),
      ...(rebased ? { rebased } : {}),
    };
  }

  private async storedActionKeys(symbol: string): Promise<Set<string>> {
    return new Set((await this.repo.corporateActions(symbol)).map(actionKey));
  }

  private async fetchSample(payload: BarsFetchPayload, options: BarsFetchOptions): Promise<BarsFetchResult> {
    const { symbol, interval } = payload;
    let instrument: ReturnType<typeof sampleInstrument>;
    try {
      instrument = sampleInstrument(symbol);
    } catch (err) {
      if (err instanceof UnknownSampleSymbolError) throw new PermanentJobError(err.message);
      throw err;
    }
    const last = payload.from ? undefined : await this.repo.lastBarTs(symbol, interval);
    const fromDay = payload.from ?? (last ? isoDay(new Date(last.getTime() + DAY)) : SAMPLE_DEFAULT_FROM);
    const toDay = payload.to ?? SAMPLE_DEFAULT_TO;
    const empty = { symbol, source: 'sample' as const, inserted: 0, updated: 0, unchanged: 0, headlines: 0, skipped: 0, from: null, to: null };
    if (fromDay > toDay) return empty;
    const end = new Date(dayStart(toDay).getTime() + DAY);
    assertRangeWithinCap(dayStart(fromDay), end);
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
    const windows = dayWindows(dayStart(fromDay), end, this.chunkDays);
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    let headlines = 0;
    let firstBar: Date | undefined;
    let lastBar: Date | undefined;
    for (const [i, w] of windows.entries()) {
      const bars = simulateBars(symbol, { from: isoDay(w.from), to: isoDay(new Date(w.to.getTime() - DAY)), seed: payload.seed, shock: payload.shock });
      add(counts, await this.repo.upsertBars(symbol, interval, 'sample', bars));
      if (bars.length) {
        firstBar ??= bars[0].ts;
        lastBar = bars[bars.length - 1].ts;
        headlines += await this.storeSampleHeadlines(symbol, bars, payload);
      }
      await options.onProgress?.({ window: i + 1, windows: windows.length, bars: counts.inserted + counts.updated + counts.unchanged });
    }
    return { ...empty, ...counts, headlines, from: firstBar ? isoDay(firstBar) : null, to: lastBar ? isoDay(lastBar) : null };
  }

  /** The sample market's synthetic headlines for the days of `bars`, scored like real ones; resolves to the new ones. */
  private async storeSampleHeadlines(symbol: string, bars: Bar[], payload: BarsFetchPayload): Promise<number> {
    const range = { from: isoDay(bars[0].ts), to: isoDay(bars[bars.length - 1].ts), seed: payload.seed, shock: payload.shock };
    const items = simulateHeadlines(symbol, range).map((h) => {
      const scored = this.sentiment.score(h.title);
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
    });
    return (await new NewsRepository(this.deps.db).insertSingleSymbolItems(items)).new;
  }
}

const actionKey = (a: { kind: string; ts: Date }) => `${a.kind}:${a.ts.getTime()}`;

function add(into: { inserted: number; updated: number; unchanged: number }, c: { inserted: number; updated: number; unchanged: number }): void {
  into.inserted += c.inserted;
  into.updated += c.updated;
  into.unchanged += c.unchanged;
}
