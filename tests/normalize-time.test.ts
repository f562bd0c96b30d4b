// An article's time in its source's zone (normalize.ts inZone): the form the adapters write is shown in an IANA
// zone without luxon, anything else through luxon, and both give the strings below; a placeholder year (before
// MIN_PLAUSIBLE_YEAR, as written) is no time at all.
import { describe, expect, it } from 'vitest';
import { articleFromPage } from '../src/normalize.js';
import type { ExtractedPage, SourceConfig } from '../src/types.js';

const shown = (publishedAt: string | undefined, timeZone: string, itemAt?: string): string | null => {
  const source = { id: 's', name: 'S', outlet: 'S', lang: 'en', timeZone } as SourceConfig;
  const page: ExtractedPage = {
    title: 'T',
    paragraphs: [{ text: 'x' }],
    adapter: 'generic@1',
    confidence: 'high',
    ...(publishedAt ? { publishedAt } : {}),
  };
  return articleFromPage(source, { title: 'T', link: 'https://s.example/a', ...(itemAt ? { publishedAt: itemAt } : {}) }, 'id', page)
    .publishedAt;
};

describe('a page time shown in its source zone', () => {
  it.each([
    ['written form, same zone', '2026-11-18T14:12+03:00', 'Europe/Moscow', '2026-11-18T14:12+03:00'],
    ['written form with Z and seconds', '2026-11-18T11:12:09Z', 'Asia/Shanghai', '2026-11-18T19:12:09+08:00'],
    ['milliseconds are dropped', '2026-11-18T11:12:09.250Z', 'Asia/Shanghai', '2026-11-18T19:12:09+08:00'],
    ['across a date line', '2026-11-18T23:30-05:00', 'Asia/Shanghai', '2026-11-19T12:30+08:00'],
    ['a written year before 1995 is no time', '1994-12-31T23:00-05:00', 'Asia/Shanghai', null],
    ['a placeholder 1900', '1900-01-01T00:00+03:00', 'Europe/Moscow', null],
    ['a zone luxon reads itself (UTC)', '2026-11-18T14:12+03:00', 'UTC', '2026-11-18T11:12+00:00'],
    ['a fixed offset zone', '2026-11-18T14:12+03:00', 'UTC+8', '2026-11-18T19:12+08:00'],
    ['four fractional digits: luxon reads it', '2026-11-18T11:12:09.1234Z', 'Europe/Moscow', '2026-11-18T14:12:09+03:00'],
    ['no offset: luxon reads it in UTC', '2026-11-18T11:12', 'Europe/Moscow', '2026-11-18T14:12+03:00'],
    ['a bare date stays a date', '2026-11-18', 'Europe/Moscow', '2026-11-18'],
    ['not a time', 'yesterday', 'Europe/Moscow', null],
  ])('%s', (_name, at, zone, want) => {
    expect(shown(at, zone)).toBe(want);
  });
  it("the feed's minute refines a page that shows only the date", () => {
    expect(shown('2026-11-18', 'Europe/Moscow', '2026-11-18T11:12:00Z')).toBe('2026-11-18T14:12+03:00');
  });
});
