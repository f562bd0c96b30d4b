// Reading a feed, written once: fetch outcome → decode → challenge check → parse → items. The crawl, `sources
// check` and `record` all call it, so what the canary reports for a feed is what a crawl will do with it.
// Guarantee: every way a feed can fail comes back as a tagged status with a stable code, never as a throw.
import type { CharsetSource, FeedItem, FetchOutcome, Fetcher, SourceConfig, Validators } from '../types.js';
import { CrawlError, SKIPPED_CODES, errorMessage, type ErrorCode } from '../errors.js';
import { BlockedError, detectChallenge } from '../fetch/challenge.js';
import { decodeBytes } from '../fetch/decode.js';
import { parseFeed } from '../feed.js';

/** What was learned about the response on the way, kept whatever the outcome (the run report shows it). */
export interface FeedFacts {
  movedTo?: string;
  charset?: string;
  charsetSource?: CharsetSource;
  httpStatus?: number;
  retryAfterMs?: number;
}

/** What the feed says of itself: its title, its format, and entries left out (beyond the item cap). */
export interface FeedMeta {
  title?: string;
  /** 'sitemap' and 'listing': a discovery channel read by src/stages/channel.ts. */
  format: 'rss' | 'atom' | 'rdf' | 'cdf' | 'sitemap' | 'listing';
  dropped: number;
}

export type FeedFailure = 'deferred' | 'blocked' | 'not_a_feed' | 'error';

export type FeedRead =
  | {
      kind: 'items';
      items: FeedItem[];
      validators: Validators;
      parseMode: 'strict' | 'lenient';
      finalUrl: string;
      facts: FeedFacts;
      feed: FeedMeta;
    }
  | { kind: 'not_modified'; facts: FeedFacts }
  | { kind: 'failed'; status: FeedFailure; code: ErrorCode; message: string; vendor?: string; facts: FeedFacts };

export type FeedSource = Pick<SourceConfig, 'id' | 'encoding' | 'timeZone'>;

export interface ReadFeedOptions {
  validators?: Validators;
  now: Date;
}

/** Fetches one feed URL of a source and reads it. */
export async function readFeed(fetcher: Fetcher, source: FeedSource, url: string, opts: ReadFeedOptions): Promise<FeedRead> {
  let outcome: FetchOutcome;
  try {
    outcome = await fetcher.fetch({ url, kind: 'feed', sourceId: source.id, ...(opts.validators ? { validators: opts.validators } : {}) });
  } catch (e) {
    return thrown(e, {});
  }
  return feedFromOutcome(outcome, source, opts.now);
}

/** Reads a fetch outcome as a feed (also for a response already on disk, as `record` has). */
export async function feedFromOutcome(
  outcome: FetchOutcome,
  source: Pick<SourceConfig, 'encoding' | 'timeZone'>,
  now: Date,
): Promise<FeedRead> {
  if (outcome.kind === 'not-modified') return { kind: 'not_modified', facts: {} };
  if (outcome.kind === 'skipped') {
    return failed(
      'deferred',
      SKIPPED_CODES[outcome.reason],
      outcome.detail,
      outcome.retryAfterMs ? { retryAfterMs: outcome.retryAfterMs } : {},
    );
  }
  const facts: FeedFacts = outcome.movedTo ? { movedTo: outcome.movedTo } : {};
  try {
    const doc = decodeBytes(outcome.body, { contentType: outcome.headers['content-type'], hint: source.encoding, kind: 'xml' });
    Object.assign(facts, { charset: doc.charset, charsetSource: doc.charsetSource });
    const challenge = detectChallenge(doc.text, outcome.headers);
    if (challenge)
      return {
        ...failed('blocked', 'blocked', `anti-bot challenge page (${challenge.vendor}) instead of a feed`, facts),
        vendor: challenge.vendor,
      };
    const parsed = await parseFeed(doc.text, { feedUrl: outcome.finalUrl, timeZone: source.timeZone, now });
    if (parsed.kind === 'blocked') return { ...failed('blocked', 'blocked', parsed.vendor, facts), vendor: parsed.vendor };
    if (parsed.kind === 'not_a_feed') return failed('not_a_feed', 'not_a_feed', parsed.reason, facts);
    const feed: FeedMeta = { ...(parsed.title ? { title: parsed.title } : {}), format: parsed.format, dropped: parsed.dropped };
    return {
      kind: 'items',
      items: parsed.items,
      validators: outcome.validators,
      parseMode: parsed.parseMode,
      finalUrl: outcome.finalUrl,
      facts,
      feed,
    };
  } catch (e) {
    return thrown(e, facts);
  }
}

function failed(status: FeedFailure, code: ErrorCode, message: string, facts: FeedFacts): Extract<FeedRead, { kind: 'failed' }> {
  return { kind: 'failed', status, code, message, facts };
}

/** A challenge wall answering 403/503 is `blocked`, not an error: the fix is a browser, not a retry. */
function thrown(e: unknown, facts: FeedFacts): FeedRead {
  const code = e instanceof CrawlError ? e.code : 'internal_error';
  const status = e instanceof CrawlError ? e.status : undefined;
  const withStatus = status ? { ...facts, httpStatus: status } : facts;
  const f = failed(code === 'blocked' ? 'blocked' : 'error', code, errorMessage(e), withStatus);
  return e instanceof BlockedError ? { ...f, vendor: e.vendor } : f;
}
