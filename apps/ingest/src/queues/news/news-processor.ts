import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobHandler } from '@alphapulse/queue';
import { type NewsFetchResult, NewsService } from '../../news/news-service.ts';

export interface NewsHandlerDeps {
  db: Db;
  logger: Logger;
  /** Per-request timeout for feeds (default 15 s). */
  feedTimeoutMs?: number;
}

/**
 * The `news.fetch` handler: one feed per job. A 404 or malformed document fails the job at once
 * with the reason (FeedError); a timeout, 429 or 5xx is retried with the catalog's backoff.
 */
export function createNewsHandler(deps: NewsHandlerDeps): JobHandler<'news.fetch'> {
  const service = new NewsService({ db: deps.db, logger: deps.logger, timeoutMs: deps.feedTimeoutMs });
  return async (payload, job): Promise<NewsFetchResult> => {
    const result = await service.fetchFeed({ url: payload.url, symbols: payload.symbols, name: payload.name });
    deps.logger.info({ jobId: job.id, ...result }, 'feed fetched');
    return result;
  };
}
