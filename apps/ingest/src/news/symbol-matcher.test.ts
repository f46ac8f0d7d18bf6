import { describe, expect, it } from 'vitest';
import { canonicalLink, newsItemId } from './news-item-id.ts';
import { shortCompanyName, SymbolMatcher } from './symbol-matcher.ts';

describe('SymbolMatcher', () => {
  const matcher = new SymbolMatcher([
    { symbol: 'WSU.DE', name: 'WashTec AG' },
    { symbol: 'NVDA', name: 'NVIDIA Corporation' },
    { symbol: 'ACME', name: 'Acme Widgets Inc.', aliases: ['Acme'] },
  ]);

  it('matches cashtags, framed tickers and company names', () => {
    expect(matcher.match('$TSLA and $NVDA lead; $btc too')).toEqual(['BTC-USD', 'NVDA', 'TSLA']);
    expect(matcher.match('Acme Widgets (ACME) and "AAPL" rise; NASDAQ: MSFT flat')).toEqual(['AAPL', 'ACME', 'MSFT']);
    expect(matcher.match('WashTec shares plunge')).toEqual(['WSU.DE']);
    expect(matcher.match('Nvidia and apple rally')).toEqual(['AAPL', 'NVDA']);
  });

  it('does not match parts of words, unknown framed acronyms or costs in dollars', () => {
    expect(matcher.match('Artificial intelligence (AI) spending rises to $300 billion')).toEqual([]);
    expect(matcher.match('Pineapple prices; Intelligence report; Acmeville news')).toEqual([]);
  });

  it('shortens company names to what headlines say', () => {
    expect(shortCompanyName('Apple Inc.')).toBe('Apple');
    expect(shortCompanyName('NVIDIA Corporation')).toBe('NVIDIA');
    expect(shortCompanyName('Tesla, Inc.')).toBe('Tesla');
    expect(shortCompanyName('Berkshire Hathaway Inc. Class B')).toBe('Berkshire Hathaway');
  });
});

describe('news item ids', () => {
  it('treat links differing only by tracking parameters, www, case or a trailing slash as one article', () => {
    expect(canonicalLink('https://WWW.Example.org/a/b/?utm_source=x&id=3&.tsrc=rss#top')).toBe('https://example.org/a/b?id=3');
    const a = newsItemId({ link: 'https://finance.yahoo.com/news/x.html?.tsrc=rss', title: 'T', feed: 'f1' });
    const b = newsItemId({ link: 'https://finance.yahoo.com/news/x.html', title: 'Other title', feed: 'f2' });
    expect(a).toBe(b);
  });

  it('prefer the guid over the link', () => {
    const a = newsItemId({ guid: 'abc', link: 'https://x.example/1', title: 'T', feed: 'f' });
    const b = newsItemId({ guid: 'abc', link: 'https://x.example/2', title: 'T', feed: 'f' });
    const c = newsItemId({ guid: 'abd', link: 'https://x.example/1', title: 'T', feed: 'f' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
