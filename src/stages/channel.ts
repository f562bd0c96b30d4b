// Reading one discovery channel of a source, written once for the crawl and `sources check`: a feed (rss,
// atom) through the feed stage, a sitemap (an index's newest children included) or a listing page through the
// same fetch path (politeness, robots, conditional GET, limits) and the same tagged result as a feed.
// Guarantees: never throws; a sitemap or listing that robots.txt forbids is an error of its own
// (robots_disallowed), never fetched; an index's children are read without validators (they rotate), the
// index itself with them; a listing layout that does not match is a SELECTOR_MISS, never zero items.
import type { load as LoadFn } from 'cheerio/slim';
import type { Channel, FeedItem, FetchOutcome, Fetcher, SourceConfig, Validators } from '../types.js';
import { CrawlError, SKIPPED_CODES, errorMessage, type ErrorCode } from '../errors.js';
import { BlockedError, detectChallenge } from '../fetch/challenge.js';
import { decodeBytes } from '../fetch/decode.js';
import { adapterById } from '../adapters/index.js';
import { parseHtml } from '../adapters/engine.js';
import { childSitemapsToRead, gunzipIfNeeded, parseSitemap } from '../discover/sitemap.js';
import { isFeedKind } from '../discover/channels.js';
import { parseListing } from '../discover/listing.js';
import { readFeed, type FeedFacts, type FeedFailure, type FeedRead, type ReadFeedOptions } from './feed.js';

export type ChannelSource = Pick<SourceConfig, 'id' | 'encoding' | 'timeZone' | 'adapter' | 'maxBodyBytes'>;

type Failed = Extract<FeedRead, { kind: 'failed' }>;
type Fresh = Extract<FetchOutcome, { kind: 'fresh' }>;

function failed(status: FeedFailure, code: ErrorCode, message: string, facts: FeedFacts): Failed {
  return { kind: 'failed', status, code, message, facts };
}

function thrown(e: unknown, facts: FeedFacts): Failed {
  const code = e instanceof CrawlError ? e.code : 'internal_error';
  const withStatus = e instanceof CrawlError && e.status ? { ...facts, httpStatus: e.status } : facts;
  const f = failed(code === 'blocked' ? 'blocked' : 'error', code, errorMessage(e), withStatus);
  return e instanceof BlockedError ? { ...f, vendor: e.vendor } : f;
}

/** One GET of a sitemap or listing; a skip becomes its failure (robots: an error, the rest: deferred). */
async function fetchChannel(
  fetcher: Fetcher,
  source: ChannelSource,
  url: string,
  kind: 'sitemap' | 'listing',
  validators?: Validators,
): Promise<Fresh | FeedRead> {
  let outcome: FetchOutcome;
  try {
    outcome = await fetcher.fetch({ url, kind, sourceId: source.id, ...(validators ? { validators } : {}) });
  } catch (e) {
    return thrown(e, {});
  }
  if (outcome.kind === 'not-modified') return { kind: 'not_modified', facts: {} };
  if (outcome.kind === 'skipped') {
    if (outcome.reason === 'robots')
      return failed('error', 'robots_disallowed', `robots.txt disallows ${url}: this ${kind} is not read`, {});
    return failed(
      'deferred',
      SKIPPED_CODES[outcome.reason],
      outcome.detail,
      outcome.retryAfterMs ? { retryAfterMs: outcome.retryAfterMs } : {},
    );
  }
  return outcome;
}

function decoded(outcome: Fresh, source: ChannelSource, kind: 'xml' | 'html', facts: FeedFacts): string | Failed {
  const body = kind === 'xml' ? gunzipIfNeeded(outcome.body, source.maxBodyBytes) : outcome.body;
  const doc = decodeBytes(body, { contentType: outcome.headers['content-type'], hint: source.encoding, kind });
  Object.assign(facts, { charset: doc.charset, charsetSource: doc.charsetSource }, outcome.movedTo ? { movedTo: outcome.movedTo } : {});
  const challenge = detectChallenge(doc.text, outcome.headers);
  if (challenge)
    return {
      ...failed('blocked', 'blocked', `anti-bot challenge page (${challenge.vendor}) instead of the channel`, facts),
      vendor: challenge.vendor,
    };
  return doc.text;
}

async function readSitemap(fetcher: Fetcher, source: ChannelSource, url: string, opts: ReadFeedOptions): Promise<FeedRead> {
  const first = await fetchChannel(fetcher, source, url, 'sitemap', opts.validators);
  if (first.kind !== 'fresh') return first;
  const facts: FeedFacts = {};
  try {
    const text = decoded(first, source, 'xml', facts);
    if (typeof text !== 'string') return text;
    const ctx = { url: first.finalUrl, timeZone: source.timeZone, now: opts.now };
    const parsed = parseSitemap(text, ctx);
    if (parsed.kind === 'not_a_sitemap') return failed('not_a_feed', 'not_a_sitemap', parsed.reason, facts);
    if (parsed.kind === 'urlset')
      return {
        kind: 'items',
        items: parsed.items,
        validators: first.validators,
        parseMode: 'strict',
        finalUrl: first.finalUrl,
        facts,
        feed: { format: 'sitemap', dropped: parsed.dropped },
      };
    const items: FeedItem[] = [];
    let dropped = 0;
    for (const ref of childSitemapsToRead(parsed.sitemaps)) {
      const child = await fetchChannel(fetcher, source, ref.url, 'sitemap');
      if (child.kind !== 'fresh') return child.kind === 'failed' ? { ...child, message: `${ref.url}: ${child.message}`, facts } : child;
      const childText = decoded(child, source, 'xml', {});
      if (typeof childText !== 'string') return childText;
      const sub = parseSitemap(childText, { ...ctx, url: child.finalUrl });
      if (sub.kind !== 'urlset')
        return failed('not_a_feed', 'not_a_sitemap', `${ref.url}: a child of a sitemap index must be a urlset`, facts);
      items.push(...sub.items);
      dropped += sub.dropped;
    }
    return {
      kind: 'items',
      items,
      validators: first.validators,
      parseMode: 'strict',
      finalUrl: first.finalUrl,
      facts,
      feed: { format: 'sitemap', dropped },
    };
  } catch (e) {
    return thrown(e, facts);
  }
}

async function readListing(fetcher: Fetcher, source: ChannelSource, url: string, opts: ReadFeedOptions): Promise<FeedRead> {
  const adapter = adapterById(source.adapter);
  if (!adapter?.listings?.length)
    return failed('error', 'no_listing_rules', `adapter ${source.adapter} has no listing layout: a listing channel cannot be read`, {});
  const res = await fetchChannel(fetcher, source, url, 'listing', opts.validators);
  if (res.kind !== 'fresh') return res;
  const facts: FeedFacts = {};
  try {
    const text = decoded(res, source, 'html', facts);
    if (typeof text !== 'string') return text;
    const $: ReturnType<typeof LoadFn> = parseHtml(text);
    const items = parseListing($, adapter, { url: res.finalUrl, timeZone: source.timeZone, now: opts.now });
    return {
      kind: 'items',
      items,
      validators: res.validators,
      parseMode: 'strict',
      finalUrl: res.finalUrl,
      facts,
      feed: { format: 'listing', dropped: 0 },
    };
  } catch (e) {
    return thrown(e, facts);
  }
}

/** Reads one channel of a source, whatever its kind. */
export async function readChannel(fetcher: Fetcher, source: ChannelSource, channel: Channel, opts: ReadFeedOptions): Promise<FeedRead> {
  if (isFeedKind(channel.kind)) return readFeed(fetcher, source, channel.url, opts);
  return channel.kind === 'sitemap' ? readSitemap(fetcher, source, channel.url, opts) : readListing(fetcher, source, channel.url, opts);
}

/** The newest item time a channel lists (ISO), or undefined when no item is dated. */
export function newestItemAt(items: readonly FeedItem[]): string | undefined {
  let best: { ms: number; iso: string } | undefined;
  for (const it of items) {
    const ms = it.publishedAt ? Date.parse(it.publishedAt) : NaN;
    if (Number.isFinite(ms) && (!best || ms > best.ms)) best = { ms, iso: it.publishedAt as string };
  }
  return best?.iso;
}
