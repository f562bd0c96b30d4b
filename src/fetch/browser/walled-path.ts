// The walled path of the fetcher: which requests go to the browser, what the browser earned, and what a page
// it fetched becomes. "browser" sources always use it; "auto" sources after a `blocked` plain fetch, and
// straight away for a host whose wall refused the plain fetch even with the cookies a browser earned there this
// run. Earned cookies live in the jar (offered by every plain request to their host) and are handed to
// `onCookies` to be kept with the host's state.
import type { FetchOutcome, FetchRequest, SourceConfig } from '../../types.js';
import { CrawlError } from '../../errors.js';
import { CookieJar, type HostCookies } from '../cookies.js';
import { freshOutcome } from '../hop.js';
import { normalizeHost } from '../policy.js';
import type { Launched } from './launch.js';
import { BrowserSession } from './session.js';
import type { BrowserNetwork } from './tracker.js';

/** Sources that say they sit behind a wall: they may use the browser, and a reset at first contact is `blocked`. */
export function walled(source: SourceConfig): boolean {
  return source.fetch === 'auto' || source.fetch === 'browser';
}

export interface WalledPathOptions {
  userAgent: string;
  cookies?: HostCookies[];
  onCookies?: (h: HostCookies) => void;
  launchBrowser?: () => Promise<Launched>;
  challengeWaitMs?: number;
}

export class WalledPath {
  readonly jar: CookieJar;
  private readonly session: BrowserSession;
  private readonly passed = new Set<string>();
  private readonly browserOnly = new Set<string>();
  refused = 0;

  constructor(private readonly o: WalledPathOptions) {
    this.jar = new CookieJar(o.cookies);
    this.session = new BrowserSession({
      ...(o.launchBrowser ? { launch: o.launchBrowser } : {}),
      ...(o.challengeWaitMs !== undefined ? { challengeWaitMs: o.challengeWaitMs } : {}),
    });
  }

  get pages(): number {
    return this.session.pages;
  }

  /** Whether this request skips the plain fetch. */
  first(source: SourceConfig, url: URL): boolean {
    return source.fetch === 'browser' || (source.fetch === 'auto' && this.browserOnly.has(normalizeHost(url.hostname)));
  }

  /** The plain fetch of an "auto" source met a wall: the browser gets one go at it. */
  escalates(source: SourceConfig, url: URL): boolean {
    if (source.fetch !== 'auto') return false;
    const host = normalizeHost(url.hostname);
    if (this.passed.has(host)) this.browserOnly.add(host);
    return true;
  }

  /** Fetches through the browser; robots.txt was checked by the caller. */
  async fetch(
    req: FetchRequest,
    url: URL,
    source: SourceConfig,
    network: BrowserNetwork,
    signal: AbortSignal,
    vendor: string,
  ): Promise<{ outcome: FetchOutcome; refused: string[] }> {
    const page = await this.session.fetch({
      url,
      network,
      vendor,
      userAgentSuffix: this.o.userAgent,
      signal,
      cookies: this.jar.forHost(url.hostname, Date.now()),
      timeoutMs: source.timeoutMs,
    });
    this.passed.add(normalizeHost(url.hostname));
    this.refused += page.refused.length;
    if (page.cookies.length) this.o.onCookies?.(this.jar.set(url.hostname, page.cookies, Date.now()));
    const { exchange: ex, url: finalUrl } = page.doc;
    // The browser hands its bodies over decoded (never `encoded`), so the reader's large-body mark never applies.
    const limits = { capBytes: source.maxBodyBytes, warnBytes: Number.POSITIVE_INFINITY };
    if (ex.status >= 200 && ex.status < 300 && ex.body)
      return { outcome: freshOutcome(req, finalUrl, ex, undefined, limits), refused: page.refused };
    throw new CrawlError('http_status', `HTTP ${ex.status} for ${finalUrl.href} (browser)`, {
      disposition: 'skip',
      url: req.url,
      status: ex.status,
    });
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
