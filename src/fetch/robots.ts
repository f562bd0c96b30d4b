// robots.txt per origin, fetched once per run through the same fetch path (politeness, SSRF checks, ≤5
// redirects) and parsed by robots-rules.ts (linear matching, no regular expressions). RFC 9309 semantics, as Nutch and StormCrawler apply them:
//   2xx → the rules (first robotsMaxBytes only); 4xx or too many redirects → "unavailable": allow all;
//   5xx, network failure or a policy refusal → "unreachable": article pages of that origin are deferred to the
//   next run (feeds are still polled: feed-reader semantics). Crawl-delay is honoured up to maxCrawlDelayMs (unbounded by default).
import { CrawlError } from '../errors.js';
import type { FetchOutcome } from '../types.js';
import { robotsRulesFor } from './robots-rules.js';

export type RobotsRules =
  | { kind: 'allow-all'; detail: string }
  | { kind: 'rules'; isAllowed: (url: string) => boolean; crawlDelayMs?: number }
  | { kind: 'unreachable'; detail: string };

export type RobotsVerdict = { kind: 'allow' } | { kind: 'disallow'; detail: string } | { kind: 'defer'; detail: string };

/** Fetches robots.txt for an origin through the fetcher's own path (kind 'robots'). */
export type RobotsLoader = (robotsUrl: string) => Promise<FetchOutcome>;

export class RobotsCache {
  private readonly byOrigin = new Map<string, Promise<RobotsRules>>();

  constructor(
    private readonly userAgent: string,
    private readonly maxCrawlDelayMs: number,
    /** Called when a fetched robots.txt names a Crawl-delay (already capped). */
    private readonly onCrawlDelay: (origin: URL, delayMs: number) => void,
    /** Called once per origin whose robots.txt is unreachable (its pages are deferred this run). */
    private readonly onUnreachable: (origin: URL, detail: string) => void = () => undefined,
  ) {}

  /** `load` fetches robots.txt on the first check of an origin (with the asking source's settings). */
  async check(url: URL, load: RobotsLoader): Promise<RobotsVerdict> {
    const rules = await this.rulesFor(url, load);
    if (rules.kind === 'allow-all') return { kind: 'allow' };
    if (rules.kind === 'unreachable') return { kind: 'defer', detail: rules.detail };
    return rules.isAllowed(url.href)
      ? { kind: 'allow' }
      : { kind: 'disallow', detail: `robots.txt of ${url.host} disallows ${url.pathname}` };
  }

  rulesFor(url: URL, load: RobotsLoader): Promise<RobotsRules> {
    const origin = url.origin;
    let rules = this.byOrigin.get(origin);
    if (!rules) {
      rules = this.fetchRules(new URL('/robots.txt', origin), load);
      this.byOrigin.set(origin, rules);
    }
    return rules;
  }

  private async fetchRules(robotsUrl: URL, load: RobotsLoader): Promise<RobotsRules> {
    let outcome: FetchOutcome;
    try {
      outcome = await load(robotsUrl.href);
    } catch (e) {
      const rules = fromFailure(e, robotsUrl);
      if (rules.kind === 'unreachable') this.onUnreachable(robotsUrl, rules.detail);
      return rules;
    }
    if (outcome.kind === 'skipped') return { kind: 'unreachable', detail: `robots.txt not fetched: ${outcome.detail}` };
    if (outcome.kind === 'not-modified') return { kind: 'allow-all', detail: 'robots.txt answered 304 to an unconditional GET' };
    const parsed = robotsRulesFor(outcome.body.toString('utf8'), this.userAgent);
    const delayS = parsed.crawlDelayS;
    const crawlDelayMs = typeof delayS === 'number' && delayS > 0 ? Math.min(delayS * 1000, this.maxCrawlDelayMs) : undefined;
    if (crawlDelayMs !== undefined) this.onCrawlDelay(robotsUrl, crawlDelayMs);
    return {
      kind: 'rules',
      // Our caller only asks about URLs of this origin.
      isAllowed: (u) => parsed.isAllowed(new URL(u)),
      ...(crawlDelayMs !== undefined ? { crawlDelayMs } : {}),
    };
  }
}

function fromFailure(e: unknown, robotsUrl: URL): RobotsRules {
  if (e instanceof CrawlError) {
    const status = e.status ?? 0;
    if (e.code === 'http_status' && status >= 400 && status < 500 && status !== 429) {
      return { kind: 'allow-all', detail: `robots.txt ${status}` };
    }
    if (e.code === 'too_many_redirects') return { kind: 'allow-all', detail: 'robots.txt: too many redirects' };
    return { kind: 'unreachable', detail: `robots.txt of ${robotsUrl.host}: ${e.code}${status ? ` ${status}` : ''}` };
  }
  return { kind: 'unreachable', detail: `robots.txt of ${robotsUrl.host}: ${String(e)}` };
}
