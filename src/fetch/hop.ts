// Pure pieces of one hop: the request headers we send, the checks on a redirect target, and the shapes of the
// outcomes we return. Kept apart from the fetcher's control flow so each can be read (and tested) alone.
import { CrawlError } from '../errors.js';
import type { EncodedBody, FetchOutcome, FetchRequest } from '../types.js';
import type { Exchange } from './exchange.js';
import type { Skip } from './host.js';
import { checkUrl } from './policy.js';
import { BlockedError, challengeByStatus, detectChallenge } from './challenge.js';
import { decodeBytes } from './decode.js';

const ACCEPT: Record<FetchRequest['kind'], string> = {
  feed: 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  robots: 'text/plain, */*;q=0.5',
  sitemap: 'application/xml, text/xml;q=0.9, application/x-gzip;q=0.8, */*;q=0.5',
  listing: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
};
/** We decode these ourselves (body.ts), with the decoded-size cap. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Conditional GET headers from the stored validators; `noCache` replaces them after a bogus 304. */
export function requestHeaders(userAgent: string, req: FetchRequest, noCache: boolean): Record<string, string> {
  const h: Record<string, string> = { 'user-agent': userAgent, accept: ACCEPT[req.kind], 'accept-encoding': ACCEPT_ENCODING };
  if (noCache) {
    h['cache-control'] = 'no-cache';
    return h;
  }
  if (req.validators?.etag) h['if-none-match'] = req.validators.etag;
  if (req.validators?.lastModified) h['if-modified-since'] = req.validators.lastModified;
  return h;
}

/** The next hop of a redirect, refused unless it passes the same URL policy as a first request and does not
 *  downgrade https to http. */
export function nextHop(from: URL, location: string, privateHosts: ReadonlySet<string>, reqUrl: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new CrawlError('protocol_error', `unparsable Location: ${location.slice(0, 200)}`, { disposition: 'skip', url: reqUrl });
  }
  const verdict = checkUrl(next.href, privateHosts);
  if (!verdict.ok) {
    const code = verdict.reason === 'ssrf' ? 'ssrf_blocked' : 'bad_scheme';
    throw new CrawlError(code, `redirect refused: ${verdict.detail}`, { disposition: 'skip', url: reqUrl });
  }
  if (from.protocol === 'https:' && next.protocol === 'http:') {
    throw new CrawlError('bad_scheme', `redirect refused: https → http downgrade to ${next.href}`, { disposition: 'skip', url: reqUrl });
  }
  return next;
}

/** `limits`: the source's decoded-size cap and the fetcher's large-body mark, which the reader of a body left
 *  encoded (Exchange.encoded) applies. */
export function freshOutcome(
  req: FetchRequest,
  url: URL,
  ex: Exchange,
  movedTo: string | undefined,
  limits: Omit<EncodedBody, 'coding'>,
): FetchOutcome {
  const { etag, 'last-modified': lastModified } = ex.headers;
  return {
    kind: 'fresh',
    url: req.url,
    finalUrl: url.href,
    status: ex.status,
    headers: ex.headers,
    body: ex.body ?? Buffer.alloc(0),
    ...(ex.encoded ? { encoded: { coding: ex.encoded, ...limits } } : {}),
    validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
    fetchedAt: new Date().toISOString(),
    ...(movedTo ? { movedTo } : {}),
    ...(ex.closeDelimited ? { bodyDelimiter: 'close' as const } : {}),
  };
}

export function skippedOutcome(url: string, s: Skip): FetchOutcome {
  return {
    kind: 'skipped',
    url,
    reason: s.reason,
    detail: s.detail,
    ...(s.retryAfterMs !== undefined ? { retryAfterMs: s.retryAfterMs } : {}),
  };
}

/** A 4xx/5xx carrying a challenge page becomes a BlockedError, before any retry: retrying a wall never helps. */
export function challengeError(ex: Exchange, reqUrl: string): BlockedError | undefined {
  if (ex.status < 400) return undefined;
  const byStatus = challengeByStatus(ex.status);
  if (byStatus) return new BlockedError(byStatus.vendor, reqUrl, ex.status);
  if (!ex.errorBody?.length) return undefined;
  const text = decodeBytes(ex.errorBody, { contentType: ex.headers['content-type'], kind: 'html' }).text;
  const challenge = detectChallenge(text, ex.headers);
  return challenge ? new BlockedError(challenge.vendor, reqUrl, ex.status) : undefined;
}

/** Challenge pages are small: the first 64 KiB of a 2xx body are enough to recognise one. */
const SNIFF_BYTES = 64 * 1024;

/** A 2xx whose body is a challenge page (for sources that escalate to a browser when walled). */
export function challengeIn2xx(ex: Exchange, reqUrl: string): BlockedError | undefined {
  if (!ex.body?.length) return undefined;
  const text = decodeBytes(ex.body.subarray(0, SNIFF_BYTES), { contentType: ex.headers['content-type'], kind: 'html' }).text;
  const challenge = detectChallenge(text, ex.headers, Math.max(text.length, ex.body.length));
  return challenge ? new BlockedError(challenge.vendor, reqUrl, ex.status) : undefined;
}
