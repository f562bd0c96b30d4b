// The browser fetch against a TSPD-like wall on loopback, with Debian's Chromium (/usr/bin/chromium): the crawl
// passes the challenge, fetches the feed and its pages, reuses the earned cookie for plain requests and stores
// it for the next run; robots, the per-host delay, the body cap and the SSRF rules hold for browser requests (the
// challenge script's reach for another loopback host is refused); and no Chromium outlives the fetcher.
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../src/run.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { openStore } from '../../src/state/store.js';
import { launchChromium } from '../../src/fetch/browser/launch.js';
import { alive, chromiumDescendants } from './processes.js';
import type { FetchStats } from '../../src/fetch/index.js';
import type { SourceConfig, SourcesConfig } from '../../src/types.js';
import { ROOT, scratch } from '../e2e/helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';
import { PASS_COOKIE, startTspdServer } from '../fetch/walled.js';
import { loopbackSource, testFetcher, UA } from '../fetch/helpers.js';

const SLOW_MS = 120_000;
const DELAY_MS = 150;
let tspd: FaultServer;
let other: FaultServer;

beforeAll(async () => {
  other = await startFaultServer({ host: '127.0.0.2' });
  tspd = await startTspdServer({ stealUrl: other.url('/steal'), bigBytes: 400_000 });
});
afterAll(() => Promise.all([tspd, other].map((s) => s.close())));

/** Starts the real browser and notes its processes while it runs. */
function recordingLaunch(seen: number[]) {
  return async () => {
    const before = new Set(chromiumDescendants());
    const launched = await launchChromium();
    seen.push(...chromiumDescendants().filter((p) => !before.has(p)));
    return launched;
  };
}

function config(o: Partial<SourceConfig> = {}): SourcesConfig {
  const src = loopbackSource([tspd.origin], {
    id: 'walled',
    fetch: 'auto',
    minDelayMs: DELAY_MS,
    respectRobots: true,
    timeoutMs: 10_000,
    ...o,
  });
  return {
    userAgent: UA,
    defaults: { minDelayMs: DELAY_MS, perHostConcurrency: 1, timeoutMs: 10_000, maxBodyBytes: src.maxBodyBytes, respectRobots: true },
    sources: [src],
  };
}

describe('crawl through a TSPD-like wall with Chromium', { timeout: SLOW_MS }, () => {
  const out = scratch('ww-walls-');
  const watchlist = loadWatchlistFile(join(ROOT, 'watchlist.json'));
  const log = pino({ level: 'silent' });
  const launched: number[] = [];

  it('W04 W05 passes the challenge once, then plain requests carry the earned cookie; robots, delay and SSRF hold', async () => {
    const result = await crawl({
      config: config(),
      watchlist,
      log,
      outDir: out,
      statePath: join(out, 'state.db'),
      fetch: { launchBrowser: recordingLaunch(launched), limits: { backoffBaseMs: 10, backoffMaxMs: 20 } },
    });
    if (result.kind !== 'done') throw new Error('locked');
    const { report } = result;
    const fetch = report.fetch as FetchStats;
    expect(report.sources[0]?.feeds[0]).toMatchObject({ status: 'ok', items: 3 });
    const states = Object.fromEntries(report.items.map((i) => [new URL(i.url).pathname, i.error?.code ?? i.state]));
    expect(states).toEqual({
      '/news/1': expect.not.stringMatching(/failed|skipped|blocked/),
      '/news/2': expect.not.stringMatching(/failed|skipped|blocked/),
      '/private/3': 'skipped_robots',
    });
    expect(fetch.browserPages).toBe(1); // the feed; robots.txt and both pages then went plain, with the cookie
    const seen = tspd.requests.map((r) => ({
      path: r.path,
      browser: /Chrome\/\d/.test(String(r.headers['user-agent'])),
      cookie: String(r.headers.cookie ?? '').includes(PASS_COOKIE),
    }));
    const reset = { path: '/feed', browser: false, cookie: false }; // the plain fetch, reset (first try and 2 retries)
    const feeds = seen.filter((r) => r.path === '/feed');
    expect(feeds.slice(0, 3)).toEqual([reset, reset, reset]);
    // Then the challenge page, and the feed once the script has set the cookie and reloaded. The challenge may load
    // more than once: in one CI run on a loaded machine the reload went out without the cookie the script had just
    // set, got the challenge again, and the next reload passed. The wall is passed either way, in one browser page.
    const challenges = feeds.slice(3, -1);
    expect(challenges.length).toBeGreaterThanOrEqual(1);
    expect(challenges).toEqual(challenges.map(() => ({ path: '/feed', browser: true, cookie: false })));
    expect(feeds.at(-1)).toEqual({ path: '/feed', browser: true, cookie: true });
    expect(seen.filter((r) => r.path.startsWith('/news/'))).toEqual([
      expect.objectContaining({ browser: false, cookie: true }),
      expect.objectContaining({ browser: false, cookie: true }),
    ]);
    expect(seen.some((r) => r.path.startsWith('/private/'))).toBe(false);
    expect(seen.filter((r) => ['/popup', '/sw.js'].includes(r.path))).toEqual([]); // no pop-up, no service worker
    const browserUa = tspd.requests.find((r) => /Chrome\/\d/.test(String(r.headers['user-agent'])))?.headers['user-agent'];
    expect(browserUa).toMatch(new RegExp(`Chrome/\\d.* ${UA.replace(/[()+.]/g, '\\$&')}$`));
    expect(other.requests).toHaveLength(0);
    expect(fetch.browserRefused).toBeGreaterThanOrEqual(1);
    expect(fetch.minStartGapMsPerHost['127.0.0.1']).toBeGreaterThanOrEqual(DELAY_MS); // browser requests included
    expect(fetch.maxInFlightPerHost['127.0.0.1']).toBe(1);
    expect(launched.length).toBeGreaterThan(0);
    expect(alive(launched)).toEqual([]);
  });

  it('W04 the cookie is kept with the host: the next run passes with plain requests only', async () => {
    const store = openStore(join(out, 'state.db'), { readonly: true });
    const hosts = store.hostCookies();
    store.close();
    expect(hosts.map((h) => [h.host, h.cookies.some((c) => `${c.name}=${c.value}` === PASS_COOKIE)])).toEqual([['127.0.0.1', true]]);
    const before = tspd.requests.length;
    const result = await crawl({
      config: config(),
      watchlist,
      log,
      outDir: out,
      statePath: join(out, 'state.db'),
      fetch: { launchBrowser: recordingLaunch(launched) },
    });
    if (result.kind !== 'done') throw new Error('locked');
    expect(result.report.sources[0]?.feeds[0]?.status).toMatch(/ok|not_modified/);
    expect((result.report.fetch as FetchStats).browserPages).toBe(0);
    expect(tspd.requests.slice(before).every((r) => String(r.headers.cookie ?? '').includes(PASS_COOKIE))).toBe(true);
  });
});

describe("browser requests keep the plain path's rules", { timeout: SLOW_MS }, () => {
  it.each([
    ['a body above the cap', '/big', { maxBodyBytes: 64 * 1024 }, 'too_large'],
    ['a page disallowed by robots.txt', '/private/9', { respectRobots: true }, 'skipped:robots'],
  ])('W05 %s → %s', async (_name, path, o, expected) => {
    const seen: number[] = [];
    const f = testFetcher([loopbackSource([tspd.origin], { fetch: 'browser', timeoutMs: 10_000, ...o })], {
      launchBrowser: recordingLaunch(seen),
    });
    const got = await f.fetch({ url: tspd.url(path), kind: 'page', sourceId: 'test' }).then(
      (x) => (x.kind === 'skipped' ? `skipped:${x.reason}` : x.kind),
      (e: { code?: string }) => e.code,
    );
    await f.close();
    expect(got).toBe(expected);
    expect(alive(seen)).toEqual([]);
  });

  it('W06 the run deadline ends a browser fetch in the middle of a challenge as deferred', async () => {
    const never = await startTspdServer({ stealUrl: other.url('/steal'), neverPass: true });
    const seen: number[] = [];
    const f = testFetcher([loopbackSource([never.origin], { fetch: 'browser', timeoutMs: 60_000 })], {
      launchBrowser: recordingLaunch(seen),
      deadline: Date.now() + 8_000,
    });
    const started = Date.now();
    const out = await f.fetch({ url: never.url('/feed'), kind: 'feed', sourceId: 'test' });
    expect(out).toMatchObject({ kind: 'skipped', reason: 'deferred' });
    expect(Date.now() - started).toBeLessThan(20_000);
    await f.close();
    expect(alive(seen)).toEqual([]);
    await never.close();
  });

  it('W06 a deadline that passes while the browser is still starting ends the fetch then, as deferred', async () => {
    const never = await startTspdServer({ stealUrl: other.url('/steal'), neverPass: true });
    const seen: number[] = [];
    const record = recordingLaunch(seen);
    const STARTUP_MS = 6_000; // a browser start on a busy machine, longer than the run has left
    const f = testFetcher([loopbackSource([never.origin], { fetch: 'browser', timeoutMs: 60_000 })], {
      launchBrowser: async () => (await new Promise((r) => setTimeout(r, STARTUP_MS)), record()),
      deadline: Date.now() + 1_000,
    });
    const started = Date.now();
    const out = await f.fetch({ url: never.url('/feed'), kind: 'feed', sourceId: 'test' });
    expect(out).toMatchObject({ kind: 'skipped', reason: 'deferred' });
    expect(Date.now() - started).toBeLessThan(STARTUP_MS - 2_000);
    await f.close(); // waits for the start under way and closes what it started
    expect(alive(seen)).toEqual([]);
    await never.close();
  });

  it('W06 a challenge that never lets through is `blocked` with the vendor, and the browser is gone after close', async () => {
    const never = await startTspdServer({ stealUrl: other.url('/steal'), neverPass: true });
    const seen: number[] = [];
    const f = testFetcher([loopbackSource([never.origin], { fetch: 'browser', timeoutMs: 2_000 })], {
      launchBrowser: recordingLaunch(seen),
      challengeWaitMs: 500,
    });
    const err = await f.fetch({ url: never.url('/feed'), kind: 'feed', sourceId: 'test' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'blocked', vendor: 'f5-shape' });
    expect(seen.length).toBeGreaterThan(0);
    await f.close();
    expect(alive(seen)).toEqual([]);
    await never.close();
  });
});
