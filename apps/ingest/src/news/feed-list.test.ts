import { describe, expect, it } from 'vitest';
import { FeedListError, parseFeedList } from './feed-list.ts';

describe('parseFeedList (NEWS_FEEDS)', () => {
  it('reads url|symbols|name entries separated by ; or newlines', () => {
    const text = 'https://feeds.finance.yahoo.com/rss/2.0/headline?s=AAPL&region=US&lang=en-US|AAPL;\n https://example.org/markets.atom| aapl, msft |Markets wire\nhttps://example.org/all';
    expect(parseFeedList(text)).toEqual([
      { url: 'https://feeds.finance.yahoo.com/rss/2.0/headline?s=AAPL&region=US&lang=en-US', symbols: ['AAPL'] },
      { url: 'https://example.org/markets.atom', symbols: ['AAPL', 'MSFT'], name: 'Markets wire' },
      { url: 'https://example.org/all', symbols: [] },
    ]);
    expect(parseFeedList('')).toEqual([]);
  });

  it('names NEWS_FEEDS, the entry and the problem', () => {
    expect(() => parseFeedList('ftp://example.org/feed|AAPL')).toThrow(FeedListError);
    expect(() => parseFeedList('https://a.example/x|AAPL;not a url|MSFT')).toThrow(/^NEWS_FEEDS: entry 2 .*bad URL/);
    expect(() => parseFeedList('https://a.example/x|AAPL $$$')).toThrow(/NEWS_FEEDS: entry 1 .*bad symbol "\$\$\$"/);
    expect(() => parseFeedList('https://a.example/x;https://a.example/x|MSFT')).toThrow(/listed twice/);
  });
});
