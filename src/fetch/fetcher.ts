// The fetcher: policy check → robots (pages) → per-hop exchange with retries under the host gate → redirects
// followed by hand. Guarantees: every fetch() settles exactly once, as an outcome or a thrown CrawlError; no
// request starts after the run deadline or close(); every redirect hop passes the same URL policy, connect
// check and (for pages) robots check as the first request.
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Dispatcher } from 'undici';
import { CrawlError } from '../errors.js';
import type { FetchOutcome, FetchRequest, SourceConfig } from '../types.js';
import { AgentPool, type LookupFn } from './agent.js';
import { classify } from './classify.js';
import { exchange, type Exchange } from './exchange.js';
import { HostGate, hostRulesOf, MAX_TIMER_MS, Skip, type HostRule } from './host.js';
import { withRetries, type FetchCtx, type RetryDeps } from './retries.js';
import type { BrowserRequestInit } from './browser/network.js';
import { ACCEPT_ENCODING, freshOutcome, nextHop, REDIRECT_STATUSES, requestHeaders, skippedOutcome } from './hop.js';
import { bump, DEFAULT_LIMITS, emptyStats, type FetchLimits, type FetchStats } from './limits.js';
import { checkUrl, normalizeHost, privateHostsOf } from './policy.js';
import { RobotsCache } from './robots.js';
import { BlockedError } from './challenge.js';
import type { HostCookies } from './cookies.js';
import type { HostHold } from '../types.js';
import type { Launched } from './browser/launch.js';
import { browserNetwork } from './browser/network.js';
import { walled, WalledPath } from './browser/walled-path.js';

/** Requests robots.txt governs: pages and the discovery channels read like pages. Feeds are polled as a feed
 *  reader polls them; robots.txt itself is not subject to itself. */
const ROBOTS_APPLY: ReadonlySet<FetchRequest['kind']> = new Set(['page', 'sitemap', 'listing']);

export interface FetcherOptions {
  /** Honest User-Agent with a contact URL, e.g. `wirewatch/0.1 (+https://example.org/contact)`. */
  userAgent: string;
  sources: SourceConfig[];
  /** Replay (createReplayDispatcher) or a test MockAgent. Default: our Agents with the connect-address check. */
  dispatcher?: Dispatcher;
  limits?: Partial<FetchLimits>;
  /** Run deadline (epoch ms): afterwards queued and in-flight requests end as skipped 'deferred'. */
  deadline?: number;
  log?: Logger;
  /** DNS stub for tests (rebinding); default node:dns lookup. */
  lookup?: LookupFn;
  /** Cookies browsers earned on walled hosts in earlier runs: the plain fetch offers them first. */
  cookies?: HostCookies[];
  /** Called when a browser earned cookies on a host (to keep them with the host's state). */
  onCookies?: (h: HostCookies) => void;
  /** Hosts that asked in earlier runs (Retry-After beyond the cap) to be left alone until a time still to come. */
  holds?: HostHold[];
  /** Called when a host asks for such a wait (to keep it with the host's state), at most limits.maxHostHoldMs ahead. */
  onHold?: (h: HostHold) => void;
  /** Test hook: how the browser is started (default: Debian's Chromium through playwright-core). */
  launchBrowser?: () => Promise<Launched>;
  /** After the first document, how long a challenge may take in the browser. */
  challengeWaitMs?: number;
}

export class FetcherImpl {
  private readonly limits: FetchLimits;
  private readonly sources = new Map<string, SourceConfig>();
  private readonly privateHosts = new Map<string, ReadonlySet<string>>();
  private readonly agents: AgentPool;
  private readonly gates = new Map<string, HostGate>();
  /** Each held host's end of wait, from earlier runs (opts.holds). */
  private readonly holds: ReadonlyMap<string, number>;
  private readonly hostRules: ReadonlyMap<string, HostRule>;
  private readonly global: LimitFunction;
  private readonly run = new AbortController();
  private readonly robots: RobotsCache;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly counters: FetchStats = emptyStats();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly walls: WalledPath;
  private readonly retry: RetryDeps;

  constructor(private readonly opts: FetcherOptions) {
    if (!opts.userAgent.trim()) {
      throw new CrawlError('CONFIG_INVALID', 'userAgent must name the crawler and a contact; it is empty', { disposition: 'stop' });
    }
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.holds = new Map((opts.holds ?? []).map((h) => [h.host, h.untilMs]));
    this.agents = new AgentPool({ connectTimeoutMs: this.limits.connectTimeoutMs, lookup: opts.lookup });
    // Every wait for a host's politeness gap or a retry's backoff listens on the run's signal until it ends, so
    // the listeners at one time grow with the hosts waiting (one per host, plus retries), not with the run. Node
    // would report an eleventh as a likely leak, on stderr, in the cron's log: no limit on this signal.
    setMaxListeners(0, this.run.signal);
    this.walls = new WalledPath(opts);
    for (const s of opts.sources) {
      this.sources.set(s.id, s);
      this.privateHosts.set(s.id, privateHostsOf(s));
    }
    this.hostRules = hostRulesOf(opts.sources);
    this.global = pLimit(Math.max(1, this.limits.globalConcurrency));
    const { limits, counters, global } = this;
    this.retry = { limits, counters, global, signal: this.run.signal, log: opts.log, toldUnreachable: new Set() };
    this.robots = new RobotsCache(
      opts.userAgent,
      this.limits.maxCrawlDelayMs,
      (origin, ms) => this.gates.get(normalizeHost(origin.hostname))?.raiseDelay(ms),
      (origin, detail) =>
        opts.log?.warn({ origin: origin.origin, detail }, 'robots.txt unreachable: article pages of this origin are deferred'),
    );
    if (opts.deadline !== undefined) this.armDeadline(opts.deadline);
  }

  fetch(req: FetchRequest): Promise<FetchOutcome> {
    this.counters.requests++;
    const p = this.settle(req);
    this.pending.add(p);
    void p.catch(() => undefined).finally(() => this.pending.delete(p));
    return p;
  }

  isHeld(url: string): boolean {
    if (!URL.canParse(url)) return false;
    const host = normalizeHost(new URL(url).hostname);
    return this.gates.get(host)?.held ?? (this.holds.get(host) ?? 0) > Date.now();
  }

  /** The run ends at `at`: a deadline further off than a timer holds (~24.8 days) re-arms instead of firing at once. */
  private armDeadline(at: number): void {
    const ms = at - Date.now();
    if (ms <= 0) this.run.abort();
    else this.deadlineTimer = setTimeout(() => this.armDeadline(at), Math.min(ms, MAX_TIMER_MS)).unref();
  }

  async close(): Promise<void> {
    this.run.abort();
    clearTimeout(this.deadlineTimer);
    await Promise.allSettled([...this.pending]);
    await this.walls.close();
    await this.agents.close();
  }

  stats(): FetchStats {
    const s = structuredClone(this.counters);
    s.browserPages = this.walls.pages;
    s.browserRefused = this.walls.refused;
    for (const [host, g] of this.gates) {
      s.maxInFlightPerHost[host] = g.maxInFlight;
      s.hostDelayMs[host] = g.delayMs;
      if (g.minStartGapMs !== undefined) s.minStartGapMsPerHost[host] = g.minStartGapMs;
    }
    return s;
  }

  /** Runs one request to its single end and counts it. */
  private async settle(req: FetchRequest): Promise<FetchOutcome> {
    try {
      const out = await this.fetchInner(req);
      if (out.kind === 'fresh') this.counters.fresh++;
      else if (out.kind === 'not-modified') this.counters.notModified++;
      else bump(this.counters.skipped, out.reason);
      return out;
    } catch (e) {
      if (e instanceof Skip) {
        bump(this.counters.skipped, e.reason);
        return skippedOutcome(req.url, e);
      }
      const err = classify(e, 'headers', req.url);
      bump(this.counters.errors, err.code);
      this.opts.log?.debug({ url: req.url, code: err.code, status: err.status }, err.message);
      throw err;
    }
  }

  private async fetchInner(req: FetchRequest): Promise<FetchOutcome> {
    const source = this.sources.get(req.sourceId);
    if (!source) {
      throw new CrawlError('internal_error', `fetch for unknown source "${req.sourceId}"`, { disposition: 'skip', url: req.url });
    }
    const ctx: FetchCtx = { req, source, privateHosts: this.privateHosts.get(source.id) ?? new Set() };
    const verdict = checkUrl(req.url, ctx.privateHosts);
    if (!verdict.ok) throw new Skip(verdict.reason, verdict.detail);
    if (this.run.signal.aborted) throw new Skip('deferred', 'run deadline reached or fetcher closed');
    try {
      if (this.walls.first(source, verdict.url)) return await this.viaBrowser(verdict.url, ctx, 'unknown');
      return await this.follow(verdict.url, ctx);
    } catch (e) {
      // "auto": the plain fetch met a wall; the browser gets one go at it (it throws `blocked` when it cannot).
      if (e instanceof BlockedError && this.walls.escalates(source, verdict.url)) return this.viaBrowser(verdict.url, ctx, e.vendor);
      if (e instanceof Skip || e instanceof CrawlError) throw e;
      throw classify(e, 'headers', req.url);
    }
  }

  /** The browser path: robots first (pages), then Chromium with every request through browserNetwork(). */
  private async viaBrowser(url: URL, ctx: FetchCtx, vendor: string): Promise<FetchOutcome> {
    if (ctx.req.kind === 'page' && ctx.source.respectRobots) await this.obeyRobots(url, ctx);
    const network = browserNetwork(url, ctx.source, ctx.privateHosts, {
      gate: (u) => this.gateFor(u, ctx.source),
      signal: this.run.signal,
      global: this.global,
      exchange: (u, init) => this.exchangeOnce(u, ctx, false, init),
    });
    const { outcome, refused } = await this.walls.fetch(ctx.req, url, ctx.source, network, this.run.signal, vendor);
    for (const r of refused) this.opts.log?.warn({ url: url.href, refused: r }, 'browser request refused');
    // The plain attempt's `blocked` does not count against a host the browser got through.
    this.gateFor(url, ctx.source).succeed();
    return outcome;
  }

  /** Follows redirects by hand, checking every hop. */
  private async follow(start: URL, ctx: FetchCtx): Promise<FetchOutcome> {
    const { req } = ctx;
    let url = start;
    let movedTo: string | undefined;
    let permanent = true;
    let redirects = 0;
    let noCache = false;
    for (;;) {
      if (ROBOTS_APPLY.has(req.kind) && ctx.source.respectRobots) await this.obeyRobots(url, ctx);
      const ex = await withRetries(this.retry, this.gateFor(url, ctx.source), url, ctx, () => this.exchangeOnce(url, ctx, noCache));
      const location = ex.headers.location;
      if (REDIRECT_STATUSES.has(ex.status) && location) {
        if (redirects >= this.limits.maxRedirects) {
          throw new CrawlError('too_many_redirects', `more than ${this.limits.maxRedirects} redirects (last ${url.href})`, {
            disposition: 'skip',
            url: req.url,
          });
        }
        redirects++;
        const next = nextHop(url, location, ctx.privateHosts, req.url);
        if (permanent && (ex.status === 301 || ex.status === 308)) movedTo = next.href;
        else permanent = false;
        url = next;
        continue;
      }
      if (ex.status === 304) {
        if (req.validators?.etag || req.validators?.lastModified) {
          return { kind: 'not-modified', url: req.url, finalUrl: url.href, fetchedAt: new Date().toISOString() };
        }
        // A 304 to a request without validators is a server (or cache) bug: refetch once, unconditionally.
        if (noCache)
          throw new CrawlError('protocol_error', '304 Not Modified to an unconditional request', { disposition: 'retry', url: req.url });
        noCache = true;
        continue;
      }
      if (ex.status >= 200 && ex.status < 300 && ex.body) {
        if (ex.undecoded.length) this.opts.log?.warn({ url: url.href, encodings: ex.undecoded }, 'unknown content-encoding passed through');
        return freshOutcome(req, url, ex, movedTo, { capBytes: ctx.source.maxBodyBytes, warnBytes: this.limits.warnBodyBytes });
      }
      throw new CrawlError('http_status', `HTTP ${ex.status} for ${url.href}`, { disposition: 'skip', url: req.url, status: ex.status });
    }
  }

  private async obeyRobots(url: URL, ctx: FetchCtx): Promise<void> {
    const verdict = await this.robots.check(url, async (robotsUrl) => {
      this.counters.robotsFetched++;
      try {
        return await this.fetchInner({ url: robotsUrl, kind: 'robots', sourceId: ctx.source.id });
      } catch (e) {
        if (e instanceof Skip) return skippedOutcome(robotsUrl, e);
        throw e;
      }
    });
    if (verdict.kind === 'disallow') throw new Skip('robots', verdict.detail);
    if (verdict.kind === 'defer') throw new Skip('deferred', verdict.detail);
  }

  /** One exchange; `init` is a browser's request (its own method and headers, cookies included). */
  private async exchangeOnce(url: URL, ctx: FetchCtx, noCache: boolean, init?: BrowserRequestInit): Promise<Exchange> {
    const { req, source } = ctx;
    const headers = init
      ? { ...init.headers, 'accept-encoding': ACCEPT_ENCODING }
      : this.withCookies(url, requestHeaders(this.opts.userAgent, req, noCache));
    this.counters.exchanges++;
    this.inFlight++;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.inFlight);
    try {
      return await exchange(url, {
        dispatcher: this.dispatcherFor(source),
        headers,
        ...(init ? { method: init.method, ...(init.body ? { requestBody: init.body } : {}) } : {}),
        runSignal: this.run.signal,
        totalTimeoutMs: this.limits.totalTimeoutMs ?? source.timeoutMs,
        headersTimeoutMs: this.limits.headersTimeoutMs,
        bodyIdleTimeoutMs: this.limits.bodyIdleTimeoutMs,
        capBytes: req.kind === 'robots' ? this.limits.robotsMaxBytes : source.maxBodyBytes,
        truncateAtCap: req.kind === 'robots',
        maxEncodings: this.limits.maxEncodings,
        warnBytes: this.limits.warnBodyBytes,
        onRawBytes: (n) => (this.counters.bytesRaw += n),
        onWarn: (n) => this.opts.log?.warn({ url: url.href, bytes: n }, 'large body'),
        // Not for a walled source: its 2xx challenge check (challengeIn2xx) reads the decoded body.
        keepEncoded: req.keepEncoded === true && !init && !walled(source),
      }).then((ex) => {
        if (!ex.encoded) this.counters.bytesDecoded += ex.body?.length ?? 0;
        return ex;
      });
    } finally {
      this.inFlight--;
    }
  }

  /** Cookies a browser earned on this host ride along with the plain request. */
  private withCookies(url: URL, headers: Record<string, string>): Record<string, string> {
    const cookie = this.walls.jar.header(url, Date.now());
    return cookie ? { ...headers, cookie } : headers;
  }

  private gateFor(url: URL, source: SourceConfig): HostGate {
    const host = normalizeHost(url.hostname);
    let gate = this.gates.get(host);
    if (!gate) {
      const rule = this.hostRules.get(host) ?? { concurrency: source.perHostConcurrency, delayMs: source.minDelayMs };
      const { onHold } = this.opts;
      const cap = (untilMs: number): number => Math.min(untilMs, Date.now() + this.limits.maxHostHoldMs);
      const onDefer = onHold ? (untilMs: number) => onHold({ host, untilMs: cap(untilMs) }) : undefined;
      gate = new HostGate(host, rule.concurrency, rule.delayMs, this.limits.breakerThreshold, onDefer);
      gate.deferUntil(this.holds.get(host) ?? 0);
      this.gates.set(host, gate);
    }
    return gate;
  }

  private dispatcherFor(source: SourceConfig): Dispatcher {
    return this.opts.dispatcher ?? this.agents.of(source, this.privateHosts.get(source.id) ?? new Set());
  }
}
