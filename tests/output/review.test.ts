// review.html as a document: structure, times, marks, and the T30 guarantees on hostile input. Parsed with
// cheerio's parse5 mode (the HTML5 algorithm browsers use), not htmlparser2, because the security assertions
// must hold for the tree a browser would build.
import { load, type CheerioAPI } from 'cheerio';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatQuote } from '../../src/output/quote.js';
import { DESK_PREVIEW_ITEMS, renderReview, type DeskRecord } from '../../src/output/review.js';
import { escapeHtml } from '../../src/output/review-assets/escape.js';
import { highlightHtml } from '../../src/output/review-assets/item.js';
import { timesHtml } from '../../src/output/review-assets/times.js';
import { candidate, deskRecords, fixtureDoc } from './helpers.js';

const sha = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

type Island = { items: (DeskRecord & { h: string; st: string[] })[] };

function islandOf(html: string): Island {
  return { items: deskRecords(html) as unknown as Island['items'] };
}

/** The page as the browser shows it once the script ran: each record's card put into the list the way the script
 *  does, in place of the plain-HTML preview. */
function withCards(html: string): CheerioAPI {
  const cards = islandOf(html).items.map((r) => `<article class="item" data-id="${escapeHtml(r.id)}">${r.h}</article>`);
  const $ = load(html);
  $('#vl').html(cards.join(''));
  return $;
}

function page(name: 'week' | 'hostile'): { html: string; $: CheerioAPI } {
  const html = renderReview(fixtureDoc(name));
  return { html, $: withCards(html) };
}

function cspOf($: CheerioAPI): string {
  return $('meta[http-equiv="Content-Security-Policy"]').attr('content') ?? '';
}

describe('highlightHtml', () => {
  const labels = { labels: new Map([['r', 'Rule']]), classes: new Map([['r', 'r0']]) };
  it.each([
    ['one mark', 'Lavrov said', [[0, 6, 'r']], '<mark class="r0" data-rule="r" title="Rule">Lavrov</mark> said'],
    ['unknown rule: its id as title, class r0', 'ab', [[0, 1, 'x']], '<mark class="r0" data-rule="x" title="x">a</mark>b'],
    ['escapes around and inside', 'a<b>&c', [[1, 4, 'r']], 'a<mark class="r0" data-rule="r" title="Rule">&lt;b&gt;</mark>&amp;c'],
    [
      'overlap is clipped',
      'abcdef',
      [
        [0, 3, 'r'],
        [2, 5, 'r'],
      ],
      '<mark class="r0" data-rule="r" title="Rule">abc</mark><mark class="r0" data-rule="r" title="Rule">de</mark>f',
    ],
    [
      'out of range is clipped',
      'abc',
      [
        [-4, 1, 'r'],
        [2, 99, 'r'],
      ],
      '<mark class="r0" data-rule="r" title="Rule">a</mark>b<mark class="r0" data-rule="r" title="Rule">c</mark>',
    ],
    [
      'empty and reversed are dropped',
      'abc',
      [
        [1, 1, 'r'],
        [2, 1, 'r'],
      ],
      'abc',
    ],
    ['an entity cannot be split', '&amp;', [[1, 4, 'r']], '&amp;<mark class="r0" data-rule="r" title="Rule">amp</mark>;'],
  ] as const)('%s', (_n, text, hl, expected) => {
    expect(highlightHtml(text, hl.map((h) => [...h]) as [number, number, string][], labels)).toBe(expected);
  });
});

describe('timesHtml', () => {
  it.each([
    ['outlet zone and UTC', '2026-11-18T14:05:00+03:00', 'Europe/Moscow', '18 Nov 2026, 14:05 Moscow (UTC+3) | 18 Nov 2026, 11:05 UTC'],
    [
      'zone from config wins over the offset',
      '2026-11-18T11:05:00Z',
      'Asia/Shanghai',
      '18 Nov 2026, 19:05 Shanghai (UTC+8) | 18 Nov 2026, 11:05 UTC',
    ],
    ['an invalid zone keeps the offset', '2026-11-18T14:05:00+03:00', 'Asia/Beijing', '18 Nov 2026, 14:05 UTC+3 | 18 Nov 2026, 11:05 UTC'],
    ['no zone keeps the offset', '2026-11-18T14:05:00+03:00', '', '18 Nov 2026, 14:05 UTC+3 | 18 Nov 2026, 11:05 UTC'],
    ['date only', '2026-11-18', 'Asia/Shanghai', '18 Nov 2026'],
    ['no date: first seen', null, 'Asia/Shanghai', 'seen 22 Nov 2026, 14:00 Shanghai (UTC+8) | 22 Nov 2026, 06:00 UTC'],
  ])('%s', (_n, publishedAt, timeZone, expected) => {
    const $t = load(`<p>${timesHtml({ publishedAt, firstSeenAt: '2026-11-22T06:00:00Z', timeZone })}</p>`);
    expect(
      $t('.time')
        .map((_i, el) => $t(el).text())
        .get()
        .join(' | '),
    ).toBe(expected);
  });
});

describe('review.html structure (week fixture)', () => {
  const { html, $ } = page('week');
  const doc = fixtureDoc('week');

  it('is deterministic', () => {
    expect(renderReview(fixtureDoc('week'))).toBe(html);
  });

  it('lists items newest first', () => {
    const ids = $('article.item')
      .map((_i, el) => $(el).attr('data-id'))
      .get();
    expect(ids).toEqual([
      'mid-en-1990200',
      'gt-1330001',
      'mid-ru-1990101',
      'people-zh-40001',
      'tass-ru-22001',
      'people-en-30001',
      'tass-en-1901001',
      'tass-ru-22050',
    ]);
  });

  it.each([
    ['tass-en-1901001', '18 Nov 2026, 14:05 Moscow (UTC+3)', '18 Nov 2026, 11:05 UTC'],
    ['people-zh-40001', '18 Nov 2026, 21:30 Shanghai (UTC+8)', '18 Nov 2026, 13:30 UTC'],
    ['gt-1330001', '19 Nov 2026, 22:45 Shanghai (UTC+8)', '19 Nov 2026, 14:45 UTC'],
  ])('%s shows the outlet zone and UTC', (id, local, utc) => {
    const el = $(`article[data-id="${id}"]`);
    expect(el.find('time.local').text()).toBe(local);
    expect(el.find('.time.utc').text()).toBe(utc);
  });

  it.each([
    ['people-zh-40001', 'zh', 'http://politics.people.com.cn/n1/2026/1118/c1001-40001.html'],
    ['tass-ru-22001', 'ru', 'https://tass.ru/politika/22001'],
    ['tass-en-1901001', 'en', 'https://tass.com/politics/1901001'],
  ])('%s: lang=%s on headline and excerpts, headline links to the article', (id, lang, href) => {
    const el = $(`article[data-id="${id}"]`);
    expect(el.find('h2.headline').attr('lang')).toBe(lang);
    expect(
      el
        .find('blockquote.excerpt')
        .map((_i, b) => $(b).attr('lang'))
        .get(),
    ).toEqual([lang]);
    expect(el.find('h2 a.open').attr('href')).toBe(href);
    expect(el.find('h2 a.open').attr('rel')).toBe('noopener noreferrer');
  });

  it.each([
    ['people-zh-40001', ['王毅', '拉夫罗夫', '中俄', '绿色能源'], ['wang-yi', 'lavrov', 'china-russia', 'green']],
    ['tass-ru-22001', ['Лавров', 'Ван И', 'санкции'], ['lavrov', 'wang-yi', 'sanctions']],
  ])('%s marks the matched terms with their rule', (id, texts, rules) => {
    const marks = $(`article[data-id="${id}"] mark`);
    expect(marks.map((_i, m) => $(m).text()).get()).toEqual(texts);
    expect(marks.map((_i, m) => $(m).attr('data-rule')).get()).toEqual(rules);
  });

  it.each([
    ['people-en-30001', '.badge.reprint', 'reprint of Xinhua'],
    ['tass-ru-22001', '.badge.updated', 'updated: body'],
    ['mid-en-1990200', '.badge.feed-only', 'feed only'],
    ['people-zh-40001', '.credit', 'Credit: 新华社 · via 人民网'],
    ['tass-ru-22001', '.credit', 'Credit: ТАСС · By Иван Петров · via ТАСС'],
  ])('%s shows %s', (id, selector, text) => {
    expect($(`article[data-id="${id}"] ${selector}`).text()).toBe(text);
  });

  it.each([
    [
      '#f-outlet',
      ['all (8)', 'Global Times (1)', "People's Daily (1)", 'Russian MFA (1)', 'TASS (1)', 'МИД России (1)', 'ТАСС (2)', '人民网 (1)'],
    ],
    ['#f-lang', ['all (8)', 'English (4)', 'Русский (3)', '中文 (1)']],
    ['#f-status', ['all (8)', 'new (6)', 'updated (1)', 'seen (1)']],
  ])('%s lists options with counts', (selector, options) => {
    expect(
      $(`${selector} option`)
        .map((_i, o) => $(o).text())
        .get(),
    ).toEqual(options);
  });

  it('embeds each quote exactly as formatQuote writes it', () => {
    const quotes = new Map(islandOf(html).items.map((r) => [r.id, r.q]));
    for (const item of doc.items) expect(quotes.get(item.id)).toBe(formatQuote(item));
  });

  it('embeds the story view for stories with two or more outlets, with the omission lines', () => {
    const view = $('details#stories-view');
    expect(view.children('summary').text()).toBe('Stories across outlets (1)');
    expect(
      view
        .find('article.st-story')
        .map((_i, a) => $(a).attr('data-story-id'))
        .get(),
    ).toEqual(['story-tass-en-1901001']);
    expect(
      view
        .find('li.st-omission')
        .map((_i, li) => $(li).text())
        .get(),
    ).toContain("TASS and the MFA did not mention green energy, which People's Daily did.");
    expect(
      view
        .find('li.st-member')
        .map((_i, li) => $(li).attr('data-item-id'))
        .get()
        .sort(),
    ).toEqual(['mid-ru-1990101', 'people-zh-40001', 'tass-en-1901001', 'tass-ru-22001']);
  });

  it.each([
    ['full stories', undefined, 'Lavrov, Wang Yi discuss Arctic shipping and trade in Beijing (4)'],
    ['a partial stories section: filter only, no view', [{ id: 's1', label: 'Talks', items: [{ id: 'gt-1330001' }] }], 'Talks (1)'],
  ])('story filter from %s', (_name, stories, option) => {
    const $2 = stories ? withCards(renderReview({ ...fixtureDoc('week'), stories })) : $;
    expect(
      $2('#f-story option')
        .map((_i, o) => $2(o).text())
        .get(),
    ).toContain(option);
    expect($2('details#stories-view').length).toBe(stories ? 0 : 1);
  });

  it('gives neighbouring rules different colours', () => {
    const classes = $('article[data-id="tass-en-1901001"] .rules li')
      .map((_i, li) => $(li).attr('class'))
      .get();
    expect(new Set(classes).size).toBe(4);
  });

  it('renders a non-http link as text', () => {
    const $2 = withCards(renderReview({ generatedAt: '2026-11-22T06:00:00Z', items: [candidate({ url: 'ftp://x.test/a' })] }));
    expect($2('h2 a').length).toBe(0);
    expect($2('h2 span.nolink').text()).toBe('Lavrov meets Wang Yi');
  });
});

describe('the plain-HTML preview at the top of the list', () => {
  const many = (n: number) => ({
    generatedAt: '2026-11-22T06:00:00Z',
    items: Array.from({ length: n }, (_v, k) =>
      candidate({ id: `c${k}`, title: `Item ${k}`, publishedAt: new Date(Date.parse('2026-11-20T00:00:00Z') - k * 60_000).toISOString() }),
    ),
  });
  it.each([
    // [items on the page, cards in the preview]
    [0, 0],
    [3, 3],
    [25, DESK_PREVIEW_ITEMS],
  ])('%i items: %i preview cards, newest first, each the card the script would show, without buttons', (n, shown) => {
    const html = renderReview(many(n));
    const $ = load(html);
    const preview = $('#vl > article.item.preview');
    expect(preview.map((_i, el) => $(el).attr('data-id')).get()).toEqual(
      deskRecords(html)
        .slice(0, shown)
        .map((r) => r.id),
    );
    expect(preview.map((_i, el) => $(el).html()).get()).toEqual(
      deskRecords(html)
        .slice(0, shown)
        .map((r) => load(r.h, null, false).html()),
    );
    expect(preview.find('button').length).toBe(0);
    // The timing mark follows the preview, and only when there is one.
    expect($('#vl + script').length).toBe(shown > 0 ? 1 : 0);
  });
});

describe('review.html on hostile input (RELIABILITY T30)', () => {
  const { html, $ } = page('hostile');
  const hostile = fixtureDoc('hostile');

  it("has only our five scripts: the preview's mark, the JSON island, the item block (text), the story island and the desk, both inline ones allowed by hash", () => {
    const scripts = load(html)('script');
    expect(scripts.map((_i, el) => `${el.attribs.type ?? 'js'}#${el.attribs.id ?? ''}`).get()).toEqual([
      'js#',
      'application/json#ww-data',
      'text/plain#ww-items',
      'application/json#ww-story-items',
      'js#',
    ]);
    expect(scripts.eq(0).text()).toBe("performance.mark('ww-first-items')");
    expect(cspOf($)).toContain(`script-src ${sha(scripts.eq(0).text())} ${sha(scripts.eq(4).text())};`);
  });

  it("keeps every item inside the item block: the browser's parser ends it exactly at our own </script>", () => {
    const block = load(html)('#ww-items').text();
    expect(block.split('\u001e').filter(Boolean)).toHaveLength(hostile.items.length);
    expect(html.indexOf(block)).toBeGreaterThan(0);
  });

  it('has a CSP meta that allows nothing from outside', () => {
    const csp = cspOf($);
    expect(csp.startsWith("default-src 'none'; ")).toBe(true);
    expect(csp).toContain(`style-src ${sha($('style').text())}`);
    expect(csp).toContain('img-src data:');
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    expect($('meta[name="referrer"]').attr('content')).toBe('no-referrer');
  });

  it('has no on* attribute, no active element, no src, no inline style', () => {
    const offenders: string[] = [];
    $('*').each((_i, el) => {
      for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) {
        if (/^on/i.test(name) || name === 'src' || name === 'style' || name === 'srcdoc' || name === 'action')
          offenders.push(`${(el as { name: string }).name}[${name}]`);
      }
    });
    expect(offenders).toEqual([]);
    expect($('img, svg, iframe, object, embed, base, link, frame, math').length).toBe(0);
  });

  it('has only http(s) hrefs (story view included)', () => {
    const hrefs = $('[href]')
      .map((_i, el) => $(el).attr('href'))
      .get();
    expect(hrefs.length).toBe(2);
    expect($('#stories-view li.st-member').length).toBe(2);
    for (const href of hrefs) expect(new URL(href).protocol).toMatch(/^https?:$/);
  });

  it('shows the hostile strings as text, exactly', () => {
    const titles = $('h2.headline')
      .map((_i, el) => $(el).text())
      .get();
    expect([...titles].sort()).toEqual(hostile.items.map((i) => i.title).sort());
    const outlets = $('.outlet')
      .map((_i, el) => $(el).text())
      .get();
    expect(new Set(outlets)).toEqual(new Set(hostile.items.map((i) => i.source.name)));
  });

  it('keeps </script>, <!-- and U+2028 out of every record, and each parses back exactly', () => {
    const block = /<script type="text\/plain" id="ww-items">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const records = block
      .split('\u001e')
      .filter(Boolean)
      .map((p) => p.slice(0, p.indexOf('\u001f')));
    for (const r of records) expect(r).not.toMatch(/[<>&\u2028\u2029]/);
    const quotes = new Map(records.map((r) => JSON.parse(r) as DeskRecord).map((r) => [r.id, r.q]));
    for (const item of hostile.items) expect(quotes.get(item.id)).toBe(formatQuote(item));
  });

  it('keeps the story island free of <, > and &, and it names the story members by id', () => {
    const island = /<script type="application\/json" id="ww-story-items">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(island).not.toMatch(/[<>&\u2028\u2029]/);
    const members = Object.keys(JSON.parse(island) as Record<string, string[]>).sort();
    expect(members).toEqual(
      $('#stories-view li.st-member')
        .map((_i, el) => $(el).attr('data-item-id'))
        .get()
        .sort(),
    );
  });

  it('highlights the keywords "script" and "amp" as text inside <mark>; offsets outside the text are clipped', () => {
    const first = $('article.item').first();
    expect(
      first
        .find('mark')
        .map((_i, m) => $(m).text())
        .get(),
    ).toEqual(['Exc', 'script', 'amp', 'y}']);
    expect(first.find('mark').eq(1).attr('data-rule')).toBe('script"><img src=x onerror=window.__xss=40>');
  });
});

describe('review.html desk (week fixture)', () => {
  const { html, $ } = page('week');
  const island = islandOf(html);

  it('shows "Generated" as a readable UTC time, the ISO value in datetime', () => {
    const t = $('.summary time');
    expect(t.attr('datetime')).toBe(fixtureDoc('week').generatedAt);
    expect(t.text()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
  });

  it.each([['tass-en-1901001'], ['people-zh-40001']])('%s: the card shows the score, explained in its title', (id) => {
    const item = fixtureDoc('week').items.find((i) => i.id === id) ?? expect.unreachable(id);
    const score = $(`article[data-id="${id}"] .score`);
    expect(score.text()).toBe(`score ${item.score}`);
    expect(score.attr('title')).toBe(item.scoreExplain.join('; '));
  });

  it('carries per item the facets, the time and the score the script filters and sorts on', () => {
    const rec = island.items.find((r) => r.id === 'tass-ru-22001') ?? expect.unreachable('tass-ru-22001');
    expect([rec.o, rec.l, rec.s, rec.day]).toEqual(['tass-ru', 'ru', 'updated', '2026-11-18']);
    expect(rec.r).toContain('lavrov');
    expect(rec.st).toEqual(['story-tass-en-1901001']);
    expect(rec.t).toBe(Date.parse(fixtureDoc('week').items.find((i) => i.id === 'tass-ru-22001')?.publishedAt ?? ''));
  });

  it.each([['__proto__'], ['constructor'], ['tass-ru-1']])('the story island gives the item %s its stories as an own key', (id) => {
    const html = renderReview({
      generatedAt: '2026-11-22T06:00:00Z',
      items: [candidate({ id }), candidate({ id: 'other' })],
      stories: [{ id: 's1', itemIds: [id, 'other'] }],
    });
    expect(Object.fromEntries(deskRecords(html).map((r) => [r.id, r.st]))).toEqual({ [id]: ['s1'], other: ['s1'] });
  });

  it('an empty desk carries the "nothing flagged" line besides the no-match line (the script shows one)', () => {
    const $e = load(renderReview({ generatedAt: '2026-11-22T06:00:00Z', items: [] }));
    expect($e('#none').text()).toMatch(/^No flagged items/);
    expect($e('#empty').text()).toBe('No item matches these filters.');
    expect(islandOf(renderReview({ generatedAt: '2026-11-22T06:00:00Z', items: [] })).items).toEqual([]);
  });
});
