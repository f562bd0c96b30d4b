// Issue 3's "done" criterion: one crawl() against a hostile loopback web (a feed that hangs, drips, is a gzip
// bomb, loops, redirects inward, answers challenge pages, is malformed beyond repair or HTML, or asks for a
// day-long Retry-After) next to good feeds. The run must end within its deadline with exit 3, a precise status
// and code for every feed, every good feed's items intact, and every discovered item in exactly one state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/types.js';
import { ROUTES, type FaultServer, type Route } from '../fetch/servers.js';
import {
  configOf,
  conservation,
  feedStatuses,
  idsFor,
  runCrawl,
  sourceFor,
  startFeedServer,
  startSite,
  story,
  type CrawlRun,
  type Story,
} from './helpers.js';

const DEADLINE_MS = 10_000;
/** Time after the deadline for the commit and the outputs (a loaded 2-core box). */
const MARGIN_MS = 5_000;

const html =
  (status: number, body: string, headers: Record<string, string> = {}): Route =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
// Our own skeletons of each vendor's interstitial: the markers detectChallenge names, text we wrote.
const CHALLENGES: Record<string, Route> = {
  stormwall: html(
    200,
    '<html><head><title>Checking the browser</title><script src="https://static.stormwall.pro/js/check.js"></script></head><body><p>One moment.</p></body></html>',
  ),
  'ddos-guard': html(
    200,
    '<html><head><title>DDoS-Guard</title></head><body><p>Checking your browser before you reach the site.</p></body></html>',
  ),
  f5: html(200, '<html><head><script>window.TSPD_101 = "x"; var bobcmn = 1;</script></head><body>Please enable JavaScript.</body></html>'),
  cloudflare403: html(
    403,
    '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt = {};</script></body></html>',
  ),
};
/** 1 B/s from the first moment: headers flushed at once (a bare writeHead waits for the first byte, and the
 *  headers timer could fire first), then a byte a second until the client gives up. */
const drip: Route = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  res.flushHeaders();
  const timer = setInterval(() => res.write('x'), 1000);
  res.on('close', () => clearInterval(timer));
};
// Cut off before its root element: nothing to recover (a feed cut inside its items is read leniently instead).
const BROKEN_XML = '<?xml version="1.0"?><!-- Broken: the body ends before the root element --><rs';

/** Where the inward redirect points: a private host no source lists (set once its server is up). */
const secretUrl = { href: '' };

/** Hostile feeds: source id → the route its /feed answers with, and the status and code the run must report. */
const HOSTILE: [string, Route, string, string, number?][] = [
  ['hang', ROUTES['/hang'] as Route, 'error', 'timeout_headers'],
  ['drip', drip, 'error', 'timeout_total'],
  [
    'bomb',
    (req, res, _q, srv) => (ROUTES['/bomb'] as Route)(req, res, new URLSearchParams('codec=gzip&mib=16'), srv),
    'error',
    'too_large_decoded',
  ],
  ['loop', ROUTES['/loop'] as Route, 'error', 'too_many_redirects'],
  ['inward', (_req, res) => void res.writeHead(302, { location: secretUrl.href }).end(), 'error', 'ssrf_blocked'],
  ['stormwall', CHALLENGES.stormwall as Route, 'blocked', 'blocked'],
  ['ddos-guard', CHALLENGES['ddos-guard'] as Route, 'blocked', 'blocked'],
  ['f5', CHALLENGES.f5 as Route, 'blocked', 'blocked'],
  ['cloudflare403', CHALLENGES.cloudflare403 as Route, 'blocked', 'blocked', 403],
  ['malformed', html(200, BROKEN_XML, { 'content-type': 'application/rss+xml' }), 'not_a_feed', 'not_a_feed'],
  ['html', ROUTES['/notfeed'] as Route, 'not_a_feed', 'not_a_feed'],
  [
    'dayLong',
    (req, res, _q, srv) => (ROUTES['/status'] as Route)(req, res, new URLSearchParams('code=503&retryAfter=86400'), srv),
    'deferred',
    'skipped_deferred',
  ],
];

const GOOD: Record<string, Story[]> = {
  good1: [story('g1-a'), story('g1-b'), story('g1-c', true)],
  good2: [story('g2-a'), story('g2-b', true), story('g2-c')],
  good3: [story('g3-a'), story('g3-b'), story('g3-c')],
};
/** A good feed whose article pages hang: one item matches on its feed summary, one matches nowhere. */
const SLOW: Story[] = [
  { slug: 's-a', title: 'Ministers meet in Beijing', summary: 'Sergey Lavrov and Wang Yi discussed trade and Central Asia.', paras: [] },
  { slug: 's-b', title: 'Weather turns cold in the capital', summary: 'Temperatures dropped below zero overnight.', paras: [] },
];

const servers: FaultServer[] = [];
let secret: FaultServer;
let run: CrawlRun;
const sources: SourceConfig[] = [];
const origins = new Map<string, string>();

beforeAll(async () => {
  secret = await startFeedServer('127.0.0.199', ROUTES['/ok'] as Route);
  servers.push(secret);
  secretUrl.href = secret.url('/secret');
  let host = 100;
  for (const [id, route] of HOSTILE) {
    const srv = await startFeedServer(`127.0.0.${host++}`, route);
    servers.push(srv);
    sources.push(sourceFor(id, srv.url('/feed')));
  }
  for (const [id, stories] of Object.entries(GOOD)) {
    const srv = await startSite(`127.0.0.${host++}`, stories);
    servers.push(srv);
    origins.set(id, srv.origin);
    sources.push(sourceFor(id, srv.url('/feed')));
  }
  const slow = await startSite(`127.0.0.${host++}`, SLOW, ROUTES['/hang'] as Route);
  servers.push(slow);
  origins.set('slowpages', slow.origin);
  // Two page slots, so both hanging pages finish their retries well before the run deadline.
  sources.push(sourceFor('slowpages', slow.url('/feed'), { perHostConcurrency: 2 }));
  run = await runCrawl(configOf(sources), { deadlineMs: DEADLINE_MS, limits: { bodyIdleTimeoutMs: 10_000 } });
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('a crawl against a hostile web (issue 3 done criterion)', () => {
  it('ends within its deadline with exit 3', () => {
    expect(run.report.exitCode).toBe(3);
    expect(run.report.sources.map((s) => s.id)).toEqual(sources.map((s) => s.id));
    expect(run.elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  });

  it.each(HOSTILE.map(([id, , status, code, httpStatus]) => [id, status, code, httpStatus]))(
    '%s feed → %s / %s',
    (id, status, code, httpStatus) => {
      const f = feedStatuses(run.report)[id as string];
      expect(f).toEqual({ status, code, ...(httpStatus ? { httpStatus } : {}) });
    },
  );

  it('the inward redirect target logged 0 requests; the day-long Retry-After was asked once, not slept on', () => {
    expect(secret.requests).toEqual([]);
    const dayLong = run.report.sources.find((s) => s.id === 'dayLong')?.feeds[0];
    expect(dayLong?.retryAfterMs).toBe(86_400_000);
    const srv = servers[1 + HOSTILE.findIndex(([id]) => id === 'dayLong')];
    expect(srv?.count('/feed')).toBe(1);
  });

  it.each(Object.keys(GOOD))('%s: ok, every item recorded, its flagged items in candidates.json with exact ids and titles', async (id) => {
    const stories = GOOD[id] as Story[];
    const source = sources.find((s) => s.id === id) as SourceConfig;
    const ids = await idsFor(source, origins.get(id) as string, stories);
    expect(feedStatuses(run.report)[id]).toEqual({ status: 'ok' });
    const items = run.report.items.filter((i) => i.sourceId === id);
    expect(items.map((i) => [i.id, i.state])).toEqual(stories.map((s, k) => [ids[k], s.title.startsWith('Harbour') ? 'seen' : 'flagged']));
    const cands = run.candidates.items.filter((c) => c.source.id === id);
    const flagged = stories.map((s, k) => [ids[k], s.title]).filter(([, t]) => !String(t).startsWith('Harbour'));
    expect(cands.map((c) => [c.id, c.title]).sort()).toEqual(flagged.sort());
    expect(cands.every((c) => c.feedOnly === false && c.error === null)).toBe(true);
  });

  it('a feed whose pages hang: its items end failed / feed_only with the error, the summary hit reaches candidates.json as feedOnly', async () => {
    const source = sources.find((s) => s.id === 'slowpages') as SourceConfig;
    const [hit, quiet] = await idsFor(source, origins.get('slowpages') as string, SLOW);
    expect(feedStatuses(run.report).slowpages).toEqual({ status: 'ok' });
    const items = run.report.items.filter((i) => i.sourceId === 'slowpages');
    expect(items.map((i) => [i.id, i.state, i.error?.code])).toEqual([
      [hit, 'feed_only', 'timeout_headers'],
      [quiet, 'failed', 'timeout_headers'],
    ]);
    const cand = run.candidates.items.find((c) => c.id === hit);
    expect(cand).toMatchObject({ title: 'Ministers meet in Beijing', feedOnly: true, error: { code: 'timeout_headers' } });
    expect(run.candidates.items.some((c) => c.id === quiet)).toBe(false);
  });

  it('conservation: every discovered item is in exactly one state', () => {
    const discovered = Object.values(GOOD).reduce((n, s) => n + s.length, 0) + SLOW.length;
    const c = conservation(run.report);
    expect(c.duplicates).toEqual([]);
    expect(c.ids).toHaveLength(discovered);
    expect(c.states).toEqual({ flagged: 7, seen: 2, feed_only: 1, failed: 1 });
    expect(run.report.counts.itemsSeen).toBe(discovered);
    const listed = run.report.sources.flatMap((s) => s.feeds).reduce((n, f) => n + f.items, 0);
    expect(listed).toBe(discovered);
  });
});
