import Parser from 'rss-parser';
import { PermanentJobError } from '@alphapulse/queue';

/** The feed answered but can never be read as it is (HTTP 4xx, malformed XML, not RSS/Atom): not retried. */
export class FeedError extends PermanentJobError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`feed ${url}: ${reason}`);
    this.name = 'FeedError';
  }
}

/** The feed could not be reached this time (timeout, network, HTTP 5xx/429): retried with backoff. */
export class FeedUnavailableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`feed ${url}: ${reason}`);
    this.name = 'FeedUnavailableError';
  }
}

export interface FeedEntry {
  title: string;
  link?: string;
  guid?: string;
  summary?: string;
  /** Parsed publication time, undefined when the feed gives none or an unreadable one. */
  publishedAt?: Date;
}

export interface FetchedFeed {
  title?: string;
  entries: FeedEntry[];
  /** Entries without a title, left out. */
  untitled: number;
}

const parser = new Parser();

function publishedAt(item: { isoDate?: string; pubDate?: string }): Date | undefined {
  for (const raw of [item.isoDate, item.pubDate]) {
    if (!raw) continue;
    const d = new Date(raw);
    if (Number.isFinite(d.getTime())) return d;
  }
  return undefined;
}

/**
 * Downloads and parses an RSS 2.0 or Atom feed. Throws FeedError (permanent) for an HTTP 4xx or a
 * document that is not a readable feed, FeedUnavailableError (retryable) for a timeout, network
 * error, 429 or 5xx; both name the reason.
 */
export async function fetchFeed(url: string, { timeoutMs = 15_000 } = {}): Promise<FetchedFeed> {
  let body: string;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8', 'user-agent': 'AlphaPulse/0.1 (+news ingest)' },
      redirect: 'follow',
    });
    body = await response.text();
    if (response.status === 429 || response.status >= 500) throw new FeedUnavailableError(url, `HTTP ${response.status} ${response.statusText}`.trim());
    if (!response.ok) throw new FeedError(url, `HTTP ${response.status} ${response.statusText}`.trim());
  } catch (err) {
    if (err instanceof FeedError || err instanceof FeedUnavailableError) throw err;
    const e = err as Error;
    const reason = e?.name === 'TimeoutError' || e?.name === 'AbortError' ? `timed out after ${timeoutMs} ms` : `network error: ${e?.message ?? String(err)}`;
    throw new FeedUnavailableError(url, reason);
  }
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(body);
  } catch (err) {
    throw new FeedError(url, `not a readable RSS or Atom document: ${(err as Error).message.split('\n')[0]}`);
  }
  const entries: FeedEntry[] = [];
  let untitled = 0;
  for (const item of feed.items ?? []) {
    const title = item.title?.replace(/\s+/g, ' ').trim();
    if (!title) {
      untitled++;
      continue;
    }
    const guid = (item.guid ?? (item as { id?: string }).id)?.toString().trim() || undefined;
    entries.push({ title, link: item.link?.trim() || undefined, guid, summary: item.contentSnippet?.trim() || undefined, publishedAt: publishedAt(item) });
  }
  return { title: feed.title, entries, untitled };
}
