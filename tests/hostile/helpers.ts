// Crawl-level fault tests: loopback "sites" (a FaultServer from tests/fetch/servers.ts serving one RSS feed and
// its article pages), one source per site, and a crawl() run with small limits and a run deadline. Everything
// stays on 127/8; every source sets allowPrivateNetwork, so it may reach its own feed host and nothing else.
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crawl, type CrawlOptions } from '../../src/run.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { silentLogger } from '../../src/log.js';
import { parseFeed } from '../../src/feed.js';
import { idsOfItems } from '../../src/normalize.js';
import type { SourceConfig, SourcesConfig } from '../../src/types.js';
import type { RunReport } from '../../src/report-types.js';
import { startFaultServer, type FaultServer, type Route } from '../fetch/servers.js';
import { loopbackSource, TEST_LIMITS, UA } from '../fetch/helpers.js';
import { ROOT, readJson, scratch } from '../e2e/helpers.js';

export const NOW = new Date('2026-11-22T06:00:00Z');
export const WATCHLIST = loadWatchlistFile(join(ROOT, 'watchlist.json'));

/** One feed item and its article page. `summary` is what the feed says; `paras` what the page says. */
export interface Story {
  slug: string;
  title: string;
  summary?: string;
  paras: string[];
  /** Overrides the link (item links to other schemes or hosts, T15). */
  link?: string;
}

/** A story with watchlist hits in its title and page (Lavrov, Wang Yi, trade), or none when `quiet`. */
export function story(slug: string, quiet = false): Story {
  if (quiet) {
    return {
      slug,
      title: `Harbour festival ${slug} draws crowds`,
      paras: [
        'The annual harbour festival drew a record number of visitors this weekend, organisers said on Sunday evening.',
        'Volunteers cleaned the quays and the city council thanked everyone who helped with the concerts and the boat parade.',
        'Next year the festival will move to a larger site near the old lighthouse, the mayor told reporters.',
      ],
    };
  }
  return {
    slug,
    title: `Lavrov and Wang Yi discuss trade (${slug})`,
    paras: [
      'Russian Foreign Minister Sergey Lavrov met his Chinese counterpart Wang Yi in Beijing on Wednesday for talks that lasted several hours.',
      'The two ministers discussed trade in national currencies, transport corridors and the situation in Central Asia, according to both delegations.',
      'They said the partnership was not directed against third countries and agreed to meet again early next year.',
    ],
  };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function rssOf(origin: string, stories: Story[]): string {
  const items = stories
    .map(
      (s, i) =>
        `<item><title>${esc(s.title)}</title><link>${esc(s.link ?? `${origin}/page/${s.slug}`)}</link>` +
        `<guid isPermaLink="false">${origin}#${s.slug}</guid><pubDate>Wed, 18 Nov 2026 ${String(10 + (i % 10)).padStart(2, '0')}:00:00 GMT</pubDate>` +
        `${s.summary ? `<description>${esc(s.summary)}</description>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Loopback wire</title><link>${origin}/</link>\n${items}\n</channel></rss>\n`;
}

export function pageOf(s: Story): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(s.title)} | Loopback Wire</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":${JSON.stringify(s.title)},"datePublished":"2026-11-18T10:00:00+00:00"}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>${esc(s.title)}</h1>${s.paras.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article></main>
<footer><p>Loopback Wire, all rights reserved.</p></footer></body></html>`;
}

const reply =
  (type: string, body: string, status = 200) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };

/** Routes for a site: /feed lists the stories, /page/<slug> serves each page (or `pageRoute` for all pages). */
export function siteRoutes(stories: () => Story[], origin: () => string, pageRoute?: Route): Record<string, Route> {
  return {
    '/feed': (req, res) => reply('application/rss+xml; charset=utf-8', rssOf(origin(), stories()))(req, res),
    '/page/':
      pageRoute ??
      ((req, res) => {
        const slug = (req.url ?? '').split('?')[0]?.split('/').pop();
        const s = stories().find((x) => x.slug === slug);
        if (!s) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
        reply('text/html; charset=utf-8', pageOf(s))(req, res);
      }),
  };
}

/** A site serving a feed of `stories`; `setStories` changes what the feed lists (between runs). */
export async function startSite(
  host: string,
  stories: Story[],
  pageRoute?: Route,
): Promise<FaultServer & { setStories(s: Story[]): void }> {
  const box = { stories, origin: '' };
  const srv = await startFaultServer({
    host,
    routes: siteRoutes(
      () => box.stories,
      () => box.origin,
      pageRoute,
    ),
  });
  box.origin = srv.origin;
  return Object.assign(srv, { setStories: (s: Story[]) => void (box.stories = s) });
}

/** A server answering every feed path with one fixed route (a hostile feed). */
export function startFeedServer(host: string, feed: Route): Promise<FaultServer> {
  return startFaultServer({ host, routes: { '/feed': feed } });
}

export function sourceFor(id: string, feedUrl: string, o: Partial<SourceConfig> = {}): SourceConfig {
  return loopbackSource([], { id, name: `Source ${id}`, feeds: [feedUrl], ...o });
}

export function configOf(sources: SourceConfig[]): SourcesConfig {
  return {
    userAgent: UA,
    defaults: { minDelayMs: 20, perHostConcurrency: 1, timeoutMs: 3_000, maxBodyBytes: 256 * 1024, respectRobots: false },
    sources,
  };
}

export interface CrawlRun {
  report: RunReport;
  elapsedMs: number;
  candidates: { items: any[] };
  out: string;
}

export interface CrawlSetup {
  out?: string;
  deadlineMs?: number;
  limits?: CrawlOptions['fetch'] extends infer F ? (F extends { limits?: infer L } ? L : never) : never;
  lookup?: (host: string) => Promise<string>;
}

/** One crawl() over `config` into `out` (a scratch dir by default), with TEST_LIMITS and the given overrides. */
export async function runCrawl(config: SourcesConfig, s: CrawlSetup = {}): Promise<CrawlRun> {
  const out = s.out ?? scratch('ww-hostile-');
  const started = Date.now();
  const result = await crawl({
    config,
    watchlist: WATCHLIST,
    outDir: out,
    statePath: join(out, 'state.sqlite'),
    now: NOW,
    log: silentLogger(),
    fetch: {
      limits: { ...TEST_LIMITS, ...s.limits },
      ...(s.deadlineMs ? { deadlineMs: s.deadlineMs } : {}),
      ...(s.lookup ? { lookup: s.lookup } : {}),
    },
  });
  const elapsedMs = Date.now() - started;
  if (result.kind !== 'done') throw new Error('the run lock was held');
  const onDisk = readJson<RunReport>(join(out, 'runs', `${result.report.runId}.json`));
  return { report: onDisk, elapsedMs, candidates: readJson(join(out, 'candidates.json')), out };
}

/** The ids the crawl gives the items of `stories` as served by `origin` (through the same feed parser). */
export async function idsFor(source: SourceConfig, origin: string, stories: Story[]): Promise<string[]> {
  const parsed = await parseFeed(rssOf(origin, stories), { feedUrl: `${origin}/feed`, timeZone: source.timeZone, now: NOW });
  if (parsed.kind !== 'feed') throw new Error(`test feed does not parse: ${parsed.kind}`);
  return idsOfItems(source, parsed.items);
}

/** Feed reports flattened to `sourceId → {status, code, httpStatus}` for table assertions. */
export function feedStatuses(report: RunReport): Record<string, { status: string; code?: string; httpStatus?: number }> {
  const out: Record<string, { status: string; code?: string; httpStatus?: number }> = {};
  for (const s of report.sources) {
    const f = s.feeds[0];
    if (f) out[s.id] = { status: f.status, ...(f.code ? { code: f.code } : {}), ...(f.httpStatus ? { httpStatus: f.httpStatus } : {}) };
  }
  return out;
}

/** Conservation: every item the run discovered is recorded exactly once, in one state. */
export function conservation(report: RunReport): { ids: string[]; duplicates: string[]; states: Record<string, number> } {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const states: Record<string, number> = {};
  for (const it of report.items) {
    if (seen.has(it.id)) duplicates.push(it.id);
    seen.add(it.id);
    states[it.state] = (states[it.state] ?? 0) + 1;
  }
  return { ids: [...seen], duplicates, states };
}
