// Reading an article page, written once: fetch outcome → decode → challenge check → adapter (generic fallback)
// → ExtractedPage, or a tagged failure. The crawl, `sources check`, `record` and `extract` all call it, so an
// anti-bot interstitial that answers 200 is `blocked` (with its vendor) everywhere, never a low-confidence
// generic extraction of the challenge script. Guarantee: never throws; every failure has a stable code.
import type { DecodedDoc, EncodedBody, ExtractedPage, FetchOutcome, Fetcher, Lang, SourceConfig } from '../types.js';
import type { SiteAdapter } from '../adapters/adapter.js';
import { adapterById, registry } from '../adapters/index.js';
import { CrawlError, NoBodyError, SKIPPED_CODES, errorMessage, type ErrorCode } from '../errors.js';
import { BlockedError, detectChallenge } from '../fetch/challenge.js';
import { decodeContent } from '../fetch/body.js';
import { extractReadable, mayBeChallengePage, readableDocument } from '../page.js';

export type PageRead =
  | {
      kind: 'page';
      page: ExtractedPage;
      /** How the page was decoded; not its text, which would keep a page-sized string alive (see below). */
      decoded: Omit<DecodedDoc, 'text'>;
      finalUrl: string;
      /** The body's decoded size when it arrived encoded and passed its `warnBytes`: the caller logs 'large body'
       *  as the fetcher does for the bodies it decodes itself. */
      largeBodyBytes?: number;
    }
  | {
      kind: 'failed';
      code: ErrorCode;
      message: string;
      /** The page's bytes arrived (a challenge page, an extraction crash): counts as fetched in the run report. */
      fetched: boolean;
      /** Put off to a later run (Retry-After beyond the cap, circuit open, run deadline), not failed. */
      deferred: boolean;
      /** The anti-bot vendor, when `code` is 'blocked'. */
      vendor?: string;
      /** The thrown value behind an 'internal_error', for the caller's log. */
      cause?: unknown;
      /** The page's own date when its body was not found (extract_error): the item's time if its feed had none. */
      publishedAt?: string;
    };

/** A response as the page stage needs it: the fetch layer's `fresh` outcome, or a file with what is known of it. */
export interface PageResponse {
  body: Buffer;
  /** `body` is still content-encoded (FetchOutcome.encoded): decoded here, where the page is read. */
  encoded?: EncodedBody;
  finalUrl: string;
  headers: Record<string, string>;
}

export interface PageOptions {
  /** The adapter to use; otherwise the registry's adapter for the URL's host, else generic. */
  adapter?: SiteAdapter;
  /** The source's charset hint (sources.json "encoding"). */
  hint?: string;
  /** An explicit charset (`extract --charset`), overriding every detection rule. */
  charset?: string;
  lang?: Lang;
  timeZone?: string;
  now: Date;
}

export type PageSource = Pick<SourceConfig, 'id' | 'adapter' | 'encoding' | 'lang' | 'timeZone'>;

/** The page options a configured source implies. */
export function pageOptionsFor(source: Omit<PageSource, 'id'>, now: Date): PageOptions {
  const adapter = adapterById(source.adapter);
  return {
    ...(adapter ? { adapter } : {}),
    ...(source.encoding ? { hint: source.encoding } : {}),
    lang: source.lang,
    timeZone: source.timeZone,
    now,
  };
}

/** Fetches one article of a source and reads it. */
export async function readPage(fetcher: Fetcher, source: PageSource, url: string, now: Date): Promise<PageRead> {
  const fetched = await fetchPage(fetcher, source, url);
  return fetched.kind === 'response' ? pageFromResponse(fetched.response, pageOptionsFor(source, now)) : fetched;
}

/** The I/O half of readPage: the response to read, or why there is none. The crawl reads the response in a
 *  worker thread (src/workers/), so only this half runs on the main thread; it asks for `keepEncoded`, so that
 *  the body waits for the worker compressed and the worker decodes it. */
export async function fetchPage(
  fetcher: Fetcher,
  source: PageSource,
  url: string,
  opts: { keepEncoded?: boolean } = {},
): Promise<{ kind: 'response'; response: PageResponse } | Extract<PageRead, { kind: 'failed' }>> {
  let outcome: FetchOutcome;
  try {
    outcome = await fetcher.fetch({ url, kind: 'page', sourceId: source.id, ...(opts.keepEncoded ? { keepEncoded: true } : {}) });
  } catch (e) {
    return thrown(e, false);
  }
  if (outcome.kind === 'skipped') {
    const deferred = outcome.reason === 'deferred' || outcome.reason === 'circuit_open';
    return { kind: 'failed', code: SKIPPED_CODES[outcome.reason], message: outcome.detail, fetched: false, deferred };
  }
  if (outcome.kind === 'not-modified')
    return { kind: 'failed', code: 'not_modified', message: 'page answered 304 without validators', fetched: false, deferred: false };
  return { kind: 'response', response: outcome };
}

/** Reads a response already in hand (fetched, recorded, or a file given to `extract`). */
export function pageFromResponse(res: PageResponse, opts: PageOptions): PageRead {
  let body: Buffer;
  try {
    body = res.encoded ? decodeContent(res.body, res.encoded.coding, { url: res.finalUrl, capBytes: res.encoded.capBytes }) : res.body;
  } catch (e) {
    // As when the fetcher decodes: a body that does not decode counts as not fetched.
    return thrown(e, false);
  }
  try {
    const read = {
      url: res.finalUrl,
      registry,
      ...(opts.adapter ? { adapter: opts.adapter } : {}),
      ...(opts.lang ? { lang: opts.lang } : {}),
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
      now: opts.now,
    };
    // The text is decoded only when something reads it: a large page of valid UTF-8 whose adapter reads parts of it
    // is checked for a challenge and extracted from its bytes (src/page.ts, src/extract/byte-view.ts).
    const doc = readableDocument(body, { contentType: res.headers['content-type'], hint: opts.hint, charset: opts.charset, ...read });
    const challenge = mayBeChallengePage(doc, res.headers) ? detectChallenge(doc.text(), res.headers) : undefined;
    if (challenge) {
      return {
        kind: 'failed',
        code: 'blocked',
        message: `anti-bot challenge page (${challenge.vendor}) instead of the article`,
        fetched: true,
        deferred: false,
        vendor: challenge.vendor,
      };
    }
    const page = extractReadable(doc, read);
    const large = res.encoded && body.length > res.encoded.warnBytes ? { largeBodyBytes: body.length } : {};
    // Without the page's text: a reader that kept it kept the whole page's string alive until the item was done.
    const how = doc.how;
    return { kind: 'page', page, decoded: how, finalUrl: res.finalUrl, ...large };
  } catch (e) {
    return thrown(e, true);
  }
}

/** An article answering 404/410 is gone, a code of its own; other errors keep the fetch layer's code. */
function thrown(e: unknown, fetched: boolean): Extract<PageRead, { kind: 'failed' }> {
  if (!(e instanceof CrawlError))
    return { kind: 'failed', code: 'internal_error', message: errorMessage(e), fetched, deferred: false, cause: e };
  const code = e.code === 'http_status' && (e.status === 404 || e.status === 410) ? 'article_gone' : e.code;
  return {
    kind: 'failed',
    code,
    message: e.message,
    fetched,
    deferred: false,
    ...(e instanceof BlockedError ? { vendor: e.vendor } : {}),
    ...(e instanceof NoBodyError && e.publishedAt ? { publishedAt: e.publishedAt } : {}),
  };
}
