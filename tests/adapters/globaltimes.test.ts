// Global Times adapter (its goldens are checked by goldens.test.ts): the <br>-separated body, the byline box
// as a table, a layout change falling back to generic, the titles-only feed, and the Xinhua reprint (story C)
// that Global Times and People's Daily Online carry near-verbatim.
import { describe, expect, it } from 'vitest';
import type { CheerioAPI } from 'cheerio/slim';
import { extractWith } from '../../src/adapters/engine.js';
import { generic } from '../../src/adapters/generic.js';
import { globaltimes, parseAttribution, parsePublished } from '../../src/adapters/globaltimes.js';
import { peopleEn } from '../../src/adapters/people-en.js';
import { clean } from '../../src/text/select.js';
import { parseFeed } from '../../src/feed.js';
import type { ExtractedPage } from '../../src/types.js';
import { FIXTURES_DIR, fixturePages, load, loadChanged, pageContext, readRecorded, type FixturePage } from './golden.js';

const pages = fixturePages('globaltimes');

function page(list: FixturePage[], slug: string): FixturePage {
  const p = list.find((x) => x.slug === slug);
  if (!p) throw new Error(`no fixture ${slug}`);
  return p;
}

function run(p: FixturePage, mutate: ($: CheerioAPI) => void = () => undefined): ExtractedPage {
  return extractWith(globaltimes, loadChanged(p, mutate), pageContext(p), generic);
}

// Goldens and the three-per-version rule: tests/adapters/goldens.test.ts, over every fixture.
describe('globaltimes on fixtures', () => {
  it.each(pages.filter((p) => p.golden.adapter === 'globaltimes@2026').map((p) => [p.slug, p] as const))(
    '%s: the author name card is in the page but not in the byline',
    (_slug, p) => {
      const $ = load(p);
      expect($('div.author_share_left .author_card').length).toBe(1);
      const r = run(p);
      expect(r.byline).toBe(p.golden.byline);
      expect(r.byline).not.toMatch(/reporter|More articles/);
    },
  );

  it.each(pages.map((p) => [p.slug, p] as const))('%s: no paragraph is whitespace or a picture caption', (_slug, p) => {
    for (const para of run(p).paragraphs) {
      expect(para.text).toBe(clean(para.text));
      expect(para.text).not.toMatch(/^Photo:|Photo: (VCG|Xinhua)$/);
    }
  });
});

describe('layout changes fall back to generic with confidence low', () => {
  const gt26 = page(pages, '2026-11-20_arctic-shipping-cooperation');
  it.each([
    ['2026: name-card byline twice', ($: CheerioAPI) => $('span.with_name_card').after($('span.with_name_card').clone()), 'byline'],
    ['2026: body container renamed', ($: CheerioAPI) => $('div.article_right').attr('class', 'article_body'), 'body'],
  ])('%s', (_name, mutate, field) => {
    const r = run(gt26, mutate);
    expect(r).toMatchObject({ confidence: 'low', fallbackReason: { code: 'SELECTOR_MISS' } });
    expect(r.fallbackReason?.message).toContain(field);
  });

  const gt = page(pages, '2026-11-18_wang-yi-lavrov-green-energy');
  it.each([
    ['body container renamed', ($: CheerioAPI) => $('div.article_right').attr('class', 'article_body'), 'body'],
    ['time span gone', ($: CheerioAPI) => $('span.pub_time').remove(), 'publishedAt'],
    ['title block twice', ($: CheerioAPI) => $('div.article_top').append('<div class="article_title">Again</div>'), 'title'],
    ['byline box gone', ($: CheerioAPI) => $('div.author_share_left').remove(), 'pub_time'],
    ['no known layout', ($: CheerioAPI) => $('div.article_title').attr('class', 'headline'), 'no known layout'],
  ])('%s', (_name, mutate, field) => {
    const r = run(gt, mutate);
    expect(r.adapter).toMatch(/^generic@/);
    expect(r.confidence).toBe('low');
    expect(r.fallbackReason?.code).toBe('SELECTOR_MISS');
    expect(r.fallbackReason?.message).toContain(field);
  });
});

describe('byline box', () => {
  it.each([
    ['By Zhang Han and Liu Xin', { byline: 'Zhang Han and Liu Xin' }],
    ['By GT staff reporters', { byline: 'GT staff reporters' }],
    ['By Global Times', { credit: 'Global Times' }],
    ['Source:Xinhua', { credit: 'Xinhua' }],
    ['Source: Global Times', { credit: 'Global Times' }],
    ['Published: Nov 18, 2026 10:37 PM', {}],
  ])('parseAttribution(%j)', (text, expected) => {
    expect(parseAttribution(text)).toEqual(expected);
  });

  it.each([
    ['Published: Nov 18, 2026 10:37 PM', '2026-11-18T22:37:00.000+08:00'],
    ['Published: Mar 23, 2021 11:05 PM Updated: Mar 24, 2021 09:00 AM', '2021-03-23T23:05:00.000+08:00'],
    ['Published: Feb 7, 2026 12:05 AM', '2026-02-07T00:05:00.000+08:00'],
    ['Published: Sept 3, 2025 9:15 AM', '2025-09-03T09:15:00.000+08:00'],
    ['Updated: Nov 19, 2026 09:02 PM', undefined],
    ['Published: yesterday', undefined],
  ])('parsePublished(%j)', (text, expected) => {
    expect(parsePublished(text, 'Asia/Shanghai')?.toISO() ?? undefined).toBe(expected);
  });

  it('refuses a publication time in the future', () => {
    const gt = page(pages, '2026-11-18_wang-yi-lavrov-green-energy');
    expect(run(gt, ($) => $('span.pub_time').text('Published: Nov 18, 2027 10:37 PM')).publishedAt).toBeUndefined();
  });
});

describe('feed and reprints', () => {
  it('the titles-only feed links to recorded pages', async () => {
    const { text, meta } = readRecorded(`${FIXTURES_DIR}globaltimes/feed.xml`, 'xml');
    const feed = await parseFeed(text, { feedUrl: meta.url, timeZone: 'Asia/Shanghai', now: new Date(meta.fetchedAt) });
    if (feed.kind !== 'feed') throw new Error(feed.kind);
    expect(feed.items.length).toBeGreaterThanOrEqual(3);
    for (const item of feed.items) {
      const p = pages.find((x) => x.meta.url === item.link);
      expect([item.title, item.summary]).toEqual([p?.golden.title, undefined]);
    }
  });

  it("story C: the Xinhua piece is the same text on Global Times and People's Daily Online, credited Xinhua", () => {
    const gt = run(page(pages, '2026-11-19_xinhua-china-russia-trade'));
    const enPage = page(fixturePages('people-en'), '2026-11-19_xinhua-china-russia-trade');
    const en = extractWith(peopleEn, load(enPage), pageContext(enPage), generic);
    expect([gt.credit, en.credit, gt.title]).toEqual(['Xinhua', 'Xinhua', en.title]);
    expect(en.paragraphs.slice(0, gt.paragraphs.length)).toEqual(gt.paragraphs);
  });
});
