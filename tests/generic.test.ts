import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'cheerio/slim';
import { generic } from '../src/adapters/generic.js';
import { extractDocument } from '../src/page.js';
import { findTitle, stripSiteSuffix } from '../src/extract/meta.js';
import { wallTime } from '../src/extract/dates.js';
import { leadingDateline } from '../src/extract/datelines.js';
import { prune } from '../src/extract/boilerplate.js';
import type { Document, Element } from 'domhandler';
import { cleanContainer } from '../src/extract/clean.js';
import { isFurniture, type Block } from '../src/extract/blocks.js';
import { pageCounts } from '../scripts/eval/metric.js';
import { CrawlError } from '../src/errors.js';
import type { SiteAdapter } from '../src/adapters/adapter.js';

const DIR = join(import.meta.dirname, 'fixtures-generic');
const NOW = new Date('2026-11-22T06:00:00Z');

function run(file: string, opts: { url?: string; timeZone?: string; now?: Date } = {}) {
  const bytes = readFileSync(join(DIR, file));
  return extractDocument(bytes, {
    url: opts.url ?? `https://example.test/${file}`,
    adapter: generic,
    registry: [],
    now: opts.now ?? NOW,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  }).page;
}

const body = (file: string): string =>
  run(file)
    .paragraphs.map((p) => p.text)
    .join('\n');

describe('generic metadata', () => {
  it.each([
    // file, title, publishedAt, byline, lang
    ['jsonld-only.html', 'Arctic shipping season closes with record transit cargo', '2026-11-19T11:30+03:00', 'Irina Volkova', 'en'],
    ['og-only.html', 'Quad navies begin week-long drills in the Indo-Pacific', '2026-11-19T06:15+00:00', 'Daniel Moore', 'en'],
    ['article-boilerplate.html', 'Trade between the two neighbours grew again in October', '2026-11-19T09:05+00:00', 'Lena Hart', 'en'],
    ['divs-br.html', 'Ministers agree on a joint plan for the border crossings', '2026-11-18T16:40+00:00', undefined, 'en'],
    ['chinese.html', '中俄外长举行会谈 就双边关系和国际问题交换意见', '2026-11-18T16:20+08:00', undefined, 'zh'],
    ['russian.html', 'Лавров и Ван И обсудили сотрудничество в Арктике', '2026-11-18T14:05+03:00', undefined, 'ru'],
  ])('%s → title, time, byline, lang', (file, title, publishedAt, byline, lang) => {
    const page = run(file);
    expect([page.title, page.publishedAt, page.byline, page.lang, page.adapter]).toEqual([title, publishedAt, byline, lang, 'generic@1']);
  });

  it.each([
    ['chinese.html', '新华社', '新华社北京11月18日电'],
    ['russian.html', 'ТАСС', 'МОСКВА, 18 ноября. /ТАСС/.'],
    ['og-only.html', undefined, undefined],
  ])('%s → credit %s, dateline %s', (file, credit, dateline) => {
    const page = run(file);
    expect([page.credit, page.paragraphs[0]?.dateline]).toEqual([credit, dateline]);
  });

  it.each([
    ['article-boilerplate.html', 'https://wire.example/markets/2026/11/trade-october'],
    ['og-only.html', 'https://coastal.example/news/quad-drills'],
    ['divs-br.html', 'https://example.test/divs-br.html'],
  ])('%s → canonical %s', (file, canonical) => {
    expect(run(file).canonicalUrl).toBe(canonical);
  });

  it.each([
    // a zone-less displayed time is read in the caller's zone; a zone the caller gives overrides the guess
    ['divs-br.html', 'Asia/Shanghai', '2026-11-18T16:40+08:00'],
    ['chinese.html', 'Asia/Shanghai', '2026-11-18T16:20+08:00'],
    ['jsonld-only.html', 'Europe/Moscow', '2026-11-19T11:30+03:00'],
    ['og-only.html', 'Europe/Moscow', '2026-11-19T09:15+03:00'],
  ])('%s in %s → %s', (file, timeZone, expected) => {
    expect(run(file, { timeZone }).publishedAt).toBe(expected);
  });

  it('never returns a publication time later than now', () => {
    expect(run('og-only.html', { now: new Date('2026-11-19T05:00:00Z') }).publishedAt).toBeUndefined();
  });
});

describe('generic body', () => {
  it.each([
    ['jsonld-only.html', 3, 'The summer–autumn navigation on the Northern Sea Route closed', 'between Asian and European ports.'],
    ['og-only.html', 3, 'Warships from the four Quad countries began', 'contain China in the region.'],
    ['article-boilerplate.html', 4, 'Trade between the two neighbours rose by four per cent', 'in the middle of next month.'],
    ['divs-br.html', 3, 'The transport ministers of the two countries agreed', 'new container trains by the spring.'],
    ['chinese.html', 3, '新华社北京11月18日电 外交部长王毅18日在北京', '加强在北极航道和中亚事务上的协调。'],
    ['russian.html', 3, 'МОСКВА, 18 ноября. /ТАСС/. Министр иностранных дел', 'в Индо-Тихоокеанском регионе.'],
  ])('%s → %i paragraphs, first and last', (file, count, first, last) => {
    const ps = run(file).paragraphs.map((p) => p.text);
    expect([ps.length, ps[0]?.startsWith(first), ps.at(-1)?.endsWith(last)]).toEqual([count, true, true]);
  });

  it.each([
    ['article-boilerplate.html', 'We use cookies'],
    ['article-boilerplate.html', 'Markets'],
    ['article-boilerplate.html', 'Share on X'],
    ['article-boilerplate.html', 'Rouble steadies after central bank decision'],
    ['article-boilerplate.html', 'Sign up for our morning briefing'],
    ['article-boilerplate.html', 'Reader one'],
    ['article-boilerplate.html', 'All rights reserved'],
    ['article-boilerplate.html', 'Lena Hart'],
    ['divs-br.html', 'Other news one'],
    ['divs-br.html', 'Published: Nov 18, 2026'],
    ['chinese.html', '责编'],
    ['chinese.html', '相关新闻'],
    ['chinese.html', '王毅会见外国客人'],
    ['chinese.html', '版权所有'],
    ['russian.html', 'Поделиться'],
    ['russian.html', 'Захарова прокомментировала'],
    ['russian.html', 'Все права защищены'],
  ])('%s body leaves out "%s"', (file, snippet) => {
    expect(body(file)).not.toContain(snippet);
  });

  it('collapses the U+3000 paragraph indents of Chinese pages', () => {
    expect(run('chinese.html').paragraphs.every((p) => !/^\s/.test(p.text) && !p.text.includes('\u3000'))).toBe(true);
  });

  it('leaves the DOM it is given untouched', () => {
    const html = readFileSync(join(DIR, 'article-boilerplate.html'), 'utf8');
    const $ = load(html);
    const before = $.html();
    generic.versions[0]?.extract($, { url: 'https://wire.example/x', now: NOW });
    expect($.html()).toBe(before);
  });

  it.each([
    ['an empty body', '<html><head><title>Nothing here</title></head><body></body></html>'],
    ['only navigation', '<html><body><nav><a href="/a">A</a> <a href="/b">B</a></nav></body></html>'],
  ])('throws extract_error for %s', (_name, html) => {
    const $ = load(html);
    let err: unknown;
    try {
      generic.versions[0]?.extract($, { url: 'https://example.test/', now: NOW });
    } catch (e) {
      err = e;
    }
    expect(err instanceof CrawlError ? err.code : err).toBe('extract_error');
  });

  it('scores close to the truth on a fixture we know by heart', () => {
    const truth = [
      'Trade between the two neighbours rose by four per cent in October from a year earlier, customs data showed on Wednesday, the ninth monthly increase in a row.',
      'Energy still accounts for the largest share of imports, while machinery, cars and electronics lead exports, according to the customs office, which publishes its figures every month.',
      'Analysts said payments in national currencies had helped trade keep growing despite sanctions, although banks remained cautious about large transfers.',
      'The customs office will publish its data for November in the middle of next month.',
    ].join('\n');
    expect(pageCounts(truth, body('article-boilerplate.html'))).toEqual({ tp: 1, fp: 0, fn: 0 });
  });
});

describe('title suffixes', () => {
  it.each([
    ['Headline here - Site Name', [], 'Headline here'],
    ['Headline here | Site Name', [], 'Headline here'],
    ['Headline here — RT World News', [], 'Headline here'],
    ['促进航天技术更好惠及人民--时政--人民网', [], '促进航天技术更好惠及人民'],
    ['武汉的声音：有英勇的你，才有英雄的城！-新华网', [], '武汉的声音：有英勇的你，才有英雄的城！'],
    ["History will tell: People’s Daily - People's Daily Online", [], 'History will tell: People’s Daily'],
    ['Covid-19 cases fall in the capital', [], 'Covid-19 cases fall in the capital'],
    [
      'Long headline with a dash - and a second clause that is longer than the first part',
      [],
      'Long headline with a dash - and a second clause that is longer than the first part',
    ],
    ['Quad drills begin :: Coastal Review', ['Coastal Review'], 'Quad drills begin'],
  ])('%s → %s', (title, sites, expected) => {
    expect(stripSiteSuffix(title, sites)).toBe(expected);
  });
});

describe('the headline heading, confirmed by a <title> that may carry the site first', () => {
  const page = (title: string, headings: string) => load(`<html><head><title>${title}</title></head><body>${headings}</body></html>`);
  it.each([
    ['site, then headline', 'Blog - Ice roads open early', '<h1>Ice roads open early</h1>', 'Ice roads open early', true],
    [
      'a kicker before the headline',
      'Arctic: Ice roads open early on the northern route',
      '<h1>Ice roads open early on the northern route</h1>',
      'Ice roads open early on the northern route',
      true,
    ],
    ['headline, then site', 'Ice roads open early | Northern Review', '<h1>Ice roads open early</h1>', 'Ice roads open early', true],
    [
      'the site name heading is no headline',
      'Ice roads open early on the route – Northern Review',
      '<h1>Northern Review</h1><h2>Ice roads open early on the route</h2>',
      'Ice roads open early on the route',
      true,
    ],
    [
      'a longer head is no site name',
      'Ice roads open early on the route – Review',
      '<h1>Review</h1>',
      'Ice roads open early on the route',
      false,
    ],
    [
      'an h1 that opens with the title, a date inside it',
      'Ice roads open early | Northern Review',
      '<h1>Ice roads open early<br><small>02.02.2022</small></h1>',
      'Ice roads open early',
      true,
    ],
    [
      'too short a title to anchor on an h1 it opens',
      'Ice roads | Review',
      '<h1>Ice roads<br><small>02.02.2022</small></h1>',
      'Ice roads',
      false,
    ],
  ])('%s', (_case, title, headings, expected, fromHeading) => {
    const found = findTitle(page(title, headings), undefined);
    expect([found?.title, found?.el !== undefined]).toEqual([expected, fromHeading]);
  });
});

describe('displayed date-times', () => {
  it.each([
    [' 2020-02-19 20:29:58', { y: 2020, mo: 2, d: 19, h: 20, mi: 29, utc: false }],
    ['2024年04月24日23:52 | 来源：新华网', { y: 2024, mo: 4, d: 24, h: 23, mi: 52, utc: false }],
    ['22:57  GMT 28.04.2020', { y: 2020, mo: 4, d: 28, h: 22, mi: 57, utc: true }],
    ["(People's Daily Online) 09:32, July 15, 2016", { y: 2016, mo: 7, d: 15, h: 9, mi: 32, utc: false }],
    ['Published: Mar 23, 2021 11:05 PM', { y: 2021, mo: 3, d: 23, h: 23, mi: 5, utc: false }],
    ['20 Nov, 2019 05:47', { y: 2019, mo: 11, d: 20, h: 5, mi: 47, utc: false }],
    ['18 ноября 2026, 14:05', { y: 2026, mo: 11, d: 18, h: 14, mi: 5, utc: false }],
    ['no date in this line', undefined],
  ])('%s', (text, expected) => {
    expect(wallTime(text)).toEqual(expected);
  });
});

describe('datelines', () => {
  it.each([
    ['МОСКВА, 29 июня. /ТАСС/. Движение по трассе', { dateline: 'МОСКВА, 29 июня. /ТАСС/.', credit: 'ТАСС' }],
    ['MOSCOW, January 21. /TASS/. The Kremlin said', { dateline: 'MOSCOW, January 21. /TASS/.', credit: 'TASS' }],
    ['新华社北京11月17日电 记者17日从国家卫生健康委获悉', { dateline: '新华社北京11月17日电', credit: '新华社' }],
    ['BEIJING, Nov. 17 (Xinhua) -- China and Russia', { dateline: 'BEIJING, Nov. 17 (Xinhua)', credit: 'Xinhua' }],
    ['The minister said on Tuesday', undefined],
  ])('%s', (text, expected) => {
    expect(leadingDateline(text)).toEqual(expected);
  });
});

describe('extractDocument', () => {
  const fake = (id: 'tass', hosts: string[]): SiteAdapter => ({
    id,
    hosts,
    versions: [
      { name: '2030', detect: () => true, extract: () => ({ title: 'from the site adapter', paragraphs: [{ text: 'site text' }] }) },
    ],
  });
  const html = Buffer.from(readFileSync(join(DIR, 'og-only.html')));

  it.each([
    ['https://news.example.org/a', 'tass@2030'],
    ['https://example.org/a', 'tass@2030'],
    ['https://example.com/a', 'generic@1'],
    ['https://notexample.org/a', 'generic@1'],
  ])('%s is extracted by %s', (url, adapter) => {
    expect(extractDocument(html, { url, registry: [fake('tass', ['example.org'])], now: NOW }).page.adapter).toBe(adapter);
  });

  it.each([
    // an explicit charset overrides even bytes that are valid UTF-8
    ['windows-1252', Buffer.from('<p>caf\u00c3\u00a9</p>', 'latin1'), 'windows-1252', 'cafÃ©'],
    [undefined, Buffer.from('<p>café</p>', 'utf8'), 'utf-8', 'café'],
    ['gb2312', Buffer.from([0x3c, 0x70, 0x3e, 0xd6, 0xd0, 0xb9, 0xfa, 0x3c, 0x2f, 0x70, 0x3e]), 'gb18030', '中国'],
  ])('charset %s decodes as %s', (charset, bytes, expected, text) => {
    const { decoded } = extractDocument(bytes, {
      url: 'https://x.test/',
      adapter: fake('tass', []),
      registry: [],
      now: NOW,
      ...(charset ? { charset } : {}),
    });
    expect([decoded.charset, decoded.text.includes(text)]).toEqual([expected, true]);
  });

  it('refuses an unknown charset with decode_error', () => {
    let err: unknown;
    try {
      extractDocument(html, { url: 'https://x.test/', registry: [], charset: 'no-such-charset', now: NOW });
    } catch (e) {
      err = e;
    }
    expect(err instanceof CrawlError ? err.code : err).toBe('decode_error');
  });
});

describe('pruning guards', () => {
  const story = [
    'The regional government approved a budget that raises spending on roads and schools by a tenth, officials said on Monday.',
    'Most of the new money will go to repairing bridges built in the 1970s, which engineers say are close to the end of their service life.',
    'The opposition said the plan relied on optimistic tax forecasts, but it did not vote against the budget in the final reading.',
    'The budget takes effect on the first of January, and the first repair contracts are expected to be signed in the spring.',
  ]
    .map((t) => `<p>${t}</p>`)
    .join('\n');
  const bio =
    '<div class="post-author"><div class="author-content"><p>Our reporter covers regional politics and lives in the capital with two cats, writing about budgets, roads and schools since 2010.</p></div></div>';

  it.each([
    [
      'a story inside a wrapper called "sticky-sidebar"',
      `<div class="theme-sticky-sidebar"><article>${story}</article></div><div class="sidebar"><p>Buy our mugs today.</p></div>`,
      'on the first of January',
      'Buy our mugs',
    ],
    [
      'a story inside <header>',
      `<header class="site">${story}</header><header><p>Site name and a slogan.</p></header>`,
      'optimistic tax forecasts',
      'slogan',
    ],
    ['an author box named with a rescue word', `<article class="post">${story}${bio}</article>`, 'repairing bridges', 'two cats'],
  ])('strict pruning keeps %s', (_name, inner, kept, dropped) => {
    const $ = load(`<html><body>${inner}</body></html>`);
    const root = $.root()[0] as unknown as Document;
    prune(root, { strict: true });
    const text = $.root().text();
    expect([text.includes(kept), text.includes(dropped)]).toEqual([true, false]);
  });
});

describe('cleaning inside the chosen container', () => {
  it.each([
    [
      'a hover card inside a paragraph',
      '<p>Governor <span class="card-wrap"><a href="/p">Ann Lee</a><span class="card"><a href="/p">Ann Marie Lee</a><a href="/s1">Story one</a><a href="/s2">Story two</a></span></span> signed the law.</p>',
      'Governor Ann Lee signed the law.',
    ],
    [
      'a caption with a camel-case class',
      '<p>The bridge reopened.</p><span class="newsCaption">Cars cross the bridge</span>',
      'The bridge reopened.',
    ],
    ['a short date line', '<div class="article-date">18 November 2026</div><p>The bridge reopened.</p>', 'The bridge reopened.'],
    ['a heading that repeats the title', '<h2>Bridge reopens</h2><p>The bridge reopened.</p>', 'The bridge reopened.'],
  ])('drops %s', (_name, inner, expected) => {
    const $ = load(`<div id="c">${inner}</div>`);
    const root = $('#c')[0] as unknown as Element;
    cleanContainer(root, 'Bridge reopens');
    expect($(root).text()).toBe(expected);
  });
});

describe('furniture lines', () => {
  const block = (text: string, linkShare = 0): Block => ({ text, tag: 'p', linkShare });
  it.each([
    ['Advertisement', 0, true],
    ['Related: Ministers meet in Beijing', 0, true],
    ['Like this story? Share it with a friend!', 0, true],
    ['(Web editor: Zhang Kaiwei, Liang Jun)', 0, true],
    ['（责编：牛镛、岳弘彬）', 0, true],
    ['Lavrov and Wang Yi in Beijing on November 18. Photo: Xinhua', 0, true],
    ['This slideshow requires JavaScript.', 0, true],
    ['© 2026 Example News. All rights reserved', 0, true],
    ['Ministers meet in Beijing', 1, true],
    [
      'Monday’s best deals include various laptops from $700 at one shop, earphones for $150 and thermostats from $139 at another.',
      0.7,
      false,
    ],
    ['The minister said the talks on trade were constructive and that both sides would meet again.', 0, false],
    ['Read the full statement below, the ministry said.', 0, false],
  ])('%s (links %d) → furniture %s', (text, linkShare, expected) => {
    expect(isFurniture(block(text, linkShare))).toBe(expected);
  });
});
