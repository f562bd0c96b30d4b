// Channel freshness and the canary's channel line, as tables.
import { describe, expect, it } from 'vitest';
import { isStale } from '../../src/discover/channels.js';
import { channelText, type ChannelLine } from '../../src/commands/sources-check.js';
import { parseSitemap } from '../../src/discover/sitemap.js';

const now = new Date('2026-11-22T06:00:00Z');
const line = (o: Partial<ChannelLine>): ChannelLine => ({ kind: 'rss', url: 'u', status: 'answers', items: 30, stale: false, ...o });

describe('isStale', () => {
  it.each([
    ['2026-08-14T10:00+08:00', 96, true],
    ['2026-11-19T11:05+08:00', 72, true],
    ['2026-11-19T11:05+08:00', 96, false],
    ['2026-11-21', 96, false],
    [undefined, 96, false],
    ['2026-01-01T00:00Z', undefined, false],
  ] as const)('newest %s, threshold %s h → %s', (newest, hours, stale) => {
    expect(isStale(newest, { staleAfterHours: hours }, now)).toBe(stale);
  });
});

describe('channelText', () => {
  it.each([
    [line({ newestItemAt: '2026-08-14T10:00+08:00', stale: true }), 'globaltimes rss u: answers, 30 items, newest 2026-08-14: stale'],
    [line({ kind: 'listing', items: 4, newestItemAt: '2026-11-21' }), 'globaltimes listing u: answers, 4 items, newest 2026-11-21: fresh'],
    [
      line({ kind: 'sitemap', status: 'error', items: 0, problem: 'robots_disallowed: robots.txt disallows u' }),
      'globaltimes sitemap u: error (robots_disallowed: robots.txt disallows u)',
    ],
  ])('%#: %s', (c, text) => {
    expect(channelText('globaltimes', c)).toBe(text);
  });
});

describe('parseSitemap', () => {
  const ctx = { url: 'https://tass.com/sitemap_news.xml', timeZone: 'Europe/Moscow', now };
  it('an index lists its children newest first; a urlset gives news:publication_date, else lastmod, as the time', () => {
    const index = parseSitemap(
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/a.xml</loc><lastmod>2026-10-01</lastmod></sitemap><sitemap><loc>/b.xml</loc><lastmod>2026-11-21</lastmod></sitemap><sitemap><loc>/c.xml</loc></sitemap></sitemapindex>',
      ctx,
    );
    expect(index).toEqual({
      kind: 'index',
      sitemaps: [
        { url: 'https://tass.com/b.xml', lastmod: '2026-11-21' },
        { url: 'https://tass.com/a.xml', lastmod: '2026-10-01' },
        { url: 'https://tass.com/c.xml' },
      ],
    });
    const set = parseSitemap(
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:n="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://tass.com/x/1</loc><lastmod>2026-11-20T10:00:00Z</lastmod><n:news><n:publication_date>2026-11-20T12:00:00+03:00</n:publication_date><n:title><![CDATA[A & B]]></n:title></n:news></url><url><loc>https://tass.com/x/2</loc><lastmod>2026-11-19</lastmod></url><url><loc>https://tass.com/x/3</loc><lastmod>2027-01-01T00:00:00Z</lastmod></url></urlset>',
      ctx,
    );
    expect(set).toEqual({
      kind: 'urlset',
      dropped: 0,
      items: [
        { link: 'https://tass.com/x/1', title: 'A & B', publishedAt: '2026-11-20T12:00+03:00' },
        { link: 'https://tass.com/x/2', title: '', publishedAt: '2026-11-19' },
        { link: 'https://tass.com/x/3', title: '' },
      ],
    });
    expect(parseSitemap('<rss><channel/></rss>', ctx)).toMatchObject({ kind: 'not_a_sitemap' });
  });
});
