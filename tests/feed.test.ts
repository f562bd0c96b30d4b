// Feed parsing on bytes we write: the three formats, dates in the source's zone, and hostile or broken XML.
import { describe, expect, it } from 'vitest';
import { feedDate, parseFeed } from '../src/feed.js';

const ctx = { feedUrl: 'https://tass.com/rss/v2.xml', timeZone: 'Europe/Moscow', now: new Date('2026-11-22T06:00:00Z') };
const rss = (items: string, head = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${head}<rss version="2.0"><channel><title>TASS</title><link>https://tass.com</link>${items}</channel></rss>`;
const item = (link: string, title: string, date = 'Wed, 18 Nov 2026 14:05:00 +0300') =>
  `<item><title>${title}</title><link>${link}</link><guid>${link}</guid><pubDate>${date}</pubDate><description>Lead of ${title}</description></item>`;

describe('parseFeed formats', () => {
  it.each([
    ['RSS 2.0', rss(item('https://tass.com/politics/1', 'Lavrov meets Wang Yi')), 'https://tass.com/politics/1', '2026-11-18T14:05+03:00'],
    [
      'RSS 1.0 (RDF)',
      `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>T</title></channel><item rdf:about="https://tass.com/politics/2"><title>Arctic route</title><link>https://tass.com/politics/2</link><dc:date>2026-11-18T10:00:00Z</dc:date></item></rdf:RDF>`,
      'https://tass.com/politics/2',
      '2026-11-18T13:00+03:00',
    ],
    [
      'Atom',
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Atom entry</title><link href="/world/3"/><id>tag:x,3</id><updated>2026-11-18T09:30:00+08:00</updated></entry></feed>`,
      'https://tass.com/world/3',
      '2026-11-18T04:30+03:00',
    ],
  ])('%s', async (_n, xml, link, date) => {
    const r = await parseFeed(xml, ctx);
    expect(r.kind).toBe('feed');
    if (r.kind !== 'feed') return;
    expect(r.items[0]?.link).toBe(link);
    expect(r.items[0]?.publishedAt).toBe(date);
  });
});

describe('feed dates are read in the source zone, never the host zone, never in the future', () => {
  it.each([
    ['RFC 2822 with offset', 'Thu, 23 Dec 2021 20:37:15 +0300', 'Europe/Moscow', '2021-12-23T20:37:15+03:00'],
    ['zone-less, Beijing source', '2018-09-18 14:38:10', 'Asia/Shanghai', '2018-09-18T14:38:10+08:00'],
    ['GMT shown in Moscow', 'Sun, 28 Jun 2020 21:16:15 GMT', 'Europe/Moscow', '2020-06-29T00:16:15+03:00'],
    ['garbage', '31 Feb 99:00', 'Europe/Moscow', undefined],
    ['in the future', 'Wed, 18 Nov 2099 14:05:00 +0300', 'Europe/Moscow', undefined],
  ])('%s', (_n, value, timeZone, expected) => {
    expect(feedDate(value, { timeZone, now: ctx.now })).toBe(expected);
  });
});

describe('not a feed, broken and hostile XML', () => {
  it.each([
    ['an HTML page', '<!doctype html><html><body>Sign in</body></html>', 'not_a_feed'],
    ['a JSON error', '{"error":"rate limited"}', 'not_a_feed'],
    ['an empty body', '   ', 'not_a_feed'],
  ])('%s → %s', async (_n, body, kind) => {
    expect((await parseFeed(body, ctx)).kind).toBe(kind);
  });

  it('an image read as a feed is binary content, whatever tag-like bytes it holds', async () => {
    const png = `\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0${'<a'.repeat(300)}`;
    expect(await parseFeed(png, ctx)).toEqual({
      kind: 'not_a_feed',
      reason: 'binary content (NUL bytes, no markup at the start), not a feed',
    });
  });

  it('a bare & gets one lenient reparse and keeps its items', async () => {
    const r = await parseFeed(rss(item('https://tass.com/politics/5', 'Trade & energy')), ctx);
    expect(r.kind === 'feed' && r.parseMode).toBe('lenient');
    expect(r.kind === 'feed' && r.items[0]?.title).toContain('Trade');
  });

  it('T18 billion laughs and XXE are never expanded', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY xxe SYSTEM "file:///etc/hostname">]><rss version="2.0"><channel><title>x</title><item><title>&c;&xxe;</title><link>https://tass.com/p/1</link></item></channel></rss>`;
    const before = process.memoryUsage().heapUsed;
    const r = await parseFeed(lol, ctx);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
    expect(r.kind).toBe('feed');
    if (r.kind === 'feed') expect(r.items[0]?.title).toBe('&c;&xxe;');
  });

  it('T19 __proto__ elements pollute nothing', async () => {
    const r = await parseFeed(
      rss(`<item><title>x</title><link>https://tass.com/p/2</link><__proto__><polluted>yes</polluted></__proto__></item>`),
      ctx,
    );
    expect(r.kind).toBe('feed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('T20 pathological nesting is refused for this feed only', async () => {
    const deep = '<a>'.repeat(5000) + '</a>'.repeat(5000);
    const r = await parseFeed(rss(`<item><title>x</title><link>https://tass.com/p/3</link><description>${deep}</description></item>`), ctx);
    expect(r.kind).toBe('not_a_feed');
  });

  it('items without a link are kept as feed-only items; titles are capped', async () => {
    const r = await parseFeed(rss(`<item><title>no link</title></item>` + item('https://tass.com/p/4', 'x'.repeat(5000))), ctx);
    expect(r.kind === 'feed' && r.dropped).toBe(0);
    expect(r.kind === 'feed' && r.items.map((i) => i.link ?? null)).toEqual([null, 'https://tass.com/p/4']);
    expect(r.kind === 'feed' && r.items[1]?.title.length).toBeLessThanOrEqual(1024);
  });
});
