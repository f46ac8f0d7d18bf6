import { schemas } from '@alphapulse/queue';

/** One configured news feed: the URL and the symbols every item of it concerns (may be empty). */
export interface FeedSpec {
  url: string;
  symbols: string[];
  name?: string;
}

export class FeedListError extends Error {
  constructor(message: string) {
    super(`NEWS_FEEDS: ${message}`);
    this.name = 'FeedListError';
  }
}

/**
 * Parses NEWS_FEEDS. Format: feeds separated by `;` or newlines; each feed is
 * `URL[|SYMBOLS[|NAME]]`, SYMBOLS separated by spaces or commas (empty for a market-wide feed):
 *
 *   https://feeds.finance.yahoo.com/rss/2.0/headline?s=AAPL&region=US&lang=en-US|AAPL;
 *   https://www.cnbc.com/id/100003114/device/rss/rss.html||CNBC top news
 *
 * Throws FeedListError naming NEWS_FEEDS, the entry number and what is wrong.
 */
export function parseFeedList(text: string): FeedSpec[] {
  const entries = text.split(/[;\n]/).map((e) => e.trim()).filter(Boolean);
  const feeds: FeedSpec[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const [rawUrl, rawSymbols = '', rawName] = entry.split('|').map((p) => p.trim());
    const where = `entry ${i + 1} (${JSON.stringify(entry.length > 80 ? `${entry.slice(0, 77)}...` : entry)})`;
    const parsed = schemas['news.fetch'].safeParse({
      url: rawUrl,
      symbols: rawSymbols.split(/[\s,]+/).filter(Boolean),
      ...(rawName ? { name: rawName } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path[0] === 'url' ? 'URL (http or https)' : issue.path[0] === 'symbols' ? `symbol ${JSON.stringify(rawSymbols.split(/[\s,]+/)[Number(issue.path[1])])}` : String(issue.path[0]);
      throw new FeedListError(`${where}: bad ${field}: ${issue.message}. Expected URL|SYM1 SYM2[|name], feeds separated by ';'`);
    }
    if (seen.has(parsed.data.url)) throw new FeedListError(`${where}: the feed ${parsed.data.url} is listed twice`);
    seen.add(parsed.data.url);
    feeds.push({ url: parsed.data.url, symbols: parsed.data.symbols, ...(parsed.data.name ? { name: parsed.data.name } : {}) });
  });
  return feeds;
}
