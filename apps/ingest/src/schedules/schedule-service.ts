import type { Env } from '@alphapulse/config';
import { type JobProducer, jobOptions, parsePayload, QUEUES } from '@alphapulse/queue';
import { parseFeedList } from '../news/index.ts';
import { parseBarSchedules } from './bar-schedules.ts';

/**
 * Registers the repeatable work as BullMQ job schedulers: one `ingest.run` per market after its
 * close, one `news.fetch` per feed every NEWS_EVERY_MINUTES. Upserting by fixed scheduler ids makes
 * start-up idempotent: any number of ingest replicas end with the same schedulers.
 */
export class ScheduleService {
  constructor(
    private readonly producer: JobProducer,
    private readonly env: Env,
  ) {}

  private barSchedules() {
    return parseBarSchedules(this.env.BAR_SCHEDULES, { cron: this.env.BARS_CRON, timezone: this.env.BARS_CRON_TZ, symbols: this.env.SYMBOLS });
  }

  private static feedId(url: string): string {
    return `news-${Buffer.from(url).toString('base64url').slice(0, 40)}`;
  }

  /** The scheduler ids the configuration names (what Redis should hold). */
  expectedIds(): string[] {
    return [...this.barSchedules().map((s) => s.id), ...parseFeedList(this.env.NEWS_FEEDS).map((f) => ScheduleService.feedId(f.url))];
  }

  async upsertAll(): Promise<string[]> {
    const ids: string[] = [];
    for (const s of this.barSchedules()) {
      const data = parsePayload('ingest.run', { source: 'yahoo', symbols: s.symbols, mode: 'ultra_fast', train: true });
      const { attempts, backoff } = jobOptions('ingest.run', data);
      await this.producer.queue(QUEUES.features).upsertJobScheduler(
        s.id,
        { pattern: s.cron, tz: s.timezone },
        { name: 'ingest.run', data, opts: { attempts, backoff } },
      );
      ids.push(s.id);
    }
    for (const feed of parseFeedList(this.env.NEWS_FEEDS)) {
      const data = parsePayload('news.fetch', feed);
      const { attempts, backoff } = jobOptions('news.fetch', data);
      const id = ScheduleService.feedId(feed.url);
      await this.producer.queue(QUEUES.ingestNews).upsertJobScheduler(
        id,
        { every: this.env.NEWS_EVERY_MINUTES * 60_000 },
        { name: 'news.fetch', data, opts: { attempts, backoff } },
      );
      ids.push(id);
    }
    await this.removeStale(ids);
    return ids;
  }

  /** Drops schedulers this code once created that the configuration no longer names. */
  private async removeStale(keep: string[]): Promise<void> {
    for (const q of [QUEUES.features, QUEUES.ingestNews]) {
      for (const s of await this.producer.queue(q).getJobSchedulers(0, -1)) {
        const ours = s.key.startsWith('bars-daily-') || s.key.startsWith('news-');
        if (ours && !keep.includes(s.key)) await this.producer.queue(q).removeJobScheduler(s.key);
      }
    }
  }

  /** Every scheduler on the ingest queues with its next run. */
  async list(): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const q of [QUEUES.features, QUEUES.ingestNews]) {
      for (const s of await this.producer.queue(q).getJobSchedulers(0, -1, true)) {
        out.push({ queue: q, id: s.key, name: s.name, pattern: s.pattern ?? null, every: s.every ?? null, tz: s.tz ?? null, next: s.next ? new Date(s.next).toISOString() : null });
      }
    }
    return out;
  }
}
