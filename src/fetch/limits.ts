// Fetch limits as data. Production defaults are the values below, each with its reason; tests pass
// tiny values through `FetcherOptions.limits`. Per-source settings (timeoutMs, maxBodyBytes, minDelayMs,
// perHostConcurrency, respectRobots) live in sources.json and are not repeated here.
import type { ErrorCode } from '../errors.js';
import type { SkipReason } from '../types.js';

export interface FetchLimits {
  /** TCP (+TLS) connect deadline, enforced by the connector. */
  connectTimeoutMs: number;
  /** From request sent to response headers received (undici `headersTimeout`). */
  headersTimeoutMs: number;
  /** Idle time between body chunks (undici `bodyTimeout`); NOT a deadline: a drip resets it. */
  bodyIdleTimeoutMs: number;
  /** Total deadline per HTTP exchange; when unset the source's `timeoutMs` is used. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt for network errors, timeouts, truncation, 5xx, 408 and 429. */
  retries: number;
  /** Retries for malformed HTTP framing (a broken server rarely heals within a second). */
  protocolRetries: number;
  /** Backoff before retry n (0-based): base × 2^n × jitter(0.5–1.5), at most backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this is not slept: the request is skipped as 'deferred'. */
  retryAfterCapMs: number;
  /** How long such a wait is kept for later runs at most: a Retry-After of a year (a typo, a hostile header) must not
   *  silence a source for a year; past this the host is asked again, and may ask again. */
  maxHostHoldMs: number;
  /** Consecutive failed requests to one host before the rest of its requests are skipped 'circuit_open'. */
  breakerThreshold: number;
  /** HTTP exchanges in flight across all hosts. */
  globalConcurrency: number;
  /** Only the first bytes of robots.txt are parsed (RFC 9309 asks for at least 500 KiB). */
  robotsMaxBytes: number;
  /** A robots Crawl-delay is honoured up to this (by default without bound: as written, however long). */
  maxCrawlDelayMs: number;
  maxRedirects: number;
  maxEncodings: number;
  /** A body whose decoded size passes this is logged once as a warning. */
  warnBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<FetchLimits> = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyIdleTimeoutMs: 15_000,
  retries: 2,
  protocolRetries: 1,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  retryAfterCapMs: 60_000,
  // A feed scrolls past its items within days: a day's wait loses none of them.
  maxHostHoldMs: 24 * 3_600_000,
  breakerThreshold: 5,
  globalConcurrency: 16,
  robotsMaxBytes: 500 * 1024,
  // Honoured as written (www.people.com.cn asks 120 s): what does not fit before the run deadline is deferred to
  // the next run and reported, never fetched faster.
  maxCrawlDelayMs: Number.POSITIVE_INFINITY,
  maxRedirects: 5,
  maxEncodings: 5,
  warnBodyBytes: 2 * 1024 * 1024,
};

/** Counters for the run report. Every fetch() call lands in exactly one of
 *  fresh / notModified / skipped[reason] / errors[code]. */
export interface FetchStats {
  requests: number;
  fresh: number;
  notModified: number;
  skipped: Partial<Record<SkipReason, number>>;
  errors: Partial<Record<ErrorCode, number>>;
  /** HTTP exchanges sent (attempts, redirect hops and robots.txt included). */
  exchanges: number;
  retries: number;
  retryReasons: Record<string, number>;
  /** Requests that failed after using every retry. */
  retryMaxReached: number;
  bytesRaw: number;
  /** What the fetcher decoded: a body left encoded for its reader (FetchRequest.keepEncoded) is not in it. */
  bytesDecoded: number;
  robotsFetched: number;
  /** Highest number of exchanges in flight at once, overall and per host. */
  maxInFlight: number;
  maxInFlightPerHost: Record<string, number>;
  /** Smallest gap seen between two exchange starts per host (hosts with one exchange are absent). */
  minStartGapMsPerHost: Record<string, number>;
  /** Effective minimum delay per host after robots Crawl-delay. */
  hostDelayMs: Record<string, number>;
  /** Hosts whose circuit breaker opened. */
  circuitOpen: string[];
  /** Pages opened in the browser, and browser requests refused by the host or address rules. */
  browserPages: number;
  browserRefused: number;
}

export function emptyStats(): FetchStats {
  return {
    requests: 0,
    fresh: 0,
    notModified: 0,
    skipped: {},
    errors: {},
    exchanges: 0,
    retries: 0,
    retryReasons: {},
    retryMaxReached: 0,
    bytesRaw: 0,
    bytesDecoded: 0,
    robotsFetched: 0,
    maxInFlight: 0,
    maxInFlightPerHost: {},
    minStartGapMsPerHost: {},
    hostDelayMs: {},
    circuitOpen: [],
    browserPages: 0,
    browserRefused: 0,
  };
}

export function bump<K extends string>(rec: Partial<Record<K, number>>, key: K): void {
  rec[key] = (rec[key] ?? 0) + 1;
}
