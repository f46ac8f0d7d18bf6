import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { SENTIMENT_POLAR_THRESHOLD } from '@alphapulse/features';
import { BarRepository } from '../repositories/bar-repository.ts';
import { NewsRepository } from '../repositories/news-repository.ts';
import { FeedError, FeedUnavailableError } from './feed-client.ts';
import { type FeedFixtureServer, startFeedFixtureServer } from './feed-fixture-server.ts';
import { NewsService } from './news-service.ts';

let db: TestDatabase;
let feeds: FeedFixtureServer;
let service: NewsService;
const fetchedAt = new Date('2024-02-06T00:00:00Z');

beforeAll(async () => {
  [db, feeds] = await Promise.all([createTestDatabase(), startFeedFixtureServer()]);
  await new BarRepository(db.db).upsertInstrument({ symbol: 'WSU.DE', name: 'WashTec AG', currency: 'EUR', timezone: 'Europe/Berlin', source: 'yahoo' });
  service = new NewsService({ db: db.db, timeoutMs: 3_000, now: () => fetchedAt });
});
afterAll(async () => Promise.all([db.drop(), feeds.close()]));

describe('NewsService on loopback feeds', () => {
  it('stores a Yahoo headline RSS: scored, matched to symbols, UTC times, untitled items left out', async () => {
    const r = await service.fetchFeed({ url: feeds.url('/yahoo/AAPL'), symbols: ['AAPL'] });
    expect(r).toEqual({ feed: feeds.url('/yahoo/AAPL'), new: 3, duplicate: 0, items: 3 });
    const repo = new NewsRepository(db.db);
    const aapl = await repo.headlinesFor('AAPL');
    expect(aapl.map((h) => h.publishedAt.toISOString())).toEqual(['2024-02-01T21:35:01.000Z', '2024-02-02T14:30:00.000Z', '2024-02-05T12:00:00.000Z']);
    expect(aapl[0].score).toBeGreaterThan(0); // "beats estimates ... record"
    expect(aapl[1].score).toBeLessThan(0); // "slide ... drops"
    // A meeting date: neutral, a small lean at most (the model scores P(bullish) − P(bearish)).
    expect(Math.abs(aapl[2].score)).toBeLessThan(SENTIMENT_POLAR_THRESHOLD);
    expect(aapl[1].symbols).toEqual(['AAPL', 'MSFT', 'NVDA']); // feed symbol + (MSFT) + $NVDA
    expect(await repo.headlinesFor('MSFT', { from: new Date('2024-02-02T00:00:00Z'), to: new Date('2024-02-03T00:00:00Z') })).toHaveLength(1);
  });

  it('is idempotent: fetching the same feed again stores nothing new', async () => {
    expect(await service.fetchFeed({ url: feeds.url('/yahoo/AAPL'), symbols: ['AAPL'] })).toMatchObject({ new: 0, duplicate: 3 });
  });

  it('reads an Atom feed, converting offsets to UTC and matching company names', async () => {
    const r = await service.fetchFeed({ url: feeds.url('/atom'), symbols: [] });
    expect(r).toMatchObject({ new: 3, duplicate: 0 });
    const repo = new NewsRepository(db.db);
    const [nvda] = await repo.headlinesFor('NVDA', { from: new Date('2024-02-05T00:00:00Z') });
    expect(nvda.publishedAt.toISOString()).toBe('2024-02-05T21:05:00.000Z');
    expect(nvda.score).toBeGreaterThan(0);
    const [wsu] = await repo.headlinesFor('WSU.DE');
    expect(wsu.publishedAt.toISOString()).toBe('2024-02-05T08:15:00.000Z');
    expect(wsu.score).toBeLessThan(0);
  });

  it('fails a malformed feed or a 404 permanently, and a timeout as retryable, each with the reason', async () => {
    await expect(service.fetchFeed({ url: feeds.url('/broken'), symbols: [] })).rejects.toThrow(FeedError);
    await expect(service.fetchFeed({ url: feeds.url('/broken'), symbols: [] })).rejects.toThrow(/not a readable RSS or Atom document/);
    await expect(service.fetchFeed({ url: feeds.url('/missing'), symbols: [] })).rejects.toThrow(/HTTP 404/);
    const slow = await service.fetchFeed({ url: feeds.url('/slow'), symbols: [] }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(FeedUnavailableError);
    expect((slow as Error).message).toMatch(/timed out after 3000 ms/);
  });
});
