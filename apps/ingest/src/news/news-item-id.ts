import { createHash } from 'node:crypto';

const TRACKING_PARAMS = /^(utm_[a-z]+|guccounter|guce_referrer|guce_referrer_sig|ncid|soc_src|soc_trk|cmpid|fbclid|gclid|ref|src|.tsrc)$/i;

/**
 * The canonical form of an article link, so one article reached through different links is one
 * item: lowercase scheme and host, no `www.`, no fragment, no tracking parameters, remaining query
 * parameters sorted, no trailing slash. Returns undefined for a value that is not an http(s) URL.
 */
export function canonicalLink(link: string | undefined | null): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const params = [...url.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k)).sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  return `https://${host}${url.port ? `:${url.port}` : ''}${path}${query}`;
}

/**
 * A news item's id: the hash of its guid when the feed gives one (guids that are just the link
 * are canonicalised like links), else of its canonical link, else of feed + title (a last resort
 * for feeds with neither).
 */
export function newsItemId(item: { guid?: string | null; link?: string | null; title: string; feed: string }): string {
  const guid = item.guid?.trim();
  const key = guid
    ? `guid:${canonicalLink(guid) ?? guid}`
    : canonicalLink(item.link)
      ? `link:${canonicalLink(item.link)}`
      : `title:${item.feed}\n${item.title.trim().toLowerCase()}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
