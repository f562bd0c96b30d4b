// One browser per run, started on first need, with one context per host (cookies stay with their host) and at
// most one page per host at a time. The browser runs a wall's challenge; it never touches the network itself:
// each request it makes is handed to `BrowserNetwork` (the fetcher's own path: SSRF check on the address
// actually connected, the source's CA, body cap, per-host gate), refused when the host is not the page's or
// its source's, and answered with what that path got. The feed or page body is therefore the response's bytes,
// never the rendered DOM. Images, fonts, media and style sheets are not fetched; no downloads, no pop-ups,
// no service workers, no WebSockets.
import pLimit, { type LimitFunction } from 'p-limit';
import type { Browser, BrowserContext, Route } from 'playwright-core';
import { CrawlError } from '../../errors.js';
import { BlockedError } from '../challenge.js';
import type { EarnedCookie } from '../cookies.js';
import { challengeError, challengeIn2xx, REDIRECT_STATUSES } from '../hop.js';
import { DEADLINE_DETAIL, Skip } from '../host.js';
import { launchChromium, type Launched } from './launch.js';
import { fulfilHeaders, requestHeadersOf, toEarned, Tracker, type BrowserNetwork, type Doc } from './tracker.js';

export const BROWSER_DEFAULTS = {
  /** After the first document, how long a challenge may take to set its cookie and reload. */
  challengeWaitMs: 20_000,
  /** Resource types a challenge never needs: aborted without a request. */
  skippedTypes: ['image', 'media', 'font', 'stylesheet', 'manifest', 'texttrack', 'imageset', 'beacon', 'ping', 'csp_report', 'other'],
  methods: ['GET', 'POST', 'HEAD'],
  /** Bound on each browser step that has no deadline of its own (new context, new page, cookies, close). */
  stepTimeoutMs: 20_000,
};

/** A browser step that must not hang the run: past `ms` it fails as a timeout. */
export function bounded<T>(p: Promise<T>, what: string, ms = BROWSER_DEFAULTS.stepTimeoutMs): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CrawlError('timeout_total', `browser: ${what} took more than ${ms} ms`, { disposition: 'retry' })),
      ms,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** `p`, or the deadline's Skip as soon as `signal` aborts: a browser step under way when the run's deadline
 *  passes (a slow start, a new context or page on a busy machine) does not hold the run past it. The step itself
 *  is left to finish; the session's close() closes whatever it started. */
function orDeadline<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Skip('deferred', DEADLINE_DETAIL));
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Skip('deferred', DEADLINE_DETAIL));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([p, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

export interface BrowserFetch {
  url: URL;
  /** The browser's own user agent with ours appended is built from this suffix. */
  userAgentSuffix: string;
  network: BrowserNetwork;
  cookies: EarnedCookie[];
  timeoutMs: number;
  signal: AbortSignal;
  /** The wall the plain fetch met, for messages ('unknown' when the source always uses the browser). */
  vendor: string;
}

export interface BrowserPage {
  doc: Doc;
  cookies: EarnedCookie[];
  /** Requests refused by the host or address rules while the page ran. */
  refused: string[];
}

interface HostContext {
  context: BrowserContext;
  active?: Tracker;
}

export class BrowserSession {
  private launched: Promise<Launched> | undefined;
  private readonly contexts = new Map<string, Promise<HostContext>>();
  private readonly perHost = new Map<string, LimitFunction>();
  private closed = false;
  /** Pages opened, for the run report. */
  pages = 0;

  constructor(private readonly o: { launch?: () => Promise<Launched>; challengeWaitMs?: number } = {}) {}

  get started(): boolean {
    return this.launched !== undefined;
  }

  fetch(f: BrowserFetch): Promise<BrowserPage> {
    const host = f.url.host;
    let limit = this.perHost.get(host);
    if (!limit) this.perHost.set(host, (limit = pLimit(1)));
    return limit(() => this.fetchOne(f));
  }

  async close(): Promise<void> {
    this.closed = true;
    const launched = await this.launched?.catch(() => undefined);
    if (launched?.ok) await bounded(launched.browser.close(), 'close').catch(() => undefined);
  }

  private async browser(f: BrowserFetch): Promise<Browser> {
    if (this.closed) throw new Skip('deferred', DEADLINE_DETAIL);
    this.launched ??= (this.o.launch ?? launchChromium)();
    const launched = await this.launched;
    if (!launched.ok) {
      throw new BlockedError(
        f.vendor,
        f.url.href,
        0,
        `anti-bot wall (${f.vendor}) needs a browser, and none could be started: ${launched.reason}`,
      );
    }
    return launched.browser;
  }

  private async contextFor(f: BrowserFetch): Promise<HostContext> {
    const host = f.url.host;
    let hc = this.contexts.get(host);
    if (!hc) {
      hc = this.browser(f).then((b) => bounded(newHostContext(b, f.userAgentSuffix), 'new context'));
      this.contexts.set(host, hc);
      hc.catch(() => this.contexts.delete(host));
    }
    return hc;
  }

  private async fetchOne(f: BrowserFetch): Promise<BrowserPage> {
    const hc = await orDeadline(this.contextFor(f), f.signal);
    if (f.cookies.length)
      await orDeadline(bounded(hc.context.addCookies(f.cookies.map((c) => ({ ...c, sameSite: 'Lax' as const }))), 'add cookies'), f.signal);
    const page = await orDeadline(bounded(hc.context.newPage(), 'new page'), f.signal);
    this.pages++;
    const t = new Tracker(page, f.network);
    hc.active = t;
    const onAbort = (): void => t.fail(new Skip('deferred', DEADLINE_DETAIL));
    f.signal.addEventListener('abort', onAbort, { once: true });
    if (f.signal.aborted) onAbort(); // an abort before the listener is never delivered to it
    try {
      page.on('dialog', (d) => void d.dismiss().catch(() => undefined));
      void page.goto(f.url.href, { timeout: f.timeoutMs, waitUntil: 'commit' }).catch((e: unknown) => t.navigationFailed(e));
      const doc = await this.passChallenge(t, f);
      return { doc, cookies: toEarned(await bounded(hc.context.cookies(), 'cookies')), refused: t.refused };
    } finally {
      f.signal.removeEventListener('abort', onAbort);
      hc.active = undefined;
      // Past the deadline the run does not wait for a page that may hang on close (a challenge still looping):
      // it closes in the background, and the session's close() ends the browser with it.
      const closing = bounded(page.close(), 'close page').catch(() => undefined);
      if (!f.signal.aborted) await closing;
    }
  }

  /** Waits for main-frame documents until one is not a challenge, or the time is up. */
  private async passChallenge(t: Tracker, f: BrowserFetch): Promise<Doc> {
    const budgetMs = f.timeoutMs + (this.o.challengeWaitMs ?? BROWSER_DEFAULTS.challengeWaitMs);
    const deadline = Date.now() + budgetMs;
    let vendor = f.vendor;
    let last: Doc | undefined;
    for (let seen = 0; ; ) {
      const doc = await t.nextDocument(seen, deadline - Date.now());
      if (!doc) {
        const what = last ? `the ${vendor} challenge was not passed` : 'no document arrived';
        throw new BlockedError(
          vendor,
          f.url.href,
          last?.exchange.status ?? 0,
          `anti-bot wall (${vendor}): ${what} in the browser within ${budgetMs} ms`,
        );
      }
      seen++;
      last = doc;
      const wall = challengeOf(doc, f.url.href);
      if (!wall) return doc;
      vendor = wall.vendor;
    }
  }
}

function challengeOf(doc: Doc, reqUrl: string): BlockedError | undefined {
  const ex = doc.exchange;
  return ex.status >= 400 ? challengeError(ex, reqUrl) : challengeIn2xx(ex, reqUrl);
}

async function newHostContext(browser: Browser, suffix: string): Promise<HostContext> {
  const ua = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36 ${suffix}`;
  const context = await browser.newContext({ userAgent: ua, acceptDownloads: false, serviceWorkers: 'block', locale: 'en-US' });
  const hc: HostContext = { context };
  await context.routeWebSocket(/./, (ws) => void ws.close());
  await context.route(/./, (route) => handle(hc, route));
  // A pop-up (window.open) is closed at once; its requests are refused anyway (they are not the active page's).
  context.on(
    'page',
    (p) =>
      void p
        .opener()
        .then((o) => (o ? p.close() : undefined))
        .catch(() => undefined),
  );
  return hc;
}

async function handle(hc: HostContext, route: Route): Promise<void> {
  const req = route.request();
  const t = hc.active;
  let ofActive = false;
  try {
    ofActive = !!t && req.frame().page() === t.page;
  } catch {
    ofActive = false; // a request without a frame (worker): not ours to make
  }
  if (!t || !ofActive || BROWSER_DEFAULTS.skippedTypes.includes(req.resourceType()))
    return void route.abort('blockedbyclient').catch(() => undefined);
  const url = new URL(req.url());
  const method = req.method().toUpperCase();
  const refusal = BROWSER_DEFAULTS.methods.includes(method) ? t.network.refusal(url) : `method ${method} is not sent`;
  if (refusal) {
    t.refused.push(`${url.href}: ${refusal}`);
    return void route.abort('blockedbyclient').catch(() => undefined);
  }
  const isDoc = req.isNavigationRequest() && req.frame() === t.page.mainFrame();
  try {
    const body = req.postDataBuffer();
    const ex = await t.network.send(url, {
      method: method as 'GET',
      headers: requestHeadersOf(await req.allHeaders()),
      ...(body ? { body } : {}),
    });
    await route.fulfill({ status: ex.status, headers: fulfilHeaders(ex), body: ex.body ?? ex.errorBody ?? Buffer.alloc(0) });
    if (isDoc && !REDIRECT_STATUSES.has(ex.status)) t.document(url, ex);
  } catch (e) {
    if (isDoc)
      t.fail(
        e instanceof CrawlError || e instanceof Skip
          ? e
          : new CrawlError('internal_error', String(e), { disposition: 'skip', url: url.href }),
      );
    await route.abort('failed').catch(() => undefined);
  }
}
