// A host that answers with a Retry-After beyond the cap is left alone for the rest of the run, and the wait is kept
// with the host (state host_holds), so the next run does not ask it again before then: a cron every 30 minutes
// against "Retry-After: 3600" asked once an hour, not twice. A dry run obeys a hold and keeps none of its own;
// `status` says how long the host asked to be left alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';
import { openStore } from '../../src/state/store.js';
import { SOURCE_DEFAULTS } from '../../src/crawl-source.js';
import { loopbackSource } from '../fetch/helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';
import { ROOT, cli, scratch } from '../e2e/helpers.js';

/** What the host asks for, in seconds: past the test's cap, short enough to wait out. */
const RETRY_AFTER_S = 5;
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title></channel></rss>';
const PAGE =
  '<html><head><title>Lavrov in Beijing</title></head><body><article><h1>Lavrov in Beijing</h1>' +
  '<p>Sergey Lavrov met Wang Yi in Beijing on Tuesday to discuss trade, energy and the railway corridor.</p>'.repeat(4) +
  '</article></body></html>';

let srv: FaultServer;
let busy = true;
let pageBusy = true;

beforeAll(async () => {
  srv = await startFaultServer({
    routes: {
      '/feed': (_req, res) =>
        busy
          ? res.writeHead(429, { 'retry-after': String(RETRY_AFTER_S) }).end()
          : res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED),
      // Answers 304 once read, so only the retry of pending items can ask for the page again.
      '/feed2': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        const item = `<item><title>Lavrov in Beijing</title><link>${srv.url('/a/1.html')}</link><guid>a1</guid></item>`;
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(FEED.replace('</channel>', `${item}</channel>`));
      },
      '/a/1.html': (_req, res) =>
        pageBusy
          ? res.writeHead(429, { 'retry-after': String(RETRY_AFTER_S) }).end()
          : res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
    },
  });
});
afterAll(() => srv.close());

/** One crawl of the test source (its one feed at `feed`) into `out`, its state there; Retry-After past 100 ms is
 *  beyond the cap, and nothing is retried within a run. */
function crawlInto(out: string, feed: string, dryRun = false) {
  return crawl({
    config: {
      userAgent: 'wirewatch-test/0.1',
      defaults: { minDelayMs: 0, perHostConcurrency: 1, timeoutMs: 3_000, maxBodyBytes: 256 * 1024, respectRobots: false },
      sources: [loopbackSource([srv.origin], { minDelayMs: 0, feeds: [`${srv.origin}${feed}`] })],
    },
    watchlist: loadWatchlistFile(join(ROOT, 'watchlist.json')),
    outDir: out,
    statePath: join(out, 'state.db'),
    log: pino({ level: 'silent' }),
    dryRun,
    fetch: { limits: { retries: 0, retryAfterCapMs: 100 } },
  });
}

describe('a Retry-After beyond the cap holds the host past the run', () => {
  it('the next run leaves the host alone until then, and asks again after', async () => {
    const out = scratch('ww-hold-');
    const state = join(out, 'state.db');
    const run = (dryRun = false) => crawlInto(out, '/feed', dryRun);
    const feedStatus = async (dryRun = false) => {
      const r = await run(dryRun);
      if (r.kind !== 'done') throw new Error(`run ended ${r.kind}`);
      return r.report.sources[0]?.feeds[0]?.status;
    };
    const holds = () => {
      const store = openStore(state, { readonly: true });
      try {
        return store.hostHolds(Date.now()).map((h) => h.host);
      } finally {
        store.close();
      }
    };

    // A dry run is told to wait as a run is, and keeps nothing.
    expect([await feedStatus(true), srv.count('/feed'), holds()]).toEqual(['deferred', 1, []]);
    expect([await feedStatus(), srv.count('/feed')]).toEqual(['deferred', 2]);
    expect(holds()).toEqual([new URL(srv.origin).hostname]);
    const sources = join(out, 'sources.json');
    writeFileSync(
      sources,
      JSON.stringify({
        userAgent: 'wirewatch-test/0.1',
        sources: [
          {
            id: 'test',
            name: 'Test',
            lang: 'en',
            timeZone: 'UTC',
            adapter: 'generic',
            feeds: [`${srv.origin}/feed`],
            allowPrivateNetwork: true,
          },
        ],
      }),
    );
    const status = await cli(['status', '--sources', sources, '--out', out]);
    expect(status.stdout).toMatch(/^test .* host asked not to be asked before \d{4}-\d\d-\d\d \d\d:\d\dZ$/m);
    const row = JSON.parse((await cli(['status', '--sources', sources, '--out', out, '--json'])).stdout)[0];
    expect(Date.parse(row.heldUntil) - Date.now()).toBeGreaterThan(0);
    // Within the wait: neither a run nor a dry run asks the host.
    expect([await feedStatus(), await feedStatus(true), srv.count('/feed')]).toEqual(['deferred', 'deferred', 2]);

    busy = false;
    await new Promise((r) => setTimeout(r, RETRY_AFTER_S * 1000 + 200));
    // Asked again: the feed answers (with no items: `empty`), and no hold is left.
    expect([await feedStatus(), srv.count('/feed'), holds()]).toEqual(['empty', 3, []]);
  }, 30_000);
});

describe('a page deferred by a host that asked to be left alone keeps its attempts', () => {
  it('the runs within the wait leave it untouched, and the first run after it reads the page', async () => {
    const out = scratch('ww-hold-page-');
    const run = () => crawlInto(out, '/feed2');
    // More runs within the wait than an item has attempts (SOURCE_DEFAULTS.maxAttempts).
    for (let i = 0; i < SOURCE_DEFAULTS.maxAttempts + 1; i++) await run();
    expect(srv.count('/a/1.html')).toBe(1);
    pageBusy = false;
    await new Promise((r) => setTimeout(r, RETRY_AFTER_S * 1000 + 200));
    await run();
    expect(srv.count('/a/1.html')).toBe(2);
    const store = openStore(join(out, 'state.db'), { readonly: true });
    try {
      expect(store.candidates().map((c) => c.title)).toEqual(['Lavrov in Beijing']);
    } finally {
      store.close();
    }
  }, 30_000);
});
