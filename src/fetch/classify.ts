// Maps what undici, node:net, node:tls and zlib throw to our stable codes. Switch on `code`/`name`, never on
// message text. `disposition` tells the caller what to do with the item after our own
// retries are spent: 'retry' = transient, try again next run; 'skip' = permanent for this URL.
import { CrawlError, type ErrorCode } from '../errors.js';
import { SSRF_CODE } from './agent.js';
import type { FetchLimits } from './limits.js';

/** Where the exchange was when it failed: a socket error after the headers means a truncated body. */
export type Phase = 'headers' | 'body';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const PROTOCOL_CODES = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_INVALID_ARG']);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME/;

const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'network_error',
  'timeout_connect',
  'timeout_headers',
  'timeout_body',
  'timeout_total',
  'truncated',
  'protocol_error',
  'http_status',
]);

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}

function pick(e: unknown, phase: Phase): ErrorCode {
  const code = codeOf(e);
  const name = (e as { name?: unknown } | null)?.name;
  if (code === SSRF_CODE) return 'ssrf_blocked';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout_connect';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'timeout_headers';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'timeout_body';
  if (name === 'HTTPParserError' || PROTOCOL_CODES.has(code) || code.startsWith('HPE_')) return 'protocol_error';
  if (code === 'UND_ERR_SOCKET') return phase === 'body' ? 'truncated' : 'network_error';
  if (code === 'ECONNRESET' && phase === 'body') return 'truncated';
  if (TLS_CODE.test(code)) return 'tls_error';
  if (NETWORK_CODES.has(code)) return 'network_error';
  return 'network_error';
}

/** Whether `e` or one of its causes (up to five deep) carries one of `codes`. */
function chainHas(e: unknown, codes: ReadonlySet<string>): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if (codes.has(codeOf(c))) return true;
  }
  return false;
}

/** Lookup failures: the request never left this machine. */
const LOOKUP_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

/** The host's name did not resolve, so nothing was sent to it: the cause chain names a lookup failure. */
export function lookupFailed(e: unknown): boolean {
  return chainHas(e, LOOKUP_CODES);
}

/** A connection reset (or closed) by the peer before any response: the cause chain names it. */
export function isResetBeforeResponse(err: CrawlError): boolean {
  return err.code === 'network_error' && chainHas(err.cause, RESET_CODES);
}

export function classify(e: unknown, phase: Phase, url: string): CrawlError {
  if (e instanceof CrawlError) return e;
  const code = pick(e, phase);
  const detail = e instanceof Error ? e.message : String(e);
  const raw = codeOf(e);
  return new CrawlError(code, `${raw ? `${raw}: ` : ''}${detail}`, {
    disposition: TRANSIENT.has(code) ? 'retry' : 'skip',
    url,
    cause: e,
  });
}

/** How many retries this failure earns within the run. TLS, size, policy and total-timeout failures earn none:
 *  retrying a drip would hold the host's slot three times as long, and retrying TLS never helps. */
export function retryBudget(code: ErrorCode, limits: FetchLimits): number {
  switch (code) {
    case 'network_error':
    case 'timeout_connect':
    case 'timeout_headers':
    case 'timeout_body':
    case 'truncated':
      return limits.retries;
    case 'protocol_error':
      return Math.min(limits.protocolRetries, limits.retries);
    default:
      return 0;
  }
}

/** Failures that say the host is unhealthy (they feed the circuit breaker); a 404 or a policy refusal does not. */
export function countsAgainstHost(err: CrawlError): boolean {
  if (err.code === 'http_status') return (err.status ?? 0) >= 500 || err.status === 429 || err.status === 408;
  return TRANSIENT.has(err.code) || err.code === 'tls_error' || err.code === 'blocked';
}

export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 522, 524]);

/** The three HTTP-date forms of RFC 9110 §5.6.7 (IMF-fixdate, RFC 850, asctime). Date.parse alone would also
 *  take "1.5" or "120 s" as dates in the past. */
const HTTP_DATE =
  /^(?:[A-Za-z]{3,9}, \d{2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date; undefined when absent/invalid. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!HTTP_DATE.test(v)) return undefined;
  const at = Date.parse(v.endsWith('GMT') ? v : `${v} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** base × 2^attempt × jitter in [0.5, 1.5), capped. */
export function backoffMs(attempt: number, limits: FetchLimits, random: () => number = Math.random): number {
  const raw = limits.backoffBaseMs * 2 ** attempt * (0.5 + random());
  return Math.min(limits.backoffMaxMs, Math.round(raw));
}
