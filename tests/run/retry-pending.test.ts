// Pages that failed are retried on the next run even when their feed answers 304 (src/run.ts retryPending), a
// batch of commits at a time like a feed's items: more failed pages than one commit batch (RUN_DEFAULTS
// .commitBatchItems) all come back, each once, and every one is stored from its page.
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';
import { SOURCE_DEFAULTS } from '../../src/crawl-source.js';
import { openStore } from '../../src/state/store.js';
import { loopbackSource } from '../fetch/helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';
import { ROOT, scratch } from '../e2e/helpers.js';

const PAGES = SOURCE_DEFAULTS.commitBatchItems * 2 + 3;
const ETAG = '"feed-v1"';
const article = (i: number) =>
  `<html><head><meta charset="utf-8"><title>Lavrov talks ${i}</title></head><body><article><h1>Lavrov talks ${i}</h1>` +
  `<p>Sergey Lavrov met Wang Yi on Tuesday (meeting ${i}); the ministers discussed trade, energy and the railway corridor.</p>`.repeat(4) +
  '</article></body></html>';

let srv: FaultServer;
let pagesUp = false;

beforeAll(async () => {
  const routes: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void> = {
    '/feed': (req, res) => {
      if (req.headers['if-none-match'] === ETAG) return void res.writeHead(304).end();
      const items = Array.from(
        { length: PAGES },
        (_, i) => `<item><title>Lavrov talks ${i}</title><link>${srv.url(`/a/${i}.html`)}</link><guid>a${i}</guid></item>`,
      );
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: ETAG });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>${items.join('')}</channel></rss>`);
    },
  };
  for (let i = 0; i < PAGES; i++) {
    routes[`/a/${i}.html`] = (_req, res) =>
      pagesUp ? res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(i)) : res.writeHead(500).end();
  }
  srv = await startFaultServer({ routes });
});
afterAll(() => srv.close());

describe('failed pages come back on the next run while their feed answers 304', () => {
  it(`retries ${PAGES} pages (more than two commit batches) once each and stores every one from its page`, async () => {
    const out = scratch('ww-retry-pending-');
    const run = (now: string) =>
      crawl({
        config: {
          userAgent: 'wirewatch-test/0.1',
          defaults: { minDelayMs: 0, perHostConcurrency: 2, timeoutMs: 3_000, maxBodyBytes: 256 * 1024, respectRobots: false },
          sources: [loopbackSource([srv.origin], { minDelayMs: 0 })],
        },
        watchlist: loadWatchlistFile(join(ROOT, 'watchlist.json')),
        outDir: out,
        statePath: join(out, 'state.db'),
        now: new Date(now),
        log: pino({ level: 'silent' }),
        fetch: { limits: { retries: 0 } },
      });
    const first = await run('2026-12-01T12:00:00Z');
    if (first.kind !== 'done') throw new Error(`first run ended ${first.kind}`);
    const pendingAfter = () => {
      const store = openStore(join(out, 'state.db'), { readonly: true });
      try {
        return { pending: store.pendingItems({ sourceId: 'test' }).length, candidates: store.candidates() };
      } finally {
        store.close();
      }
    };
    // The titles hit the watchlist, so each item waits as feed_only (a feed-text match), to be retried.
    expect(pendingAfter().pending).toBe(PAGES);

    pagesUp = true;
    const before = srv.count('/a/0.html');
    const second = await run('2026-12-01T12:30:00Z');
    if (second.kind !== 'done') throw new Error(`second run ended ${second.kind}`);
    expect(srv.requests.filter((r) => r.path === '/feed').length).toBe(2);
    expect(srv.count('/a/0.html') - before).toBe(1);
    expect(second.report.counts.fetched).toBe(PAGES);
    const after = pendingAfter();
    expect(after.pending).toBe(0);
    // Each now from its page, not its feed text.
    expect(after.candidates.map((c) => c.feedOnly)).toEqual(Array(PAGES).fill(false));
  });
});
