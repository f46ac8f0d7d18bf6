export { type FeedEntry, FeedError, type FetchedFeed, FeedUnavailableError, fetchFeed } from './feed-client.ts';
export { FeedListError, type FeedSpec, parseFeedList } from './feed-list.ts';
export { canonicalLink, newsItemId } from './news-item-id.ts';
export { type NewsFetchResult, NewsService, type NewsServiceDeps } from './news-service.ts';
export { BUILTIN_ALIASES, shortCompanyName, type SymbolAliasSource, SymbolMatcher } from './symbol-matcher.ts';
