// `wirewatch feed FILE` of a recording reads it as the crawl read it: the sidecar (`FILE.meta.json`) gives the address
// and the Content-Type the server sent, and the source listing that address as a channel gives the zone for
// zone-less dates and the charset hint; stderr says which source was taken. --source and --url still win. A sitemap
// or section page is read through the channel stage; extract of one says which command reads it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, scratch } from './helpers.js';

const CHANNEL = 'https://desk.example.org/rss.xml';
/** <url> entries of fixtures/globaltimes/sitemap-2026-11.xml. */
const GT_SITEMAP_URLS = 2;
// Our own text, in windows-1251 with no XML declaration of it: only the recorded header names the charset.
const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Лента МИД</title>
<item><link>https://desk.example.org/1</link><title>Лавров провёл переговоры</title><pubDate>Sat, 21 Nov 2026 09:30:00</pubDate></item>
</channel></rss>`;

function recording(): { dir: string; file: string; sources: string } {
  const dir = scratch('ww-feedrec-');
  const file = join(dir, 'feed.xml');
  writeFileSync(file, encode1251(FEED));
  writeFileSync(
    `${file}.meta.json`,
    JSON.stringify({ url: CHANNEL, status: 200, headers: { 'content-type': 'application/rss+xml; charset=windows-1251' } }),
  );
  const sources = join(dir, 'sources.json');
  writeFileSync(
    sources,
    JSON.stringify({
      userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
      sources: [
        { id: 'desk', name: 'Desk', lang: 'ru', timeZone: 'Europe/Moscow', adapter: 'generic', feeds: [CHANNEL] },
        {
          id: 'east',
          name: 'East',
          lang: 'zh',
          timeZone: 'Asia/Shanghai',
          adapter: 'generic',
          feeds: ['https://east.example.org/rss.xml'],
        },
      ],
    }),
  );
  return { dir, file, sources };
}

const encode1251 = (text: string): Buffer => iconv.encode(text, 'windows-1251');

describe('wirewatch feed FILE of a recording', () => {
  it("reads it at its recorded address, in the recorded charset, with its channel's source zone", async () => {
    const { file, sources } = recording();
    const r = await cli(['feed', file, '--sources', sources]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wirewatch: ${CHANNEL} is a channel of desk: read with its zone and charset hint\n`);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ url: CHANNEL, charset: 'windows-1251', charsetSource: 'header', title: 'Лента МИД' });
    expect(out.items[0]).toMatchObject({ title: 'Лавров провёл переговоры', publishedAt: '2026-11-21T09:30+03:00' });
  });

  it.each([
    [
      '--url elsewhere: no source taken, the zone-less time read as UTC',
      ['--url', 'https://other.example.org/rss.xml'],
      '2026-11-21T09:30+00:00',
    ],
    ['--source names another: its zone, and nothing said', ['--source', 'east'], '2026-11-21T09:30+08:00'],
  ])('%s', async (_case, flags, publishedAt) => {
    const { file, sources } = recording();
    const r = await cli(['feed', file, '--sources', sources, ...flags]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).items[0].publishedAt).toBe(publishedAt);
  });
});

describe('wirewatch feed FILE when a source turned off lists the same channel', () => {
  it('takes the enabled source, whichever comes first in the file', async () => {
    const { file, sources } = recording();
    const config = JSON.parse(readFileSync(sources, 'utf8'));
    const old = {
      id: 'old-desk',
      name: 'Old',
      lang: 'zh',
      timeZone: 'Asia/Shanghai',
      adapter: 'generic',
      enabled: false,
      feeds: [CHANNEL],
    };
    writeFileSync(sources, JSON.stringify({ ...config, sources: [old, ...config.sources] }));
    const r = await cli(['feed', file, '--sources', sources]);
    expect(r.stderr).toBe(`wirewatch: ${CHANNEL} is a channel of desk: read with its zone and charset hint\n`);
    expect(JSON.parse(r.stdout).items[0].publishedAt).toBe('2026-11-21T09:30+03:00');
  });
});

describe('wirewatch feed of a sitemap or section page: the channel stage, as the crawl reads it', () => {
  const GT = 'https://www.globaltimes.cn';
  const asChannel = (url: string) => `wirewatch: ${url} is a channel of globaltimes: read with its zone and charset hint\n`;
  it.each([
    [
      'a section page of a source, by its listing rules',
      'globaltimes/china-index.html',
      0,
      'listing',
      4,
      asChannel(`${GT}/china/index.html`),
    ],
    [
      'a sitemap no source lists, by its root element, read with the zone of the source on its host',
      'globaltimes/sitemap-2026-11.xml',
      0,
      'sitemap',
      GT_SITEMAP_URLS,
      `wirewatch: ${GT}/sitemap/2026-11.xml is on a host globaltimes reads: read with its zone and charset hint\n`,
    ],
    [
      'a sitemap index: its sitemaps are other files, named',
      'globaltimes/sitemap.xml',
      3,
      undefined,
      undefined,
      `${asChannel(`${GT}/sitemap.xml`)}wirewatch: a sitemap index; its sitemaps are read from their own files (give each to feed): ${GT}/sitemap/2026-11.xml\n`,
    ],
  ])('%s', async (_case, file, code, format, items, stderr) => {
    const r = await cli(['feed', join(FIXTURES, file)]);
    expect([r.code, r.stderr]).toEqual([code, stderr]);
    const out = JSON.parse(r.stdout);
    expect([out.format, out.items?.length]).toEqual([format, items]);
    if (format) expect(out.items[0].publishedAt).toMatch(/\+08:00$/);
  });
});

describe('wirewatch extract of a channel', () => {
  it('says the address is a channel, and which command reads it; the page still fails as no article', async () => {
    const r = await cli(['extract', join(FIXTURES, 'globaltimes/china-index.html')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'wirewatch: https://www.globaltimes.cn/china/index.html is a channel of globaltimes, not an article: `wirewatch feed` reads it as the crawl does\n',
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', code: 'extract_error' });
  });
});

describe('wirewatch feed URL --charset', () => {
  it('reads the fetched body as if the header had named that charset', async () => {
    const server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(encode1251(FEED)));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss.xml`;
      const sources = join(scratch('ww-feedurl-'), 'sources.json');
      const desk = { id: 'desk', name: 'Desk', lang: 'ru', timeZone: 'Europe/Moscow', adapter: 'generic', allowPrivateNetwork: true };
      writeFileSync(
        sources,
        JSON.stringify({ userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)', sources: [{ ...desk, feeds: [url] }] }),
      );
      const r = await cli(['feed', url, '--sources', sources, '--charset', 'windows-1251']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ url, charset: 'windows-1251', charsetSource: 'header', title: 'Лента МИД' });
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
