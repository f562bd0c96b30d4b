// People's Daily adapters (people-zh 2020/2019, people-en 2020/2013; their goldens are checked by goldens.test.ts):
// a layout change falling back to generic, the small parsers as tables, the recorded feeds, and the
// real captures in ../shared/realworld against their expected.json.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheerioAPI } from 'cheerio/slim';
import { extractWith, parseHtml } from '../../src/adapters/engine.js';
import { generic } from '../../src/adapters/generic.js';
import { parseZhDateLine, peopleZh, stripPeopleSuffix } from '../../src/adapters/people-zh.js';
import { parseOrigin, peopleEn } from '../../src/adapters/people-en.js';
import { withEnDateline } from '../../src/extract/datelines.js';
import type { SiteAdapter } from '../../src/adapters/adapter.js';
import { clean } from '../../src/text/select.js';
import { decodeBytes } from '../../src/fetch/decode.js';
import { parseFeed } from '../../src/feed.js';
import type { ExtractedPage } from '../../src/types.js';
import { FIXTURES_DIR, fixturePages, loadChanged, pageContext, readRecorded, type FixturePage } from './golden.js';

const REALWORLD_DIR = new URL('../../../shared/realworld/', import.meta.url).pathname;

const zhPages = fixturePages('people-zh');
const enPages = fixturePages('people-en');

function page(pages: FixturePage[], slug: string): FixturePage {
  const p = pages.find((x) => x.slug === slug);
  if (!p) throw new Error(`no fixture ${slug}`);
  return p;
}

function run(adapter: SiteAdapter, p: FixturePage, mutate: ($: CheerioAPI) => void = () => undefined): ExtractedPage {
  return extractWith(adapter, loadChanged(p, mutate), pageContext(p), generic);
}

// Goldens and the three-per-version rule: tests/adapters/goldens.test.ts, over every fixture.
describe('people-zh and people-en on fixtures', () => {
  it.each(zhPages.map((p) => [p.slug, p] as const))('people-zh/%s: GBK bytes under a GB2312 meta decode without U+FFFD', (_slug, p) => {
    const bytes = readFileSync(`${FIXTURES_DIR}people-zh/pages/${p.slug}.html`);
    const doc = decodeBytes(new Uint8Array(bytes), { contentType: p.meta.headers['content-type'], kind: 'html' });
    expect([doc.charset, doc.charsetSource, doc.declared]).toEqual(['gb18030', 'meta', 'GB2312']);
    expect(doc.text).not.toContain('\uFFFD');
    expect(doc.text).toMatch(/[喆镕玥昇]/); // GBK-only characters: a strict GB2312 decoder would lose them
  });
});

describe('layout changes fall back to generic with confidence low', () => {
  const zh = page(zhPages, '2026-11-18_wangyi-lavrov-talks');
  const zh19 = page(zhPages, '2019-09-17_premiers-regular-meeting');
  const en = page(enPages, '2026-11-18_wang-yi-lavrov-talks');
  const en13 = page(enPages, '2015-05-08_xi-arrives-moscow');
  const en23 = page(enPages, '2026-11-19_lavrov-visit-experts');
  it.each([
    ['zh 2020 body container renamed', peopleZh, zh, ($: CheerioAPI) => $('div.rm_txt_con').attr('class', 'article_body'), 'body'],
    ['zh 2020 headline twice', peopleZh, zh, ($: CheerioAPI) => $('div.rm_txt > div.col-1').append('<h1>第二个标题</h1>'), 'title'],
    ['zh 2019 body container renamed', peopleZh, zh19, ($: CheerioAPI) => $('div.box_con').attr('class', 'article_body'), 'body'],
    ['zh: no known layout', peopleZh, zh, ($: CheerioAPI) => $('div.rm_txt').removeClass('rm_txt'), 'no known layout'],
    ['en 2020 origin line gone', peopleEn, en, ($: CheerioAPI) => $('div.origin').remove(), 'origin'],
    ['en 2023 time gone from the origin line', peopleEn, en23, ($: CheerioAPI) => $('div.origin > span').remove(), 'publishedAt'],
    ['en 2023 headline twice', peopleEn, en23, ($: CheerioAPI) => $('div.d2txtCon > h1').after('<h1>Second headline</h1>'), 'title'],
    [
      'en 2023 paragraphs moved into a wrapper',
      peopleEn,
      en23,
      ($: CheerioAPI) => $('div.d2txtCon > p').wrapAll('<div class="article_body"></div>'),
      'body',
    ],
    ['en 2013 body container renamed', peopleEn, en13, ($: CheerioAPI) => $('div.wb_12').attr('class', 'article_body clear'), 'body'],
  ])('%s', (_name, adapter, p, mutate, field) => {
    const r = run(adapter, p, mutate);
    expect(r.adapter).toMatch(/^generic@/);
    expect(r.confidence).toBe('low');
    expect(r.fallbackReason?.code).toBe('SELECTOR_MISS');
    expect(r.fallbackReason?.message).toContain(field);
  });
});

describe('people-zh fields', () => {
  const zh = page(zhPages, '2026-11-18_wangyi-lavrov-talks');
  it.each([
    ['date line gone: meta publishdate gives a date only', ($: CheerioAPI) => $('div.channel').remove(), '2026-11-18'],
    ['date line without minutes: date only', ($: CheerioAPI) => $('div.col-1-1').text('2026年11月18日 | 来源：人民网'), '2026-11-18'],
    [
      'both gone: no time at all',
      ($: CheerioAPI) => {
        $('div.channel').remove();
        $('meta[name="publishdate"]').remove();
      },
      undefined,
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(run(peopleZh, zh, mutate).publishedAt).toBe(expected);
  });

  it('takes the <title> without its suffix when the h1 is empty', () => {
    expect(run(peopleZh, zh, ($) => $('div.rm_txt > div.col-1 > h1').text('')).title).toBe('王毅同俄罗斯外长拉夫罗夫举行会谈');
  });

  it.each([
    ['促进航天技术更好惠及人民――习近平主席致贺信--时政--人民网 ', '促进航天技术更好惠及人民――习近平主席致贺信'],
    ['中俄外长会谈--国际--人民网', '中俄外长会谈'],
    ['美日印澳举行联合演习｜专家解读--人民网', '美日印澳举行联合演习｜专家解读'],
    ['COVID-19疫苗合作--国际--人民网', 'COVID-19疫苗合作'],
    ['“海上联合-2026”演习落幕--军事--人民网', '“海上联合-2026”演习落幕'],
    ['没有后缀的标题', '没有后缀的标题'],
  ])('stripPeopleSuffix(%j)', (title, expected) => {
    expect(stripPeopleSuffix(title)).toBe(expected);
  });

  it.each([
    ['2024年04月24日23:52 | 来源：新华网', '2024-04-24T23:52:00.000+08:00'],
    ['2019年9月7日8:05  来源：人民网', '2019-09-07T08:05:00.000+08:00'],
    ['2026年11月18日 | 来源：人民网', undefined],
    ['来源：人民网', undefined],
  ])('parseZhDateLine(%j)', (text, expected) => {
    expect(parseZhDateLine(text)?.toISO() ?? undefined).toBe(expected);
  });
});

describe('people-en fields', () => {
  it.each([
    [
      " (People's Daily Online)\u00a0\u00a0\u00a0\u00a009:32, July 15, 2016",
      { credit: "People's Daily Online", time: '09:32, July 15, 2016' },
    ],
    [
      "By Hu Yue (People's Daily Online)    21:40, November 18, 2026",
      { byline: 'Hu Yue', credit: "People's Daily Online", time: '21:40, November 18, 2026' },
    ],
    ['(Xinhua) 11:05, November 19, 2026', { credit: 'Xinhua', time: '11:05, November 19, 2026' }],
    ['(Global Times)', { credit: 'Global Times' }],
    ['no origin here', {}],
  ])('parseOrigin(%j)', (text, expected) => {
    expect(parseOrigin(text)).toEqual(expected);
  });

  it.each([
    ['BEIJING, Nov. 19 (Xinhua) -- Trade grew.', 'BEIJING, Nov. 19 (Xinhua) --'],
    ['ZHANJIANG, Guangdong, Sept. 12 (Xinhua) -- Drills began.', 'ZHANJIANG, Guangdong, Sept. 12 (Xinhua) --'],
    ['UNITED NATIONS, Nov. 18 (Xinhua) -- Text.', 'UNITED NATIONS, Nov. 18 (Xinhua) --'],
    ['MOSCOW, November 18. /TASS/. Not a Xinhua line.', undefined],
    ['China said (Xinhua) -- mid-sentence.', undefined],
  ])('withEnDateline(%j)', (text, dateline) => {
    expect(withEnDateline(text).dateline).toBe(dateline);
  });

  it('falls back to meta publishdate (date only) when the origin line has no time', () => {
    const en = page(enPages, '2026-11-18_wang-yi-lavrov-talks');
    expect(run(peopleEn, en, ($) => $('div.origin').text("(People's Daily Online)")).publishedAt).toBe('2026-11-18');
  });
});

describe('recorded feeds link to recorded pages', () => {
  it.each([
    ['people-zh/feed.xml', 'people-zh', zhPages, 'gb18030'],
    ['people-zh/feed-world.xml', 'people-zh', zhPages, 'gb18030'],
    ['people-en/feed.xml', 'people-en', enPages, 'utf-8'],
  ] as const)('%s', async (file, _source, pages, charset) => {
    const { text, meta } = readRecorded(`${FIXTURES_DIR}${file}`, 'xml');
    const bytes = new Uint8Array(readFileSync(`${FIXTURES_DIR}${file}`));
    expect(decodeBytes(bytes, { contentType: meta.headers['content-type'], kind: 'xml' }).charset).toBe(charset);
    expect(text).not.toContain('\uFFFD');
    const feed = await parseFeed(text, { feedUrl: meta.url, timeZone: 'Asia/Shanghai', now: new Date(meta.fetchedAt) });
    if (feed.kind !== 'feed') throw new Error(`${file}: ${feed.kind}`);
    expect(feed.items.length).toBeGreaterThanOrEqual(3);
    for (const item of feed.items) {
      const p = pages.find((x) => x.meta.url === item.link);
      expect(p, item.link).toBeDefined();
      expect(clean(item.title)).toBe(p?.golden.title);
      expect(Date.parse(item.publishedAt ?? '')).toBe(Date.parse(p?.golden.publishedAt ?? ''));
    }
  });
});

/** One entry of ../shared/realworld/expected.json (the fields this test reads). */
interface RealExpected {
  url: string;
  title: string;
  published: string;
  body_first: string;
  body_last: string;
  must_contain: string[];
  must_not_contain: string[];
  optional_leading?: string[];
}

// CI always has ../shared/realworld beside the clone: there its absence fails; a bare checkout elsewhere skips.
const haveRealworld = existsSync(`${REALWORLD_DIR}expected.json`) || !!process.env.CI;

describe.runIf(haveRealworld)('real captures in ../shared/realworld', () => {
  const expected = haveRealworld ? (JSON.parse(readFileSync(`${REALWORLD_DIR}expected.json`, 'utf8')) as Record<string, RealExpected>) : {};
  it.each([
    ['people-zh/fundus_People_2024_04_24.html', peopleZh, 'people-zh@2020', 'utf-8'],
    ['people-zh/fundus_People_2024_04_24.gb18030.html', peopleZh, 'people-zh@2020', 'gb18030'],
    ['people-en/testfirstjava_retrivePage_en.people.cn_n3_2016_0715_c90000-9086529.html', peopleEn, 'people-en@2013', 'utf-8'],
  ] as const)('%s', (file, adapter, version, charset) => {
    const e = expected[file];
    if (!e) throw new Error(`expected.json has no entry for ${file}`);
    const doc = decodeBytes(new Uint8Array(readFileSync(`${REALWORLD_DIR}${file}`)), { kind: 'html' });
    expect(doc.charset).toBe(charset);
    const r = extractWith(adapter, parseHtml(doc.text), { url: e.url, now: new Date('2026-11-22T06:00:00Z') }, generic);
    expect([r.adapter, r.confidence, r.title]).toEqual([version, 'high', e.title]);
    expect(Date.parse(r.publishedAt ?? '')).toBe(Date.parse(e.published));
    let body = clean(r.paragraphs.map((p) => p.text).join(' '));
    for (const lead of e.optional_leading ?? []) if (body.startsWith(lead)) body = body.slice(lead.length).trimStart();
    expect(body.startsWith(e.body_first), body.slice(0, 80)).toBe(true);
    expect(body.endsWith(e.body_last), body.slice(-80)).toBe(true);
    for (const s of e.must_contain) expect(body).toContain(s);
    for (const s of e.must_not_contain) expect(body).not.toContain(s);
    // U+FFFD only where the capture's bytes already hold it (two in the fundus People's Daily page).
    expect(countFffd(body)).toBe(countFffd(doc.text));
  });
});

function countFffd(s: string): number {
  return s.split('\uFFFD').length - 1;
}
