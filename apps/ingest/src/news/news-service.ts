import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import { BarRepository } from '../repositories/bar-repository.ts';
import { type NewsItemInput, NewsRepository } from '../repositories/news-repository.ts';
import { financeSentimentModel, scoreHeadline } from '../sentiment/finance-sentiment-model.ts';
import { fetchFeed } from './feed-client.ts';
import type { FeedSpec } from './feed-list.ts';
import { newsItemId } from './news-item-id.ts';
import { SymbolMatcher } from './symbol-matcher.ts';

/** What one news.fetch did. */
export interface NewsFetchResult {
  feed: string;
  /** Items stored for the first time. */
  new: number;
  /** Items already stored (same guid or canonical link). */
  duplicate: number;
  /** Items read from the feed (with a title). */
  items: number;
}

export interface NewsServiceDeps {
  db: Db;
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * Fetches a feed, scores each headline, matches it to symbols and stores new items. An item's
 * symbols are the feed's configured symbols plus those its title and summary mention (tickers and
 * company names, see SymbolMatcher). An item without a usable date is stamped with the fetch time:
 * never earlier than we could have known it, so features stay point in time.
 */
export class NewsService {
  private readonly news: NewsRepository;
  private readonly bars: BarRepository;
  private readonly now: () => Date;

  constructor(private readonly deps: NewsServiceDeps) {
    this.news = new NewsRepository(deps.db);
    this.bars = new BarRepository(deps.db);
    this.now = deps.now ?? (() => new Date());
    // Load the model now, not in the middle of a fetch: its synchronous load would stall the
    // event loop while other feeds' requests are in flight.
    financeSentimentModel();
  }

  async fetchFeed(spec: FeedSpec): Promise<NewsFetchResult> {
    const fetched = await fetchFeed(spec.url, { timeoutMs: this.deps.timeoutMs });
    const fetchedAt = this.now();
    const matcher = new SymbolMatcher(await this.bars.listInstruments());
    const feedName = spec.name ?? fetched.title ?? spec.url;
    const items: NewsItemInput[] = fetched.entries.map((entry) => {
      const sentiment = scoreHeadline(entry.title);
      const symbols = new Set([...spec.symbols, ...matcher.match(`${entry.title}\n${entry.summary ?? ''}`)]);
      return {
        id: newsItemId({ guid: entry.guid, link: entry.link, title: entry.title, feed: spec.url }),
        feed: feedName,
        guid: entry.guid ?? null,
        link: entry.link ?? null,
        title: entry.title,
        summary: entry.summary ?? null,
        publishedAt: entry.publishedAt && entry.publishedAt.getTime() <= fetchedAt.getTime() ? entry.publishedAt : fetchedAt,
        symbols: [...symbols].sort(),
        sentimentScore: sentiment.score,
        sentimentWords: sentiment.words,
      };
    });
    const counts = await this.news.upsertItems(items);
    if (fetched.untitled) this.deps.logger?.warn({ feed: spec.url, untitled: fetched.untitled }, 'feed items without a title left out');
    return { feed: spec.url, new: counts.new, duplicate: counts.duplicate, items: items.length };
  }
}
