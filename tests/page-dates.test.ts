// Generic page dates, one line a case: text dates without a clock (numeric order by the page's language), dates in
// the address, and whole small pages of our own through the date finder (no body needed).
import { describe, expect, it } from 'vitest';
import { load } from 'cheerio/slim';
import { textDate, urlDate } from '../src/extract/datescan.js';
import { pageDate } from '../src/extract/pagedate.js';

const now = new Date('2026-12-03T12:00:00Z');

describe('dates written as text', () => {
  it.each([
    ['Veröffentlicht am 07.06.2020', 'de', '2020-06-07'],
    ['Posted 06/07/2020', 'en-US', '2020-06-07'],
    ['Publié le 06/07/2020', 'fr', '2020-07-06'],
    ['Posted 25/12/2020', 'en-US', '2020-12-25'],
    ['June 7, 2020', 'en', '2020-06-07'],
    ['Jun. 7th 2020', 'en', '2020-06-07'],
    ['7 June 2020', 'en-GB', '2020-06-07'],
    ['7. Juni 2020', 'de', '2020-06-07'],
    ['Stand: 3. März 2021, 10:00', 'de', '2021-03-03'],
    ['le 7 juin 2020', 'fr', '2020-06-07'],
    ['7 de junio de 2020', 'es', '2020-06-07'],
    ['7 giugno 2020', 'it', '2020-06-07'],
    ['16 ноября 2026', 'ru', '2026-11-16'],
    ['2020-06-07', undefined, '2020-06-07'],
    ['2020/6/7', undefined, '2020-06-07'],
    ['issue 31.02.2020', 'de', undefined],
    ['call 030 1234 2020', 'de', undefined],
    ['1.1.1990 archive', 'de', undefined],
    ['next year: 01.01.2030', 'de', undefined],
    ['copyright 2020', 'en', undefined],
  ] as const)('%s (%s) → %s', (text, langTag, want) => {
    expect(textDate(text, { now, ...(langTag ? { langTag } : {}) })).toBe(want);
  });
});

describe('dates in the address', () => {
  it.each([
    ['https://example.com/2020/06/07/story', '2020-06-07'],
    ['https://example.com/news/2020-06-07-story', '2020-06-07'],
    ['https://example.com/news/20200607/story', '2020-06-07'],
    ['https://example.com/2020/06/story', undefined],
    ['https://example.com/story-2020', undefined],
    ['https://example.com/2020/13/40/story', undefined],
  ])('%s → %s', (url, want) => {
    expect(urlDate(url, { now })).toBe(want);
  });
});

const page = (head: string, body: string, lang = 'en'): string =>
  `<!DOCTYPE html><html lang="${lang}"><head><title>A headline here</title>${head}</head><body><h1>A headline here</h1>${body}</body></html>`;
const ctx = (url = 'https://news.example.com/politics/story') => ({ url, now, guessZone: () => 'UTC' });

describe('the date of a whole page', () => {
  it.each([
    [
      'a JSON-LD block with a syntax error still gives its date',
      page(
        '<script type="application/ld+json">{"@type":"NewsArticle", "datePublished": "2020-06-07T10:00:00+02:00",,}</script>',
        '<p>x</p>',
      ),
      '2020-06-07',
    ],
    ['a text date under the headline, no clock', page('', '<div class="byline">By Ann Lee · June 7, 2020</div><p>Body.</p>'), '2020-06-07'],
    ['a German numeric date', page('', '<p class="meta">07.06.2020</p><p>Text.</p>', 'de'), '2020-06-07'],
    ['a <time datetime> without a clock', page('', '<footer><time datetime="2020-06-07">7 June</time></footer>'), '2020-06-07'],
    [
      'an offset-bearing structured value keeps its offset',
      page('<meta property="article:published_time" content="2020-09-25T16:02:50-05:00">', ''),
      '2020-09-25T16:02:50-05:00',
    ],
    [
      'a structured value with a zone name',
      page('<meta property="article:published_time" content="2020-09-25T16:02:50CDT">', ''),
      '2020-09-25T16:02:50-05:00',
    ],
    [
      'a structured value as Unix date writes it',
      page('<meta name="date" content="Tue Jan 28 15:28:56 CET 2020">', ''),
      '2020-01-28T15:28:56+01:00',
    ],
    ['a publication_date meta', page('<meta name="publication_date" content="2022-02-08T14:00:00">', ''), '2022-02-08'],
    [
      'no body at all, the date is still found',
      page('<meta property="article:published_time" content="2021-03-08T09:00:00Z">', ''),
      '2021-03-08T09:00+00:00',
    ],
    ['nothing dated: no answer', page('', '<p>Copyright 2020. Call 030 1234.</p>'), undefined],
  ])('%s', (_name, html, want) => {
    expect(pageDate(load(html), ctx())).toBe(want);
  });

  it('a full date in the address wins over a structured time filed under another UTC day', () => {
    const html = page('<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">', '');
    expect(pageDate(load(html), ctx('https://news.example.com/2020/02/24/story'))).toBe('2020-02-24');
  });
});
