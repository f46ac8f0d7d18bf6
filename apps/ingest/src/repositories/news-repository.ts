import { sql } from 'drizzle-orm';
import type { Db } from '@alphapulse/db';
import { numberArrayLiteral, queryRows, textArrayLiteral, timestampArrayLiteral } from './pg-arrays.ts';

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

  /**
   * Stores single-symbol items in one set-based statement per chunk, ignoring ids already stored
   * (no symbol widening): the bulk path for a source whose items each concern one known symbol,
   * such as the synthetic sample. Returns how many were new.
   */
  async insertSingleSymbolItems(items: readonly NewsItemInput[]): Promise<{ new: number; duplicate: number }> {
    let fresh = 0;
    for (let i = 0; i < items.length; i += 2_000) {
      const chunk = items.slice(i, i + 2_000);
      const rows = await queryRows<{ id: string }>(
        this.db,
        sql`insert into news_items (id, feed, guid, title, published_at, symbols, sentiment_score, sentiment_words, synthetic)
            select u.id, u.feed, u.guid, u.title, u.published_at, array[u.symbol], u.score, u.words::jsonb, u.synthetic
            from unnest(${textArrayLiteral(chunk.map((x) => x.id))}::text[], ${textArrayLiteral(chunk.map((x) => x.feed))}::text[],
                        ${textArrayLiteral(chunk.map((x) => x.guid ?? null))}::text[], ${textArrayLiteral(chunk.map((x) => x.title))}::text[],
                        ${timestampArrayLiteral(chunk.map((x) => x.publishedAt), 'publishedAt')}::timestamptz[],
                        ${textArrayLiteral(chunk.map((x) => x.symbols[0]))}::text[],
                        ${numberArrayLiteral(chunk.map((x) => x.sentimentScore), 'sentimentScore')}::float8[],
                        ${textArrayLiteral(chunk.map((x) => JSON.stringify(x.sentimentWords)))}::text[],
                        ${`{${chunk.map((x) => (x.synthetic ? 't' : 'f')).join(',')}}`}::boolean[])
                 as u(id, feed, guid, title, published_at, symbol, score, words, synthetic)
            on conflict (id) do nothing
            returning id`,
      );
      fresh += rows.length;
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
