import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load as loadHtml } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { extractWith, parseHtml } from '../../src/adapters/engine.js';
import { generic } from '../../src/adapters/generic.js';
import { dateInText, mid, mid2021, mid2024, parseMidDate, turnLabel } from '../../src/adapters/mid.js';
import type { SelectorMissError } from '../../src/errors.js';
import { detectChallenge } from '../../src/fetch/challenge.js';
import { FIXTURES_DIR, fixturePages, load, pageContext, readRecorded, type FixturePage } from './golden.js';

const cases: [string, FixturePage][] = ['mid-en', 'mid-ru'].flatMap((s) =>
  fixturePages(s).map((p): [string, FixturePage] => [`${s}/${p.slug}`, p]),
);

const page = (source: string, slug: string): FixturePage => {
  const p = fixturePages(source).find((x) => x.slug === slug);
  if (!p) throw new Error(`no fixture ${source}/${slug}`);
  return p;
};

// Goldens and the three-per-version rule: tests/adapters/goldens.test.ts, over every fixture.
describe('mid adapter on fixtures', () => {
  it.each([['mid-en'], ['mid-ru']])('%s has a statement, a news item and a transcript with speakers in the 2021 layout', (source) => {
    const pages = cases
      .filter(([n]) => n.startsWith(`${source}/`))
      .map(([, p]) => p)
      .filter((p) => p.golden.adapter === 'mid@2021');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.filter((p) => (p.golden.speakers ?? []).length >= 2).length).toBeGreaterThanOrEqual(1);
  });

  it('the 2024 layout has at least three pages, in both languages, one a transcript with speakers', () => {
    const pages = cases.map(([, p]) => p).filter((p) => p.golden.adapter === 'mid@2024');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(new Set(pages.map((p) => p.golden.lang))).toEqual(new Set(['en', 'ru']));
    expect(pages.filter((p) => (p.golden.speakers ?? []).length >= 2).length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['mid-en', 'transcript-2061234-lavrov-wang-yi', 2, undefined],
    ['mid-en', 'transcript-2061234-lavrov-wang-yi', 3, 'Question'],
    ['mid-en', 'transcript-2061234-lavrov-wang-yi', 4, 'Sergey Lavrov'],
    ['mid-en', 'transcript-2061234-lavrov-wang-yi', 5, 'Sergey Lavrov'],
    ['mid-ru', 'transcript-2061235-lavrov-van-i', 0, undefined],
    ['mid-ru', 'transcript-2061235-lavrov-van-i', 3, 'Вопрос'],
    ['mid-ru', 'transcript-2061235-lavrov-van-i', 5, 'С.В.Лавров'],
  ] as const)('%s/%s paragraph %i speaker is %s (continuations inherit, opening remarks have none)', (source, slug, i, speaker) => {
    const p = page(source, slug);
    const para = extractWith(mid, load(p), pageContext(p), generic).paragraphs[i];
    expect(para?.speaker).toBe(speaker);
  });
});

describe('parseMidDate (2024 layout)', () => {
  const now = new Date('2026-11-22T06:00:00Z');
  it.each([
    ['20.08.2026', '2026-08-20'],
    ['1.09.2026', '2026-09-01'],
    ['20.08.2026 14:35', '2026-08-20T14:35+03:00'],
    ['30 September 2026', '2026-09-30'],
    ['30 September 2026 09:05', '2026-09-30T09:05+03:00'],
    ['18 ноября 2026', '2026-11-18'],
    ['31.02.2026', undefined],
    ['23.11.2026', undefined],
    ['yesterday', undefined],
  ] as const)('%s → %s', (text, expected) => {
    expect(parseMidDate(text, now)).toBe(expected);
  });
});

describe('turnLabel', () => {
  const first = (html: string): [Element, string] => {
    const $ = loadHtml(html);
    const el = $('p').get(0) as Element;
    return [el, $(el).text().replace(/\s+/g, ' ').trim()];
  };
  it.each([
    ['<p><strong>Sergey Lavrov:</strong> We agreed.</p>', 'Sergey Lavrov'],
    ['<p><b>Question</b>: What next?</p>', 'Question'],
    ['<p><strong>С.В.Лавров:</strong> Договорились.</p>', 'С.В.Лавров'],
    ['<p> <strong>Вопрос:</strong> Что дальше?</p>', 'Вопрос'],
    ['<p><strong>Wang Yi (retranslated):</strong> Thank you.</p>', 'Wang Yi (retranslated)'],
    ['<p>Question: plain text turn</p>', 'Question'],
    ['<p>М.В.Захарова: Начну с темы.</p>', 'М.В.Захарова'],
    ['<p><strong>Important.</strong> Not a turn.</p>', undefined],
    ['<p><strong>The ministers agreed. Then they left:</strong> x</p>', undefined],
    ['<p>Ladies and gentlemen,</p>', undefined],
    ['<p>Note: the time is Moscow time.</p>', undefined],
  ])('%s → %s', (html, label) => {
    const [el, text] = first(html);
    expect(turnLabel(el, text)).toBe(label);
  });
});

describe('dateInText (Moscow)', () => {
  it.each([
    ['18 ноября 2026', '2026-11-18'],
    ['1 марта 2024', '2024-03-01'],
    ['18 November 2026', '2026-11-18'],
    ['Briefing by Maria Zakharova, Moscow, December 30, 2021', '2021-12-30'],
    ['…переговоров с Ван И, Пекин, 18 ноября 2026 года', '2026-11-18'],
    ['Since 17 ноября 2025 года and until 3 декабря 2026 года', '2026-12-03'],
    ['no date here', undefined],
    ['31 февраля 2026', undefined],
  ])('%s → %s', (text, iso) => {
    const dt = dateInText(text);
    expect(dt?.toISODate() ?? undefined).toBe(iso);
    if (dt) expect(dt.zoneName).toBe('Europe/Moscow');
  });
});

describe('mid: dates, misses and the challenge page', () => {
  it.each([
    ['mid-ru', 'transcript-2061235-lavrov-van-i', '.article__time', '2026-11-18'],
    ['mid-en', 'transcript-2061234-lavrov-wang-yi', 'div.article__meta', '2026-11-18'],
    ['mid-ru', 'news-2060988-posol-knr', 'div.article__meta', undefined],
  ] as const)('%s/%s without %s: publishedAt %s (page date, else the title date)', (source, slug, selector, expected) => {
    const p = page(source, slug);
    const $ = load(p);
    $(selector).remove();
    expect(extractWith(mid, $, pageContext(p), generic).publishedAt).toBe(expected);
  });

  it.each([
    ['mid-en', 'statement-2061517-eu-sanctions', 'h1.article__title', 'title'],
    ['mid-ru', 'transcript-2061235-lavrov-van-i', 'div.article__text', 'body'],
  ] as const)(
    '%s/%s with %s renamed (a layout change): SelectorMissError, generic with confidence low',
    (source, slug, selector, field) => {
      const p = page(source, slug);
      const $ = load(p);
      $(selector).attr('class', 'renamed-by-redesign');
      expect(mid2021.detect($)).toBe(true);
      expect(() => mid2021.extract($, pageContext(p))).toThrow(expect.objectContaining({ field }) as SelectorMissError);
      const r = extractWith(mid, $, pageContext(p), generic);
      expect(r).toMatchObject({ confidence: 'low', fallbackReason: { code: 'SELECTOR_MISS' } });
      expect(r.adapter).toMatch(/^generic@/);
    },
  );

  it.each([
    ['mid-ru', 'news-2061650-razgovor-van-i', 'h1.photo-content__title', 'no known layout'],
    ['mid-en', 'transcript-2061702-zakharova-quad', 'div.article-content', 'no known layout'],
  ] as const)('%s/%s (2024) with %s renamed: generic with confidence low', (source, slug, selector, reason) => {
    const p = page(source, slug);
    const $ = load(p);
    $(selector).attr('class', 'renamed-by-redesign');
    expect(mid2024.detect($)).toBe(false);
    const r = extractWith(mid, $, pageContext(p), generic);
    expect(r).toMatchObject({ confidence: 'low', fallbackReason: { code: 'SELECTOR_MISS' } });
    expect(r.fallbackReason?.message).toContain(reason);
  });

  it('a 2024 page whose text holds only the document number is a body miss, not an empty article', () => {
    const p = page('mid-ru', 'news-2061650-razgovor-van-i');
    const $ = load(p);
    $('div.article-content p:not(.article-line__note_small)').remove();
    expect(() => mid2024.extract($, pageContext(p))).toThrow(expect.objectContaining({ field: 'body' }) as SelectorMissError);
  });

  it('the F5/TSPD challenge served for the RSS is recognised as blocked and is no MFA layout', () => {
    const { text, meta } = readRecorded(join(FIXTURES_DIR, 'mid-ru', 'challenge.html'));
    expect(meta).toMatchObject({ status: 200, headers: { 'content-type': 'text/html' } });
    expect(detectChallenge(text, meta.headers)?.vendor).toBe('f5-shape');
    expect(mid2021.detect(parseHtml(text))).toBe(false);
  });

  it.each([
    ['mid-en', 'https://mid.ru/en/rss.php'],
    ['mid-ru', 'https://mid.ru/ru/rss.php'],
  ])('%s feed is a real feed at %s, not a challenge', (source, url) => {
    const { text, meta } = readRecorded(join(FIXTURES_DIR, source, 'feed.xml'), 'xml');
    expect(meta.url).toBe(url);
    expect(detectChallenge(text, meta.headers)).toBeUndefined();
    expect(text).toMatch(/<rss version="2.0">/);
  });
});
