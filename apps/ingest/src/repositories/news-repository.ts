import { sql } from 'drizzle-orm';
import type { Db } from '@alphapulse/db';
import { queryRows, textArrayLiteral } from './pg-arrays.ts';

export interface NewsItemInput {
  /** Stable id: the hash of the guid, else of the canonical link (see news/news-item-id.ts). */
  id: string;
  feed: string;
  guid?: string | null;
  link?: string | null;
  title: string;
  summary?: string | null;
  publishedAt: Date;
  symbols: string[];
  sentimentScore: number;
  sentimentWords: string[];
  synthetic?: boolean;
}

export interface HeadlineScore {
  publishedAt: Date;
  score: number;
  symbols: string[];
}

/** News items in Postgres, deduplicated on their id. */
export class NewsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores items not seen before. An item already stored is a duplicate; if it now concerns more
   * symbols (the same headline in two symbols' feeds), its symbol list is widened.
   */
  async upsertItems(items: readonly NewsItemInput[]): Promise<{ new: number; duplicate: number }> {
    const unique = [...new Map(items.map((i) => [i.id, i])).values()];
    let fresh = 0;
    for (const item of unique) {
      const [row] = await queryRows<{ is_new: boolean }>(
        this.db,
        sql`insert into news_items (id, feed, guid, link, title, summary, published_at, symbols, sentiment_score, sentiment_words, synthetic)
            values (${item.id}, ${item.feed}, ${item.guid ?? null}, ${item.link ?? null}, ${item.title}, ${item.summary ?? null},
              ${item.publishedAt.toISOString()}::timestamptz, ${textArrayLiteral([...new Set(item.symbols)].sort())}::text[],
              ${item.sentimentScore}, ${JSON.stringify(item.sentimentWords)}::jsonb, ${item.synthetic ?? false})
            on conflict (id) do update set
              symbols = array(select distinct s from unnest(news_items.symbols || excluded.symbols) as s order by s)
            where not (excluded.symbols <@ news_items.symbols)
            returning (xmax = 0) as is_new`,
      );
      if (row?.is_new === true || (row?.is_new as unknown) === 't') fresh++;
    }
    return { new: fresh, duplicate: items.length - fresh };
  }

  /** Scored headlines mentioning a symbol, published in [from, to], oldest first. */
  async headlinesFor(symbol: string, range: { from?: Date; to?: Date } = {}): Promise<HeadlineScore[]> {
    const rows = await queryRows<{ published_at: string | Date; sentiment_score: number; symbols: string[] }>(
      this.db,
      sql`select published_at, sentiment_score, symbols from news_items
          where ${symbol} = any(symbols)
            ${range.from ? sql`and published_at >= ${range.from.toISOString()}::timestamptz` : sql``}
            ${range.to ? sql`and published_at <= ${range.to.toISOString()}::timestamptz` : sql``}
          order by published_at, id`,
    );
    return rows.map((r) => ({ publishedAt: new Date(r.published_at), score: Number(r.sentiment_score), symbols: r.symbols }));
  }
}
