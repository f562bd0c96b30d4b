// `wirewatch extract` without --source reads a page as the crawl would: with the source that reads the page's host
// (its adapter claims the host, or a channel sits on it), so that source's zone, charset hint and fetch settings
// apply and the JSON names it. Two sources on one host (mid.ru) are told apart by the path's first segment; when
// that does not settle it, neither is taken and stderr says so.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOwners } from '../../src/commands/fetch-one.js';
import { loadSources } from '../../src/config.js';
import { ROOT, cli, scratch } from './helpers.js';

describe('hostOwners: the sources of sources.json that read an article address', () => {
  const config = loadSources(join(ROOT, 'sources.json'));
  it.each([
    ['https://tass.ru/politika/20000001', ['tass-ru']],
    ['https://www.tass.com/world/2000001', ['tass-en']],
    ['https://mid.ru/en/foreign_policy/news/2061102/', ['mid-en']],
    ['https://www.mid.ru/ru/foreign_policy/news/2060988/', ['mid-ru']],
    ['https://mid.ru/foreign_policy/news/2060988/', ['mid-en', 'mid-ru']],
    ['http://world.people.com.cn/n1/2026/1117/c1002-40000001.html', ['people-zh']],
    ['http://en.people.cn/n3/2026/1117/c90000-20000001.html', ['people-en']],
    ['https://www.globaltimes.cn/page/202611/1300001.shtml', ['globaltimes']],
    ['https://example.org/news/1', []],
    ['file:///tmp/page.html', []],
  ])('%s → %j', (url, ids) => {
    expect(hostOwners(config, url).map((s) => s.id)).toEqual(ids);
  });
});

// Our own text, in windows-1251 with no charset declared anywhere, and a time with no zone: only the source's
// charset hint and zone read it right.
const PAGE = `<!doctype html><html><head><title>Лавров провёл переговоры</title>
<meta property="article:published_time" content="2026-11-21T09:30:00"></head>
<body><article><h1>Лавров провёл переговоры</h1>
<p>Министр иностранных дел провёл переговоры с коллегой и обсудил подготовку визита в Пекин в будущем году.</p>
<p>Стороны договорились продолжить консультации по вопросам региональной безопасности и торговли.</p>
</article></body></html>`;

function sourcesFile(dir: string, channel: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
      defaults: { minDelayMs: 0, timeoutMs: 2000 },
      sources: [
        {
          id: 'desk',
          name: 'Desk',
          lang: 'ru',
          timeZone: 'Asia/Vladivostok',
          adapter: 'generic',
          encoding: 'windows-1251',
          feeds: [channel],
          ...extra,
        },
      ],
    }),
  );
  return file;
}

describe('extract FILE --url: the address picks the source', () => {
  it.each([
    [
      'the host of a channel: its source, zone and charset hint',
      'https://desk.example.org/news/1',
      'desk',
      '2026-11-21T09:30+10:00',
      'hint',
    ],
    [
      'another host: no source, the zone guessed from the Russian text',
      'https://other.example.org/news/1',
      undefined,
      '2026-11-21T09:30+03:00',
      'detected',
    ],
  ])('%s', async (_case, url, source, publishedAt, charsetSource) => {
    const dir = scratch('ww-owner-');
    const page = join(dir, 'page.html');
    writeFileSync(page, iconv.encode(PAGE, 'windows-1251'));
    const r = await cli(['extract', page, '--url', url, '--sources', sourcesFile(dir, 'https://desk.example.org/rss.xml')]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout);
    expect([out.source, out.publishedAt, out.charsetSource, out.title]).toEqual([
      source,
      publishedAt,
      charsetSource,
      'Лавров провёл переговоры',
    ]);
  });

  it('two sources on the host and no path to tell them apart: neither, and stderr says so', async () => {
    const dir = scratch('ww-owner-');
    const page = join(dir, 'page.html');
    writeFileSync(page, iconv.encode(PAGE, 'windows-1251'));
    const r = await cli(['extract', page, '--url', 'https://mid.ru/foreign_policy/news/1/']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'wirewatch: mid.ru is read by sources mid-en, mid-ru: read as neither, with no zone or charset hint (--source picks one)\n',
    );
    expect(JSON.parse(r.stdout).source).toBeUndefined();
  });
});

describe('extract URL: fetched with the settings of the source that reads its host', () => {
  let base = '';
  const server = createServer((req, res) => {
    if (req.url === '/robots.txt')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /news/\n');
    res.writeHead(200, { 'content-type': 'text/html' }).end(iconv.encode(PAGE, 'windows-1251'));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    ['a source that ignores robots.txt: fetched and read in its zone', false, 0, '2026-11-21T09:30+10:00'],
    ['a source that obeys it: skipped by robots.txt', true, 3, undefined],
  ])('%s', async (_case, respectRobots, code, publishedAt) => {
    const dir = scratch('ww-owner-');
    const sources = sourcesFile(dir, `${base}/rss.xml`, { respectRobots, allowPrivateNetwork: true });
    const r = await cli(['extract', `${base}/news/1`, '--sources', sources]);
    expect(r.code, r.stderr).toBe(code);
    expect(JSON.parse(r.stdout).publishedAt).toBe(publishedAt);
  });
});
