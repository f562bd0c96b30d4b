// Outside feeds the project never saw, served on loopback: RSS 2.0 in UTF-8 and Atom in GB2312, article
// pages in a plain <article> layout with JSON-LD, crawled through the generic adapter by a source that sets
// "allowPrivateNetwork": true. The watchlist's hits, titles and times must come out right, and a second run
// must refetch nothing (the server counts every request).
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, readJson, runReports, scratch } from './helpers.js';

interface Route {
  body: Buffer;
  type: string;
  etag: string;
}
const routes = new Map<string, Route>();
const hits = new Map<string, number>();
let server: Server;
let base = '';

const page = (
  title: string,
  iso: string,
  paras: string[],
  lang: string,
) => `<!doctype html><html lang="${lang}"><head><meta charset="${lang === 'zh' ? 'gb2312' : 'utf-8'}">
<title>${title} | Harbour Post</title><meta property="og:site_name" content="Harbour Post">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":${JSON.stringify(title)},"datePublished":"${iso}","author":{"@type":"Person","name":"Mira Stone"}}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>${title}</h1><p class="byline">By Mira Stone</p>${paras.map((p) => `<p>${p}</p>`).join('\n')}</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/x">Putin attends a football final in Sochi</a></li><li><a href="/y">Markets close higher</a></li></ul></aside></main>
<footer><p>© Harbour Post. Sanctions policy and terms of use.</p></footer></body></html>`;

function serve(path: string, body: Buffer, type: string): void {
  routes.set(path, { body, type, etag: `"${path.length}-${body.length}"` });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const r = routes.get(path);
    if (!r) return void res.writeHead(404).end('not found');
    if (req.headers['if-none-match'] === r.etag) return void res.writeHead(304, { etag: r.etag }).end();
    res.writeHead(200, { 'content-type': r.type, etag: r.etag }).end(r.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  serve(
    '/en/a1.html',
    Buffer.from(
      page(
        'Lavrov and Wang Yi pledge deeper trade ties',
        '2026-11-18T15:20:00+03:00',
        [
          'Russian Foreign Minister Sergey Lavrov met his Chinese counterpart Wang Yi in Beijing on Wednesday.',
          'The two ministers discussed trade in national currencies and the situation in Central Asia.',
          'They said the partnership was not directed against third countries.',
        ],
        'en',
      ),
    ),
    'text/html; charset=utf-8',
  );
  serve(
    '/en/a2.html',
    Buffer.from(
      page(
        'Harbour festival draws record crowds',
        '2026-11-19T09:00:00+00:00',
        [
          'The annual harbour festival drew a record number of visitors this weekend.',
          'Organisers thanked volunteers and the city council for their support.',
        ],
        'en',
      ),
    ),
    'text/html; charset=utf-8',
  );
  serve(
    '/zh/b1.html',
    iconv.encode(
      page(
        '王毅同拉夫罗夫举行会谈',
        '2026-11-18T20:05:00+08:00',
        ['11月18日，外交部长王毅在北京同俄罗斯外长拉夫罗夫举行会谈。', '双方表示，中俄关系保持高水平运行，愿扩大贸易和绿色能源合作。'],
        'zh',
      ),
      'gb2312',
    ),
    'text/html',
  );
  serve(
    '/zh/b2.html',
    iconv.encode(
      page('北京今日天气晴朗', '2026-11-19T08:00:00+08:00', ['北京今日天气晴朗，气温较低。', '市民出行请注意保暖。'], 'zh'),
      'gb2312',
    ),
    'text/html',
  );
  const rss = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Harbour Post</title><link>${base}/</link>
<item><title>Lavrov and Wang Yi pledge deeper trade ties</title><link>${base}/en/a1.html</link><guid>${base}/en/a1.html</guid><pubDate>Wed, 18 Nov 2026 12:20:00 GMT</pubDate></item>
<item><title>Harbour festival draws record crowds</title><link>${base}/en/a2.html</link><guid>${base}/en/a2.html</guid><pubDate>Thu, 19 Nov 2026 09:00:00 GMT</pubDate></item>
</channel></rss>`;
  serve('/en/rss.xml', Buffer.from(rss), 'application/rss+xml; charset=utf-8');
  const atom = `<?xml version="1.0" encoding="gb2312"?><feed xmlns="http://www.w3.org/2005/Atom"><title>港口日报</title><id>tag:harbour,zh</id><updated>2026-11-19T08:00:00+08:00</updated>
<entry><title>王毅同拉夫罗夫举行会谈</title><link href="${base}/zh/b1.html"/><id>tag:harbour,b1</id><updated>2026-11-18T20:05:00+08:00</updated></entry>
<entry><title>北京今日天气晴朗</title><link href="${base}/zh/b2.html"/><id>tag:harbour,b2</id><updated>2026-11-19T08:00:00+08:00</updated></entry></feed>`;
  serve('/zh/atom.xml', iconv.encode(atom, 'gb2312'), 'application/atom+xml');
});

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

function writeSources(dir: string): string {
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
      defaults: { minDelayMs: 0, perHostConcurrency: 2, timeoutMs: 5000, maxBodyBytes: 1048576, respectRobots: true },
      sources: [
        {
          id: 'harbour-en',
          name: 'Harbour Post',
          lang: 'en',
          timeZone: 'Europe/London',
          adapter: 'generic',
          allowPrivateNetwork: true,
          feeds: [`${base}/en/rss.xml`],
        },
        {
          id: 'harbour-zh',
          name: '港口日报',
          lang: 'zh',
          timeZone: 'Asia/Shanghai',
          adapter: 'generic',
          allowPrivateNetwork: true,
          feeds: [`${base}/zh/atom.xml`],
        },
      ],
    }),
  );
  return file;
}

describe('a generic source on a loopback server', () => {
  const out = scratch();
  let sources = '';
  const args = () => [
    'crawl',
    '--sources',
    sources,
    '--watchlist',
    join(ROOT, 'watchlist.json'),
    '--out',
    out,
    '--now',
    '2026-11-22T06:00:00Z',
    '-q',
  ];

  it('crawls RSS and Atom, UTF-8 and GB2312, and flags what the watchlist asks for', async () => {
    sources = writeSources(out);
    const r = await cli(args());
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    const doc = readJson(join(out, 'candidates.json'));
    const byTitle = new Map(doc.items.map((i: any) => [i.title, i]));
    expect([...byTitle.keys()].sort()).toEqual(['Lavrov and Wang Yi pledge deeper trade ties', '王毅同拉夫罗夫举行会谈'].sort());
    const en: any = byTitle.get('Lavrov and Wang Yi pledge deeper trade ties');
    expect(en.publishedAt).toBe('2026-11-18T12:20+00:00');
    expect(en.matches.map((m: any) => m.rule)).toEqual(expect.arrayContaining(['lavrov', 'wang-yi', 'trade', 'central-asia']));
    expect(en.matches.map((m: any) => m.rule)).not.toContain('putin'); // only in the related list, which is not the article
    expect(en.matches.map((m: any) => m.rule)).not.toContain('sanctions'); // only in the footer
    const zh: any = byTitle.get('王毅同拉夫罗夫举行会谈');
    expect(zh.publishedAt).toBe('2026-11-18T20:05+08:00');
    expect(zh.extraction.charset).toBe('gb18030');
    expect(zh.matches.map((m: any) => m.rule)).toEqual(expect.arrayContaining(['lavrov', 'wang-yi', 'china-russia', 'green-energy']));
  });

  it('refetches nothing on the second run: one conditional request per feed, no page', async () => {
    const pagesBefore = ['/en/a1.html', '/en/a2.html', '/zh/b1.html', '/zh/b2.html'].map((p) => hits.get(p) ?? 0);
    expect(pagesBefore).toEqual([1, 1, 1, 1]);
    const r = await cli(args());
    expect(r.code).toBe(0);
    expect(['/en/a1.html', '/en/a2.html', '/zh/b1.html', '/zh/b2.html'].map((p) => hits.get(p) ?? 0)).toEqual(pagesBefore);
    expect(hits.get('/en/rss.xml')).toBe(2);
    expect(hits.get('/zh/atom.xml')).toBe(2);
    const report = runReports(out).at(-1);
    expect(report.counts.flagged).toBe(0);
    expect(report.sources.map((s: any) => s.status)).toEqual(['not_modified', 'not_modified']);
  });
});
