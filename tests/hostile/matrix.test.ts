// Crawl-level rows of the fault matrix (docs/FAULT-MATRIX.md): what a feed or item fault does to the run report,
// candidates.json, the feed's health over runs and the exit code, through crawl() on loopback servers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startRawServer, ROUTES, type FaultServer, type Route } from '../fetch/servers.js';
import { scratch } from '../e2e/helpers.js';
import { openStore } from '../../src/state/store.js';
import {
  configOf,
  conservation,
  feedStatuses,
  idsFor,
  rssOf,
  runCrawl,
  sourceFor,
  startFeedServer,
  startSite,
  story,
  type Story,
} from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});
async function site(host: string, stories: Story[], pageRoute?: Route) {
  const s = await startSite(host, stories, pageRoute);
  closers.push(() => s.close());
  return s;
}
async function feedServer(host: string, route: Route): Promise<FaultServer> {
  const s = await startFeedServer(host, route);
  closers.push(() => s.close());
  return s;
}
const states = (items: { id: string; state: string; error?: { code: string } }[]) =>
  items.map((i) => [i.id, i.state, i.error?.code ?? null]);

describe('T01 refused / reset / DNS failure of one feed', () => {
  it('T01 each failing feed is error/network_error, the good feed is untouched, exit 3', async () => {
    const good = await site('127.0.0.60', [story('t01-a'), story('t01-b', true)]);
    const raw = await startRawServer({ '/feed': 'RESET' }, '127.0.0.61');
    closers.push(() => raw.close());
    const refused = `http://127.0.0.62:${await freePort('127.0.0.62')}/feed`;
    const lookup = async (h: string): Promise<string> => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: 'ENOTFOUND' });
    };
    const sources = [
      sourceFor('good', good.url('/feed')),
      sourceFor('refused', refused),
      sourceFor('reset', raw.url('/feed')),
      sourceFor('dns', 'http://feed.invalid:8080/feed'),
    ];
    const { report } = await runCrawl(configOf(sources), { lookup });
    expect(feedStatuses(report)).toEqual({
      good: { status: 'ok' },
      refused: { status: 'error', code: 'network_error' },
      reset: { status: 'error', code: 'network_error' },
      dns: { status: 'error', code: 'network_error' },
    });
    const ids = await idsFor(sources[0]!, good.origin, [story('t01-a'), story('t01-b', true)]);
    expect(states(report.items)).toEqual([
      [ids[0], 'flagged', null],
      [ids[1], 'seen', null],
    ]);
    expect(report.exitCode).toBe(3);
    expect((report.fetch as { retryReasons: Record<string, number> }).retryReasons.network_error).toBe(6); // 2 retries × 3 feeds
  });
});

describe('T10 transient status and Retry-After at crawl level', () => {
  it('T10 503 twice then 200: the feed is ok and its items are recorded once; the retries are in the run summary', async () => {
    const stories = [story('t10-a'), story('t10-b'), story('t10-c', true)];
    let calls = 0;
    const box: { origin: string } = { origin: '' };
    const flaky = await site('127.0.0.63', stories);
    box.origin = flaky.origin;
    const srv = await feedServer('127.0.0.64', (_req: IncomingMessage, res: ServerResponse) => {
      if (++calls <= 2) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssOf(box.origin, stories));
    });
    // The feed lives on .64, its pages on .63: both hosts are the source's own. The feed is the one channel read;
    // listPages only names the pages' host for the private-network allowance.
    const source = sourceFor('flaky', srv.url('/feed'), {
      listPages: [flaky.url('/')],
      channels: [{ kind: 'rss', url: srv.url('/feed') }],
    });
    const { report } = await runCrawl(configOf([source]));
    const ids = await idsFor(source, flaky.origin, stories);
    expect(srv.count('/feed')).toBe(3);
    expect(feedStatuses(report)).toEqual({ flaky: { status: 'ok' } });
    expect(states(report.items)).toEqual([
      [ids[0], 'flagged', null],
      [ids[1], 'flagged', null],
      [ids[2], 'seen', null],
    ]);
    expect(stories.map((s) => flaky.count(`/page/${s.slug}`))).toEqual([1, 1, 1]);
    expect(report.fetch).toMatchObject({ retries: 2, retryMaxReached: 0, retryReasons: { http_503: 2 } });
    expect(report.exitCode).toBe(0);
  });

  it.each([
    ['seconds', 'retryAfter=120', 120_000],
    ['an HTTP-date', 'retryAfterInMs=3600000', 3_600_000],
  ])('T10 Retry-After above the cap (%s) → deferred at once, no retry, exit 3', async (_name, query, ms) => {
    const host = query.startsWith('retryAfter=') ? '127.0.0.65' : '127.0.0.66';
    const srv = await feedServer(host, (req, res, _q, s) =>
      (ROUTES['/status'] as Route)(req, res, new URLSearchParams(`code=429&${query}`), s),
    );
    const { report } = await runCrawl(configOf([sourceFor('later', srv.url('/feed'))]));
    expect(feedStatuses(report)).toEqual({ later: { status: 'deferred', code: 'skipped_deferred' } });
    const retryAfterMs = report.sources[0]?.feeds[0]?.retryAfterMs ?? 0;
    expect(Math.abs(retryAfterMs - ms)).toBeLessThan(2_000); // an HTTP-date has 1 s resolution
    expect(srv.count('/feed')).toBe(1);
    expect(report.exitCode).toBe(3);
  });
});

describe('T11 permanent status', () => {
  it('T11 a 404 and a 410 feed: http_status with the code, failures counted across runs, a health flag after 3 runs', async () => {
    const gone404 = await feedServer('127.0.0.67', (_req, res) => void res.writeHead(404).end('no'));
    const gone410 = await feedServer('127.0.0.68', (_req, res) => void res.writeHead(410).end('gone'));
    const config = configOf([sourceFor('f404', gone404.url('/feed')), sourceFor('f410', gone410.url('/feed'))]);
    const out = scratch('ww-hostile-t11-');
    const health: string[][] = [];
    for (let run = 1; run <= 3; run++) {
      const { report } = await runCrawl(config, { out });
      expect(feedStatuses(report)).toEqual({
        f404: { status: 'error', code: 'http_status', httpStatus: 404 },
        f410: { status: 'error', code: 'http_status', httpStatus: 410 },
      });
      expect(report.exitCode).toBe(3);
      health.push(report.sources.flatMap((s) => s.health));
    }
    expect([gone404.count('/feed'), gone410.count('/feed')]).toEqual([3, 3]); // never retried within a run
    expect(health.slice(0, 2)).toEqual([[], []]);
    const store = openStore(join(out, 'state.sqlite'), { readonly: true });
    expect([gone404, gone410].map((g) => store.feedState(g.url('/feed'))?.consecutiveFailures)).toEqual([3, 3]);
    store.close();
    expect(health[2]).toEqual([
      `failing: ${gone404.url('/feed')} has failed 3 runs in a row`,
      `failing: ${gone410.url('/feed')} has failed 3 runs in a row`,
    ]);
  });

  it('T11 an article 404/410: the item keeps article_gone; a feed-summary hit still reaches candidates.json as feed-only', async () => {
    const stories: Story[] = [
      { slug: 'gone-hit', title: 'Talks in Beijing', summary: 'Sergey Lavrov met Wang Yi to discuss trade.', paras: [] },
      { slug: 'gone-quiet', title: 'Rain expected', summary: 'Showers are forecast for the weekend.', paras: [] },
      story('t11-live'),
    ];
    // Only the live story has a page; the others answer 404 (first) and 410 (second).
    const s = await site('127.0.0.69', stories, (req, res) => {
      if ((req.url ?? '').endsWith('/t11-live')) return void res.writeHead(200, { 'content-type': 'text/html' }).end(pageOfLive());
      res.writeHead((req.url ?? '').endsWith('gone-hit') ? 404 : 410).end('gone');
    });
    const source = sourceFor('gone', s.url('/feed'));
    const run = await runCrawl(configOf([source]));
    const ids = await idsFor(source, s.origin, stories);
    expect(states(run.report.items)).toEqual([
      [ids[0], 'feed_only', 'article_gone'],
      [ids[1], 'failed', 'article_gone'],
      [ids[2], 'flagged', null],
    ]);
    expect(run.candidates.items.map((c) => [c.id, c.feedOnly, c.error?.code ?? null]).sort()).toEqual(
      [
        [ids[0], true, 'article_gone'],
        [ids[2], false, null],
      ].sort(),
    );
    expect(stories.map((x) => s.count(`/page/${x.slug}`))).toEqual([1, 1, 1]); // a 404/410 is not retried
    expect(run.report.exitCode).toBe(3);
  });
});

function pageOfLive(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Lavrov and Wang Yi discuss trade (t11-live)</title></head><body><article><h1>Lavrov and Wang Yi discuss trade (t11-live)</h1>
<p>Russian Foreign Minister Sergey Lavrov met his Chinese counterpart Wang Yi in Beijing on Wednesday for several hours of talks.</p>
<p>The two ministers discussed trade in national currencies, transport corridors and the situation in Central Asia, both sides said.</p></article></body></html>`;
}

describe('T15 item links to internal addresses and other schemes', () => {
  it('T15 the page is never fetched, the item is kept with skipped_scheme / skipped_ssrf / ssrf_blocked, feed-summary hits are flagged', async () => {
    const inner = await feedServer('127.0.0.1', ROUTES['/ok'] as Route); // where rebind.test points
    const hit = 'Sergey Lavrov and Wang Yi met in Beijing.';
    const links: [string, string, string][] = [
      ['js', 'javascript:alert(1)', 'skipped_scheme'],
      ['data', 'data:text/html,<p>Lavrov</p>', 'skipped_scheme'],
      ['file', 'file:///etc/hostname', 'skipped_scheme'],
      ['ten', 'http://10.0.0.1/secret', 'skipped_ssrf'],
      ['rebind', `http://rebind.test:${inner.port}/secret`, 'ssrf_blocked'],
    ];
    const stories: Story[] = [
      ...links.map(([slug, link]) => ({ slug, link, title: `Item ${slug}`, summary: hit, paras: [] })),
      { slug: 'quiet-js', link: 'javascript:void(0)', title: 'Weather report', summary: 'Cold and dry.', paras: [] },
    ];
    const s = await site('127.0.0.70', stories);
    const lookup = async (h: string): Promise<string> => {
      if (h === 'rebind.test') return '127.0.0.1';
      throw Object.assign(new Error(`ENOTFOUND ${h}`), { code: 'ENOTFOUND' });
    };
    const source = sourceFor('links', s.url('/feed'));
    const run = await runCrawl(configOf([source]), { lookup });
    const ids = await idsFor(source, s.origin, stories);
    expect(states(run.report.items)).toEqual([
      ...links.map(([, , code], i) => [ids[i], 'feed_only', code]),
      [ids[5], 'failed', 'skipped_scheme'],
    ]);
    expect(run.candidates.items.map((c) => c.id).sort()).toEqual(ids.slice(0, 5).sort());
    expect(run.candidates.items.every((c) => c.feedOnly === true)).toBe(true);
    expect(inner.requests).toEqual([]);
    expect(s.requests.map((r) => r.path)).toEqual(['/feed']);
    const review = readFileSync(join(run.out, 'review.html'), 'utf8');
    expect(review).not.toMatch(/href="(?:javascript|data|file):/i);
  });
});

describe('T24 feed-window gap', () => {
  it('T24 state has items 1–20, the feed now lists 40–59: all 40–59 are emitted and the feed reports possibleGap with overlap 0', async () => {
    const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => story(`n${a + i}`, true));
    const s = await site('127.0.0.71', range(1, 20));
    const source = sourceFor('window', s.url('/feed'));
    const out = scratch('ww-hostile-t24-');
    const first = await runCrawl(configOf([source]), { out });
    expect(first.report.sources[0]?.feeds[0]).not.toHaveProperty('possibleGap');
    s.setStories(range(20, 39)); // shares n20 with run 1: overlap 1, no gap
    const second = await runCrawl(configOf([source]), { out });
    expect(second.report.sources[0]?.feeds[0]).toMatchObject({ status: 'ok', overlap: 1 });
    expect(second.report.sources[0]?.feeds[0]).not.toHaveProperty('possibleGap');
    const later = range(40, 59);
    s.setStories(later);
    const third = await runCrawl(configOf([source]), { out });
    const ids = await idsFor(source, s.origin, later);
    expect(third.report.sources[0]?.feeds[0]).toMatchObject({ status: 'ok', items: 20, new: 20, possibleGap: true, overlap: 0 });
    expect(states(third.report.items)).toEqual(ids.map((id) => [id, 'seen', null]));
    expect(conservation(third.report).duplicates).toEqual([]);
  });
});
