// A source's discovery channels. sources.json names them in `channels` ({kind, url}); the older `feeds` (rss)
// and `listPages` (listing) lists are read as channels too, in that order, so a config written before channels
// existed keeps working unchanged. Freshness: a channel that answers but whose newest item is older than the
// source's threshold is `stale`.
import type { Channel, ChannelKind, SourceConfig } from '../types.js';

export const CHANNEL_DEFAULTS = {
  /** "A few days": four, a long weekend of silence and a day more. The outlets watched publish hourly, so
   *  this flags a dead channel within a week without calling a quiet holiday dead; a source that publishes
   *  less (the MFA) sets its own staleAfterHours. */
  staleAfterHours: 96,
  /** Child sitemaps read from a sitemap index per run, newest lastmod first (news sitemaps are rotated). */
  maxChildSitemaps: 3,
  /** Items kept from one sitemap or listing, newest first: a discovery channel, not an archive crawl. */
  maxItemsPerChannel: 200,
} as const;

export const CHANNEL_KINDS: readonly ChannelKind[] = ['rss', 'atom', 'sitemap', 'listing'];

/** Feeds (rss, atom) are parsed as feeds; the other kinds by their own parsers. */
export function isFeedKind(kind: ChannelKind): boolean {
  return kind === 'rss' || kind === 'atom';
}

export function channelsOf(source: Pick<SourceConfig, 'feeds' | 'listPages' | 'channels'>): Channel[] {
  if (source.channels) return source.channels;
  return [
    ...source.feeds.map((url): Channel => ({ kind: 'rss', url })),
    ...source.listPages.map((url): Channel => ({ kind: 'listing', url })),
  ];
}

/** A channel's identity: its address as WHATWG URL writes it (host case, default port, an empty path), so
 *  `https://TASS.com/rss/v2.xml` and `https://tass.com/rss/v2.xml` are one channel; undefined when it does not parse.
 *  The config's one-source-per-channel check and the commands that find a channel's source both use it. */
export function channelKey(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).href : undefined;
}

/** The source's threshold; the default where a source built in code names none. */
export function staleAfterMs(source: Pick<SourceConfig, 'staleAfterHours'>): number {
  return (source.staleAfterHours ?? CHANNEL_DEFAULTS.staleAfterHours) * 3_600_000;
}

/** Fresh or stale from the newest item time; an unknown time (no dated item) is never called stale, and a source
 *  built in code without a threshold (validated configs always have one) judges no freshness. */
export function isStale(newestItemAt: string | undefined, source: Pick<SourceConfig, 'staleAfterHours'>, now: Date): boolean {
  if (!newestItemAt || source.staleAfterHours === undefined) return false;
  const t = Date.parse(newestItemAt);
  return Number.isFinite(t) && now.getTime() - t > staleAfterMs(source);
}
