// One HTTP exchange: a single GET to a single URL, no redirects, no retries. Three deadlines apply: connect
// (the connector), headers (undici headersTimeout) and a total one (AbortSignal.timeout), because undici's
// bodyTimeout is an idle timer that a 1 B/s drip never trips. The run signal (deadline
// or close()) aborts the exchange too, and ends it as a 'deferred' Skip rather than an error.
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { CrawlError } from '../errors.js';
import { discard, readBody, type ReadBodyOptions } from './body.js';
import { classify, type Phase } from './classify.js';
import { DEADLINE_DETAIL, Skip } from './host.js';

export interface ExchangeOptions {
  dispatcher: Dispatcher;
  /** GET unless a browser's challenge script posts (the browser path passes its requests through here). */
  method?: 'GET' | 'POST' | 'HEAD';
  requestBody?: Buffer;
  headers: Record<string, string>;
  runSignal: AbortSignal;
  totalTimeoutMs: number;
  headersTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  capBytes: number;
  truncateAtCap: boolean;
  maxEncodings: number;
  warnBytes: number;
  onRawBytes: (n: number) => void;
  onWarn: (decodedBytes: number) => void;
  /** A 2xx body in one known coding comes back as it came (`Exchange.encoded`); see body.ts `keepEncoded`. */
  keepEncoded?: boolean;
}

export interface Exchange {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Present for 2xx responses only. */
  body?: Buffer;
  /** `body` is still in this content coding (asked for with `keepEncoded`). */
  encoded?: string;
  /** The first 64 KiB (decoded) of a 4xx/5xx body, when it could be read. */
  errorBody?: Buffer;
  /** The body ended at connection close (no length, no chunking): truncation is undetectable at HTTP level. */
  closeDelimited: boolean;
  undecoded: string[];
  /** Set-Cookie values one by one (the joined header cannot be split back: Expires holds a comma). */
  setCookies?: string[];
}

/** How much of a 4xx/5xx body is kept (challenge pages are a few KiB). */
const ERROR_BODY_BYTES = 64 * 1024;

function bodyOptions(url: URL, headers: Record<string, string>, o: ExchangeOptions): ReadBodyOptions {
  return {
    url: url.href,
    contentEncoding: headers['content-encoding'],
    capBytes: o.capBytes,
    truncateAtCap: o.truncateAtCap,
    maxEncodings: o.maxEncodings,
    onRawBytes: o.onRawBytes,
    warnBytes: o.warnBytes,
    onWarn: o.onWarn,
    ...(o.keepEncoded ? { keepEncoded: true } : {}),
  };
}

/** Header map without a prototype: a `__proto__` or `constructor` header from a hostile server is kept as data
 *  and can never reach Object.prototype (T19). */
export function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export async function exchange(url: URL, o: ExchangeOptions): Promise<Exchange> {
  const timeout = AbortSignal.timeout(o.totalTimeoutMs);
  const signal = AbortSignal.any([o.runSignal, timeout]);
  let phase: Phase = 'headers';
  try {
    const res = await request(url, {
      method: o.method ?? 'GET',
      headers: o.headers,
      ...(o.requestBody ? { body: o.requestBody } : {}),
      dispatcher: o.dispatcher,
      signal,
      headersTimeout: o.headersTimeoutMs,
      bodyTimeout: o.bodyIdleTimeoutMs,
    });
    const headers = flattenHeaders(res.headers);
    const raw = res.headers['set-cookie'];
    const cookies = raw === undefined ? {} : { setCookies: Array.isArray(raw) ? raw : [raw] };
    const closeDelimited = !headers['content-length'] && !headers['transfer-encoding'];
    if (res.statusCode >= 400) {
      // The start of an error body is kept: anti-bot walls answer 403/503 with a challenge page.
      phase = 'body';
      const read = await readBody(res.body, { ...bodyOptions(url, headers, o), capBytes: ERROR_BODY_BYTES, truncateAtCap: true }).catch(
        () => undefined,
      );
      return { status: res.statusCode, headers, closeDelimited, undecoded: [], ...cookies, ...(read ? { errorBody: read.body } : {}) };
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      // Redirect and 304 bodies are drained (small ones keep the connection reusable; big ones close it).
      await res.body.dump({ limit: ERROR_BODY_BYTES }).catch(() => undefined);
      return { status: res.statusCode, headers, closeDelimited, undecoded: [], ...cookies };
    }
    const declared = Number(headers['content-length']);
    if (!o.truncateAtCap && Number.isFinite(declared) && declared > o.capBytes) {
      discard(res.body);
      throw new CrawlError('too_large', `Content-Length ${declared} is above the ${o.capBytes}-byte cap; not read`, {
        disposition: 'skip',
        url: url.href,
      });
    }
    phase = 'body';
    const read = await readBody(res.body, bodyOptions(url, headers, o));
    const encoded = read.encoded ? { encoded: read.encoded } : {};
    return { status: res.statusCode, headers, body: read.body, ...encoded, closeDelimited, undecoded: read.undecoded, ...cookies };
  } catch (e) {
    if (o.runSignal.aborted) throw new Skip('deferred', DEADLINE_DETAIL);
    if (timeout.aborted) {
      throw new CrawlError('timeout_total', `no complete response within ${o.totalTimeoutMs} ms (${phase})`, {
        disposition: 'retry',
        url: url.href,
      });
    }
    throw classify(e, phase, url.href);
  }
}
