import type { Db } from '@alphapulse/db';
import {
  aggregateDailySentiment,
  buildTargets,
  computeFeatures,
  encodeFeatureBatch,
  featureBatchKey,
  getFeatureSet,
  sessionClock,
} from '@alphapulse/features';
import type { Logger } from '@alphapulse/logger';
import { type JobPayload, PermanentJobError } from '@alphapulse/queue';
import type { ObjectStore } from '@alphapulse/storage';
import { FeatureBatchRepository } from '@alphapulse/tracking';
import { BarRepository } from '../../repositories/bar-repository.ts';
import { NewsRepository } from '../../repositories/news-repository.ts';

export interface PublishedBatch {
  batchId: string;
  contentHash: string;
  objectKey: string;
  rows: number;
  symbols: string[];
  /** Symbols asked for that had no stored bars (their fetch failed or returned nothing). */
  missing: string[];
  /** False when the identical batch had been published before (a no-op). */
  created: boolean;
  /** Stored bars left out because their session had not closed when the batch was built. */
  openSessions: number;
}

/** When a daily session's data becomes available: the exchange close in its time zone. */
function sessionOf(instrument: { timezone?: string | null; instrumentType?: string | null } | undefined) {
  if (instrument?.instrumentType?.toUpperCase() === 'CRYPTOCURRENCY') return { timezone: 'UTC', close: '23:59', weekends: true };
  return { timezone: instrument?.timezone ?? 'America/New_York', close: '16:00' };
}

/**
 * Turns stored bars and headlines into one content-addressed feature batch: computed point in
 * time, written once to the object store and recorded in Postgres. Identical inputs give the
 * identical batch id, so publishing twice is a no-op.
 */
export class FeaturesService {
  private readonly bars: BarRepository;
  private readonly news: NewsRepository;
  private readonly batches: FeatureBatchRepository;

  constructor(
    db: Db,
    private readonly store: ObjectStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.bars = new BarRepository(db);
    this.news = new NewsRepository(db);
    this.batches = new FeatureBatchRepository(db);
  }

  async publish(p: Pick<JobPayload<'features.build'>, 'symbols' | 'featureSet' | 'from' | 'asOf' | 'synthetic'>): Promise<PublishedBatch> {
    const set = getFeatureSet(p.featureSet);
    const from = p.from ? new Date(`${p.from}T00:00:00Z`) : undefined;
    const to = p.asOf ? new Date(`${p.asOf}T23:59:59Z`) : undefined;
    const parts = [];
    const missing: string[] = [];
    const publishedAt = this.now();
    let openSessions = 0;
    for (const symbol of [...new Set(p.symbols)].sort()) {
      const stored = await this.bars.loadBars(symbol, '1d', { from, to });
      const session = sessionOf(await this.bars.getInstrument(symbol));
      // A bar stored mid-session is not data yet: as a row its close is provisional, and as the
      // next bar it would hand the previous row a label that can still change.
      const clock = sessionClock(session);
      const bars = stored.filter((b) => clock.closeInstant(clock.barSessionDay(b.ts.getTime())) <= publishedAt);
      openSessions += stored.length - bars.length;
      if (bars.length === 0) {
        missing.push(symbol);
        continue;
      }
      const headlines = await this.news.headlinesFor(symbol, { from, to });
      const sentiment = aggregateDailySentiment(headlines, session).filter((r) => r.symbol === symbol);
      const frame = computeFeatures(bars, { set: set.name, sentiment, session });
      parts.push({ symbol, frame, targets: buildTargets(bars) });
    }
    if (parts.length === 0) {
      throw new PermanentJobError(`no stored bars for any of ${p.symbols.join(', ')}: nothing to build features from`);
    }
    const batch = encodeFeatureBatch({ featureSet: set, parts });
    const objectKey = featureBatchKey(set.name, batch.id);
    if (!(await this.store.exists(objectKey))) await this.store.put(objectKey, batch.bytes, 'application/octet-stream');
    const { created } = await this.batches.record({
      id: batch.id,
      featureSetHash: set.hash,
      featureSetName: set.name,
      featureSetVersion: set.version,
      featureSetDefinition: set.definition,
      symbols: batch.symbols,
      startTs: batch.startTs,
      endTs: batch.endTs,
      rows: batch.rows,
      contentHash: batch.contentHash,
      objectKey,
      synthetic: p.synthetic ?? false,
    });
    this.logger.info({ batchId: batch.id, rows: batch.rows, symbols: batch.symbols, missing, created, openSessions }, 'feature batch published');
    return { batchId: batch.id, contentHash: batch.contentHash, objectKey, rows: batch.rows, symbols: batch.symbols, missing, created, openSessions };
  }
}
