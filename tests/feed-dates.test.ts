// Feed date strings → instants, one line a case: the RFC 822, ISO 8601 / W3C-DTF, asctime and Unix-date forms
// feedparser reads, and strings that must give nothing rather than a guess. Zone-less forms are read in the
// zone given (the source's); here UTC unless the case says otherwise.
import { describe, expect, it } from 'vitest';
import { parseFeedInstant } from '../src/feeds/dates.js';

const utc = (s: string, zone = 'UTC'): string | undefined =>
  parseFeedInstant(s, zone)?.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;

describe('feed dates', () => {
  it.each([
    ['Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21Z'],
    ['Thu, 01 Jan 2004 19:48:21 +0000', '2004-01-01T19:48:21Z'],
    ['Thu,01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21Z'],
    ['Thursday, 01 January 2004 19:48:21 GMT', '2004-01-01T19:48:21Z'],
    ['01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21Z'],
    ['Thu, 1 Jan 04 19:48:21 GMT', '2004-01-01T19:48:21Z'],
    ['Thu, 01 Jan 1999 19:48 GMT', '1999-01-01T19:48:00Z'],
    ['Thu, 01 Jan 2004 19:48:21 -01:01', '2004-01-01T20:49:21Z'],
    ['Thu, 01 Jan 2004 19:48:21 +0300', '2004-01-01T16:48:21Z'],
    ['Thu, 01 Jan 2004 19:48:21 EST', '2004-01-02T00:48:21Z'],
    ['Thu, 01 Jan 2004 19:48:21 PDT', '2004-01-02T02:48:21Z'],
    ['Thu, 01 Jan 2004 19:48:21 MET', '2004-01-01T18:48:21Z'],
    ['Thu, 01 Jan 2004 19:48:21 ET', '2004-01-02T00:48:21Z'],
    ['Thu, 01 Jan 2004 19:48:21 UT', '2004-01-01T19:48:21Z'],
    ['thu, 01 jan 2004 19:48:21 gmt', '2004-01-01T19:48:21Z'],
    ['Thu, 01 Jan 2004', '2004-01-01T00:00:00Z'],
    ['Sat, 31 Dec 2005 23:59:60 GMT', '2005-12-31T23:59:59Z'],
    ['2003-12-31T10:14:55Z', '2003-12-31T10:14:55Z'],
    ['2003-12-31T10:14:55.123456Z', '2003-12-31T10:14:55.123Z'],
    ['2003-12-31T10:14:55-08:00', '2003-12-31T18:14:55Z'],
    ['2003-12-31T10:14:55+0530', '2003-12-31T04:44:55Z'],
    ['2003-12-31T10:14Z', '2003-12-31T10:14:00Z'],
    ['2003-12-31 10:14:55', '2003-12-31T10:14:55Z'],
    ['2003-12-31t10:14:55z', '2003-12-31T10:14:55Z'],
    ['20031231T101455Z', '2003-12-31T10:14:55Z'],
    ['2003-12-31', '2003-12-31T00:00:00Z'],
    ['2003-12', '2003-12-01T00:00:00Z'],
    ['2003', '2003-01-01T00:00:00Z'],
    ['2003-365', '2003-12-31T00:00:00Z'],
    ['2020-09-25T16:02:50CDT', '2020-09-25T21:02:50Z'],
    ['2003-12-31T24:00:00Z', '2004-01-01T00:00:00Z'],
    ['Sun Jan  4 16:29:06 2004', '2004-01-04T16:29:06Z'],
    ['Tue Jan 28 15:28:56 CET 2020', '2020-01-28T14:28:56Z'],
    ['Jan 04, 2004 16:29 GMT', '2004-01-04T16:29:00Z'],
    ['2004/07/08 23:56:58 EDT', '2004-07-09T03:56:58Z'],
    ['Fri, 2006/09/15 08:19:53 EDT', '2006-09-15T12:19:53Z'],
  ])('%s → %s', (s, want) => {
    expect(utc(s)).toBe(want);
  });

  it('a zone-less date is read in the source zone', () => {
    expect(utc('2026-11-18 10:37:00', 'Europe/Moscow')).toBe('2026-11-18T07:37:00Z');
    expect(utc('Wed, 18 Nov 2026 10:37:00', 'Asia/Shanghai')).toBe('2026-11-18T02:37:00Z');
  });

  it.each([
    '',
    'yesterday',
    'Thu, 32 Jan 2004 19:48:21 GMT',
    '2003-13-01',
    '2003-02-30',
    'Thu, 01 Foo 2004 19:48:21 GMT',
    'Thu, 01 Jan 2004 19:48:21 XYZT',
    '2003-12-31T25:00:00Z',
    '2003-12-31T10:61:00Z',
    '200312',
    '2003-12-31T10:14:55+15:00',
    'Thu, 01 Jan 2004 19:48:21 GMT and more',
    '12/31/2003',
  ])('%j → absent', (s) => {
    expect(utc(s)).toBeUndefined();
  });
});
