// The crawl asks for its pages left encoded (src/run.ts processItem → fetchPage with `keepEncoded`): a gzip page
// waits for the worker compressed and is decoded where it is read, so the fetcher's own decoded-byte count holds
// the feed and not the page, while the page is still extracted and matched.
import { join } from 'node:path';
import zlib from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';
import type { FetchStats } from '../../src/fetch/limits.js';
import { loopbackSource } from '../fetch/helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';
import { ROOT, scratch } from '../e2e/helpers.js';

const PAGE = Buffer.from(
  '<html><head><meta charset="utf-8"><title>Lavrov talks in Beijing</title></head><body><article>' +
    '<h1>Lavrov talks in Beijing</h1>' +
    '<p>Sergey Lavrov met Wang Yi on Tuesday; the ministers discussed trade, energy and the railway corridor.</p>'.repeat(6) +
    '</article></body></html>',
);
let srv: FaultServer;
let feed: Buffer;

beforeAll(async () => {
  srv = await startFaultServer({
    routes: {
      '/feed': (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(zlib.gzipSync(feed)),
      '/a/1.html': (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(zlib.gzipSync(PAGE)),
    },
  });
  feed = Buffer.from(
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title><item><title>Lavrov talks in Beijing</title>' +
      `<link>${srv.url('/a/1.html')}</link><guid>a1</guid><pubDate>Tue, 01 Dec 2026 09:00:00 +0300</pubDate></item></channel></rss>`,
  );
});
afterAll(() => srv.close());

/** A crawl of the feed and its one page; `warnBodyBytes` is the fetcher's large-body mark. Returns the run and
 *  the log lines it wrote. */
async function crawlOnce(workers: number, warnBodyBytes?: number) {
  const out = scratch('ww-keep-encoded-');
  const lines: { msg?: string; url?: string; bytes?: number }[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const r = await crawl({
    config: {
      userAgent: 'wirewatch-test/0.1',
      defaults: { minDelayMs: 0, perHostConcurrency: 1, timeoutMs: 3_000, maxBodyBytes: 256 * 1024, respectRobots: false },
      sources: [loopbackSource([srv.origin])],
    },
    watchlist: loadWatchlistFile(join(ROOT, 'watchlist.json')),
    outDir: out,
    statePath: join(out, 'state.db'),
    now: new Date('2026-12-01T12:00:00Z'),
    log,
    workers,
    ...(warnBodyBytes === undefined ? {} : { fetch: { limits: { warnBodyBytes } } }),
  });
  if (r.kind !== 'done') throw new Error(`crawl ended ${r.kind}`);
  return { r, lines };
}

describe('the crawl leaves its pages encoded for the reader', () => {
  it('counts the gzip feed as decoded by the fetcher, not the gzip page, and still extracts the page', async () => {
    const { r } = await crawlOnce(0);
    expect(r.report.counts.fetched).toBe(1);
    expect(r.report.counts.flagged).toBe(1);
    expect((r.report.fetch as FetchStats).bytesDecoded).toBe(feed.length);
  });

  // The fetcher cannot see a page's decoded size when the page is decoded where it is read: the crawl logs it.
  it.each([
    ['on the main thread', 0],
    ['in a page worker', 1],
  ])('logs a page past the large-body mark as the fetcher would, read %s', async (_name, workers) => {
    const { lines } = await crawlOnce(workers, PAGE.length - 1);
    const large = lines.filter((l) => l.msg === 'large body');
    // The feed is decoded by the fetcher, under the mark; the page by its reader, past it.
    expect(feed.length).toBeLessThan(PAGE.length - 1);
    expect(large.map((l) => [l.url, l.bytes])).toEqual([[srv.url('/a/1.html'), PAGE.length]]);
  });
});
