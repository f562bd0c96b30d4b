// `sources check` (the live canary) and `record URL --source ID`, against a loopback site instead of the
// live outlets: the same fetch layer, adapters and fixture layout.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, readJson, scratch } from './helpers.js';

let server: Server;
/** Stories on fixtures/globaltimes/china-index.html, the section page served at /china/index.html. */
const LISTING_ITEMS = 4;
let base = '';
const pages: Record<string, [string, string]> = {};
/** Requests per path, to check that the canary fetches each channel once. */
const hits: Record<string, number> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    hits[req.url ?? ''] = (hits[req.url ?? ''] ?? 0) + 1;
    const hit = pages[req.url ?? ''];
    if (!hit) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': hit[0], etag: '"v1"' }).end(hit[1]);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pages['/feed.xml'] = [
    'application/rss+xml',
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Quay</title><item><title>Lavrov visits Beijing</title><link>${base}/a/1.html</link><pubDate>Wed, 18 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>`,
  ];
  pages['/a/1.html'] = [
    'text/html; charset=utf-8',
    `<html lang="en"><head><title>Lavrov visits Beijing - Quay</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"Lavrov visits Beijing","datePublished":"2026-11-18T10:00:00Z"}</script></head><body><article><h1>Lavrov visits Beijing</h1><p>Russian Foreign Minister Sergey Lavrov arrived in Beijing on Wednesday for talks with Wang Yi.</p><p>The ministers are expected to discuss trade and the situation in Central Asia.</p></article></body></html>`,
  ];
  pages['/sitemap.xml'] = [
    'application/xml',
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}/a/1.html</loc><lastmod>2026-11-18T10:00:00Z</lastmod></url></urlset>`,
  ];
  pages['/sitemap-index.xml'] = [
    'application/xml',
    `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${base}/sitemap.xml</loc><lastmod>2026-11-18T10:00:00Z</lastmod></sitemap></sitemapindex>`,
  ];
  pages['/china/index.html'] = ['text/html; charset=utf-8', readFileSync(join(ROOT, 'fixtures/globaltimes/china-index.html'), 'utf8')];
  pages['/blocked.xml'] = [
    'text/html',
    '<html><head><title>DDoS-Guard</title></head><body>Checking your browser before accessing. DDoS protection by DDoS-Guard</body></html>',
  ];
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

/** sourcesFile's sources with `change` applied to the parsed file (a source turned off, one added). */
function sourcesFileWith(dir: string, change: (doc: { sources: Record<string, unknown>[] }) => void): string {
  const file = sourcesFile(dir);
  const doc = readJson(file);
  change(doc);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function sourcesFile(dir: string): string {
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
      defaults: { minDelayMs: 0, timeoutMs: 3000 },
      sources: [
        {
          id: 'quay',
          name: 'Quay',
          lang: 'en',
          timeZone: 'UTC',
          adapter: 'generic',
          allowPrivateNetwork: true,
          feeds: [`${base}/feed.xml`],
        },
        {
          id: 'mapped',
          name: 'Mapped',
          lang: 'en',
          timeZone: 'UTC',
          adapter: 'generic',
          allowPrivateNetwork: true,
          channels: [{ kind: 'sitemap', url: `${base}/sitemap.xml` }],
        },
        {
          id: 'walled',
          name: 'Walled',
          lang: 'ru',
          timeZone: 'Europe/Moscow',
          adapter: 'generic',
          allowPrivateNetwork: true,
          feeds: [`${base}/blocked.xml`],
        },
      ],
    }),
  );
  return file;
}

describe('sources check', () => {
  it('reports a working source with its article, and a blocked one as blocked; exit 3', async () => {
    const dir = scratch('ww-canary-');
    for (const k of Object.keys(hits)) delete hits[k];
    const r = await cli(['sources', 'check', '--sources', sourcesFile(dir), '--json']);
    expect(r.code).toBe(3);
    const rows = JSON.parse(r.stdout) as any[];
    const quay = rows.find((x) => x.source === 'quay');
    expect(quay).toMatchObject({
      feedStatus: 'ok',
      items: 1,
      adapter: 'generic@1',
      confidence: 'high',
      title: 'Lavrov visits Beijing',
      publishedAt: '2026-11-18T10:00+00:00',
      paragraphs: 2,
    });
    expect(quay.problem).toBeUndefined();
    expect(rows.find((x) => x.source === 'walled')).toMatchObject({ feedStatus: 'blocked' });
    // A source without a feed takes its article from its first channel, here a sitemap.
    expect(rows.find((x) => x.source === 'mapped')).toMatchObject({
      feed: `${base}/sitemap.xml`,
      feedStatus: 'ok',
      article: `${base}/a/1.html`,
      confidence: 'high',
      title: 'Lavrov visits Beijing',
    });
    // The article check reuses the channel read: every channel is fetched once.
    expect([hits['/feed.xml'], hits['/sitemap.xml'], hits['/blocked.xml']]).toEqual([1, 1, 1]);
  });

  it('--only naming a disabled source checks it alone, and says so', async () => {
    const dir = scratch('ww-canary-off-');
    const sources = sourcesFileWith(dir, (doc) => {
      doc.sources.find((x) => x.id === 'walled')!.enabled = false;
    });
    const r = await cli(['sources', 'check', '--sources', sources, '--only', 'walled', '--json']);
    expect(r.stderr).toContain('wirewatch: --only names walled, disabled in the sources file: read this time all the same');
    expect((JSON.parse(r.stdout) as any[]).map((x) => [x.source, x.feedStatus])).toEqual([['walled', 'blocked']]);
    expect(r.code).toBe(3);
  });
});

describe('record', () => {
  it('saves raw bytes, status, headers and time in the fixtures layout, with an unreviewed draft golden; replay serves it back', async () => {
    const dir = scratch('ww-record-');
    const fixtures = join(dir, 'fixtures');
    const sources = sourcesFile(dir);
    const page = await cli(['record', `${base}/a/1.html`, '--source', 'quay', '--sources', sources, '--fixtures', fixtures]);
    expect(page.code).toBe(0);
    const feed = await cli(['record', `${base}/feed.xml`, '--source', 'quay', '--sources', sources, '--fixtures', fixtures]);
    expect(feed.code).toBe(0);
    const body = join(fixtures, 'quay', 'pages', 'a-1-html.html');
    expect(readFileSync(body, 'utf8')).toBe(pages['/a/1.html']![1]);
    const meta = readJson(`${body}.meta.json`);
    expect(meta).toMatchObject({ url: `${base}/a/1.html`, status: 200 });
    expect(meta.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(readJson(join(fixtures, 'quay', 'pages', 'a-1-html.expected.json'))).toMatchObject({
      reviewed: false,
      title: 'Lavrov visits Beijing',
      paragraphCount: 2,
    });
    expect(existsSync(join(fixtures, 'quay', 'feed-feed-xml.xml.meta.json'))).toBe(true);
    const again = await cli(['record', `${base}/a/1.html`, '--source', 'quay', '--sources', sources, '--fixtures', fixtures]);
    expect(again.code).toBe(2);
    // The recording replays through the crawl, with the server gone from the picture.
    const out = join(dir, 'out');
    const crawl = await cli([
      'crawl',
      '--sources',
      sources,
      '--watchlist',
      join(ROOT, 'watchlist.json'),
      '--only',
      'quay',
      '--replay',
      fixtures,
      '--out',
      out,
      '--now',
      '2026-11-22T06:00:00Z',
      '-q',
    ]);
    expect(crawl.code).toBe(0);
    expect(readJson(join(out, 'candidates.json')).items.map((i: any) => i.title)).toEqual(['Lavrov visits Beijing']);
  });

  it("a section page is saved beside the feed as a listing, read by the adapter's listing rules", async () => {
    const dir = scratch('ww-record-listing-');
    const fixtures = join(dir, 'fixtures');
    const url = `${base}/china/index.html`;
    const sources = sourcesFileWith(dir, (doc) => {
      doc.sources.push({
        ...{ id: 'sectioned', name: 'Sectioned', lang: 'en', timeZone: 'Asia/Shanghai', adapter: 'globaltimes' },
        ...{ allowPrivateNetwork: true, channels: [{ kind: 'listing', url }] },
      });
    });
    const r = await cli(['record', url, '--source', 'sectioned', '--sources', sources, '--fixtures', fixtures]);
    const saved = join(fixtures, 'sectioned', 'listing-china-index-html.html');
    expect([r.code, r.stdout.trim()]).toEqual([0, `recorded ${url} → ${saved}: a section page of ${LISTING_ITEMS} items`]);
    expect(readFileSync(saved, 'utf8')).toBe(pages['/china/index.html']![1]);
    expect(readJson(`${saved}.meta.json`)).toMatchObject({ url, status: 200, origin: 'recorded' });
    expect(existsSync(join(fixtures, 'sectioned', 'pages'))).toBe(false);
  });

  it('a sitemap is saved beside the feed, not as an article page, read by the channel stage, and replays', async () => {
    const dir = scratch('ww-record-map-');
    const fixtures = join(dir, 'fixtures');
    const sources = sourcesFile(dir);
    const record = (url: string, source: string, into = fixtures) =>
      cli(['record', url, '--source', source, '--sources', sources, '--fixtures', into]);
    const map = await record(`${base}/sitemap.xml`, 'mapped');
    expect([map.code, map.stdout.trim()]).toEqual([
      0,
      `recorded ${base}/sitemap.xml → ${join(fixtures, 'mapped', 'sitemap-sitemap-xml.xml')}: a sitemap of 1 items`,
    ]);
    expect(existsSync(join(fixtures, 'mapped', 'pages'))).toBe(false);
    // Not one of quay's channels, but a sitemap all the same (as a child of a sitemap index would be).
    const other = join(dir, 'other');
    expect((await record(`${base}/sitemap.xml`, 'quay', other)).stdout).toMatch(/quay\/sitemap-sitemap-xml\.xml: a sitemap of 1 items$/m);
    expect(existsSync(join(other, 'quay', 'pages'))).toBe(false);
    expect((await record(`${base}/a/1.html`, 'mapped')).code).toBe(0);
    const out = join(dir, 'out');
    const crawl = await cli([
      'crawl',
      ...['--sources', sources, '--watchlist', join(ROOT, 'watchlist.json'), '--only', 'mapped'],
      ...['--replay', fixtures, '--out', out, '--now', '2026-11-22T06:00:00Z', '-q'],
    ]);
    expect(crawl.code).toBe(0);
    expect(readJson(join(out, 'candidates.json')).items.map((i: any) => i.title)).toEqual(['Lavrov visits Beijing']);
  });

  it("a channel needs no --source (the source that lists it is taken); an article page needs it when its host is several sources'", async () => {
    const dir = scratch('ww-record-owner-');
    const fixtures = join(dir, 'fixtures');
    const sources = sourcesFile(dir);
    const map = await cli(['record', `${base}/sitemap.xml`, '--sources', sources, '--fixtures', fixtures]);
    expect([map.code, map.stdout.trim()]).toEqual([
      0,
      `recorded ${base}/sitemap.xml → ${join(fixtures, 'mapped', 'sitemap-sitemap-xml.xml')}: a sitemap of 1 items`,
    ]);
    const page = await cli(['record', `${base}/a/1.html`, '--sources', sources, '--fixtures', fixtures]);
    expect([page.code, page.stderr]).toEqual([
      2,
      expect.stringContaining(`record needs --source ID: ${new URL(base).host} is read by sources quay, mapped, walled\n`),
    ]);
  });

  it.each([
    ['the one source on its host takes it', (d: { sources: Record<string, unknown>[] }) => void d.sources.splice(1), 0, 'quay'],
    [
      'no source on its host: --source is needed',
      (d: { sources: Record<string, unknown>[] }) => {
        d.sources = [{ ...d.sources[0], feeds: ['https://quay.example.org/feed.xml'] }];
      },
      2,
      undefined,
    ],
  ])('an article page without --source: %s', async (_case, change, code, id) => {
    const dir = scratch('ww-record-owner-');
    const fixtures = join(dir, 'fixtures');
    const r = await cli(['record', `${base}/a/1.html`, '--sources', sourcesFileWith(dir, change), '--fixtures', fixtures]);
    expect(r.code, r.stderr).toBe(code);
    if (id) expect(existsSync(join(fixtures, id, 'pages', 'a-1-html.html'))).toBe(true);
    else expect(r.stderr).toMatch(/record needs --source ID: \S+ is no channel of a source in \S+, nor on a host one reads \(ids: quay\)/);
  });

  it('a sitemap index names the sitemaps a replay needs recorded too', async () => {
    const dir = scratch('ww-record-index-');
    const fixtures = join(dir, 'fixtures');
    const r = await cli([
      'record',
      `${base}/sitemap-index.xml`,
      '--source',
      'mapped',
      '--sources',
      sourcesFile(dir),
      '--fixtures',
      fixtures,
    ]);
    expect([r.code, r.stdout.trim()]).toEqual([
      0,
      `recorded ${base}/sitemap-index.xml → ${join(fixtures, 'mapped', 'sitemap-sitemap-index-xml.xml')}: a sitemap index: record its sitemap too, to replay this channel whole: ${base}/sitemap.xml`,
    ]);
  });
});
