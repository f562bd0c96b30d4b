// Coded errors. Callers branch on `code` and `disposition`, never on the class name or the message.
// `disposition` says what the caller will do: retry the request, skip this item/feed, or stop the run.
// The codes are a closed set: every code a report, the store or the terminal shows is one of `ErrorCode`, and
// none is assembled from strings at run time (a skipped fetch's code comes from the SKIPPED_CODES table).

export type Disposition = 'retry' | 'skip' | 'stop';

export type ErrorCode =
  // configuration and state (stop the run, exit 2)
  | 'CONFIG_INVALID'
  | 'WATCHLIST_INVALID'
  | 'STATE_CORRUPT'
  | 'STATE_FOREIGN'
  | 'STATE_FUTURE'
  // transport
  | 'network_error'
  | 'timeout_connect'
  | 'timeout_headers'
  | 'timeout_body'
  | 'timeout_total'
  | 'truncated'
  | 'protocol_error'
  | 'tls_error'
  | 'too_large'
  | 'too_large_decoded'
  | 'too_many_encodings'
  | 'decode_error'
  | 'too_many_redirects'
  | 'ssrf_blocked'
  | 'bad_scheme'
  | 'http_status'
  | 'retry_after_exceeded'
  | 'aborted'
  // a fetch the crawler chose not to make (see SKIPPED_CODES), or that gave nothing new
  | 'skipped_robots'
  | 'skipped_scheme'
  | 'skipped_ssrf'
  | 'skipped_deferred'
  | 'skipped_circuit_open'
  | 'not_modified'
  | 'no_link'
  // content
  | 'article_gone'
  | 'not_a_feed'
  // discovery channels: a sitemap that is neither urlset nor index, a listing the adapter has no rules for, a
  // sitemap or listing robots.txt forbids (never fetched), a channel whose newest item is older than its threshold
  | 'not_a_sitemap'
  | 'no_listing_rules'
  | 'robots_disallowed'
  | 'stale'
  | 'blocked'
  | 'parse_error'
  | 'page_too_complex'
  | 'SELECTOR_MISS'
  | 'extract_error'
  | 'internal_error';

/** The code of a fetch the crawler skipped, by the fetch outcome's reason (types.ts `SkipReason`). */
export const SKIPPED_CODES = {
  robots: 'skipped_robots',
  scheme: 'skipped_scheme',
  ssrf: 'skipped_ssrf',
  deferred: 'skipped_deferred',
  circuit_open: 'skipped_circuit_open',
} as const satisfies Record<string, ErrorCode>;

/** A failure as reports and the store keep it: a code from the closed set and a message for people. */
export interface CodedReason {
  code: ErrorCode;
  message: string;
}

export class CrawlError extends Error {
  readonly code: ErrorCode;
  readonly disposition: Disposition;
  readonly url?: string;
  readonly sourceId?: string;
  readonly status?: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { disposition: Disposition; url?: string; sourceId?: string; status?: number; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CrawlError';
    this.code = code;
    this.disposition = opts.disposition;
    this.url = opts.url;
    this.sourceId = opts.sourceId;
    this.status = opts.status;
  }

  toJSON(): { code: ErrorCode; message: string; url?: string; status?: number } {
    return { code: this.code, message: this.message, url: this.url, status: this.status };
  }
}

/** A required selector matched zero or several times: the caller falls back to `generic`, confidence low. */
export class SelectorMissError extends CrawlError {
  readonly field: string;
  readonly selector: string;
  readonly count: number;
  constructor(field: string, selector: string, count: number, url?: string) {
    super(
      'SELECTOR_MISS',
      `${field}: selector "${selector}" matched ${count} elements, expected exactly 1${url ? ` (${url})` : ''}; falling back to generic`,
      {
        disposition: 'skip',
        url,
      },
    );
    this.field = field;
    this.selector = selector;
    this.count = count;
  }
}

/** No article body on the page (extract_error). What the page still told is kept: its own date, so an item
 *  whose feed or listing gave no time is not left undated because the body was not found. */
export class NoBodyError extends CrawlError {
  readonly publishedAt?: string;
  constructor(message: string, opts: { url?: string; publishedAt?: string; cause?: unknown }) {
    super('extract_error', message, { disposition: 'skip', url: opts.url, cause: opts.cause });
    if (opts.publishedAt) this.publishedAt = opts.publishedAt;
  }
}

/** Config or watchlist problems: every issue with its file and JSON path. Exit 2, nothing fetched. */
export class ConfigError extends Error {
  readonly code: 'CONFIG_INVALID' | 'WATCHLIST_INVALID';
  readonly issues: { file: string; path: string; message: string }[];
  constructor(code: 'CONFIG_INVALID' | 'WATCHLIST_INVALID', issues: { file: string; path: string; message: string }[]) {
    super(issues.map((i) => `${i.file}: ${i.path}: ${i.message}`).join('\n'));
    this.name = 'ConfigError';
    this.code = code;
    this.issues = issues;
  }
}

export function isCrawlError(e: unknown): e is CrawlError {
  return e instanceof CrawlError;
}

/** Message text of any thrown value, for logs and reports. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
