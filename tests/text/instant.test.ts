// text/instant.ts reads the times wirewatch writes without luxon; whatever it reads must be what luxon reads, and
// whatever it declines goes to luxon. Each case is checked against luxon itself, not against a written-down value.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { daysInMonth, isoWeekday, readWrittenTime, utcDayOf } from '../../src/text/instant.js';
import { instantMillis, itemMillis, utcDateTime, utcDay, utcStamp } from '../../src/output/order.js';
import { extractDates, publicationDay } from '../../src/stories/dates.js';
import { seeded } from '../reliability/harness.js';

/** What luxon makes of the string, the way order.ts and stories/dates.ts ask it. */
function luxonOf(iso: string) {
  const t = DateTime.fromISO(iso, { setZone: true, zone: 'utc' });
  return t.isValid ? { year: t.year, month: t.month, day: t.day, ms: t.toMillis(), utcDay: t.toUTC().toISODate() } : undefined;
}

describe('the written form, read as luxon reads it', () => {
  it.each([
    ['2026-11-18T14:12+03:00', true],
    ['2026-11-18T14:12:07+03:00', true],
    ['2026-11-18T14:12:07.5+03:00', true],
    ['2026-11-18T14:12:07.29Z', true],
    ['2026-11-18T14:12:07.123-05:30', true],
    ['2026-11-18T23:59:59.999-00:30', true],
    ['2026-12-31T23:30-01:00', true], // the next UTC year
    ['2026-01-01T00:10+08:00', true], // the previous UTC year
    ['2024-02-29T12:00Z', true],
    ['2026-11-18', false],
    ['1000-01-01T00:00Z', true],
  ])('%s', (iso, hasOffset) => {
    const fast = readWrittenTime(iso);
    const luxon = luxonOf(iso);
    expect(fast).toBeDefined();
    expect({ year: fast?.year, month: fast?.month, day: fast?.day, ms: fast?.ms }).toEqual({
      year: luxon?.year,
      month: luxon?.month,
      day: luxon?.day,
      ms: luxon?.ms,
    });
    expect(fast?.hasOffset).toBe(hasOffset);
    expect(utcDayOf(fast?.ms ?? Number.NaN)).toBe(luxon?.utcDay);
  });
});

describe('anything else is left to luxon', () => {
  it.each([
    ['no offset', '2026-11-18T14:12'],
    ['compact offset', '2026-11-18T14:12+0300'],
    ['lowercase t and z', '2026-11-18t14:12z'],
    ['hour only', '2026-11-18T14Z'],
    ['a comma fraction', '2026-11-18T14:12:07,5Z'],
    ['four fraction digits', '2026-11-18T14:12:07.1234Z'],
    ['February 30', '2026-02-30T10:00Z'],
    ['February 29 of a common year', '2026-02-29'],
    ['month 13', '2026-13-01'],
    ['hour 24', '2026-11-18T24:00Z'],
    ['second 60', '2026-11-18T23:59:60Z'],
    ['offset minutes 60', '2026-11-18T10:00+03:60'],
    ['offset hours 24', '2026-11-18T10:00+24:00'],
    ['a year before 1000', '0999-12-31T10:00Z'],
    ['an expanded year', '+12026-11-18T10:00Z'],
    ['an ordinal date', '2026-322'],
    ['spaces', ' 2026-11-18T14:12Z'],
    ['empty', ''],
  ])('%s: %s', (_case, iso) => {
    expect(readWrittenTime(iso)).toBeUndefined();
  });

  it.each([
    ['2026-11-18T14:12', Date.UTC(2026, 10, 18, 14, 12)],
    ['2026-11-18T14:12+0300', Date.UTC(2026, 10, 18, 11, 12)],
    ['2026-02-30T10:00Z', undefined],
    ['not a time', undefined],
    [null, undefined],
  ])('the callers still read %s through luxon', (iso, ms) => {
    expect(instantMillis(iso)).toBe(ms);
    expect(utcDay(iso)).toBe(ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10));
  });
});

describe('random written times agree with luxon', () => {
  it('3,000 instants across offsets, fractions and month ends', () => {
    const r = seeded(11);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    for (let i = 0; i < 3000; i++) {
      const year = 1000 + Math.floor(r() * 9000);
      const month = 1 + Math.floor(r() * 12);
      const day = 1 + Math.floor(r() * daysInMonth(year, month));
      const time = `${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}`;
      const seconds =
        r() < 0.5
          ? ''
          : `:${pad(Math.floor(r() * 60))}${r() < 0.5 ? '' : `.${String(Math.floor(r() * 1000)).slice(0, 1 + Math.floor(r() * 3))}`}`;
      const offset =
        r() < 0.2 ? 'Z' : `${r() < 0.5 ? '-' : '+'}${pad(Math.floor(r() * 15))}:${pad([0, 30, 45][Math.floor(r() * 3)] as number)}`;
      const iso = r() < 0.1 ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}-${pad(day)}T${time}${seconds}${offset}`;
      const fast = readWrittenTime(iso);
      const luxon = luxonOf(iso);
      expect([iso, fast?.ms, fast && utcDayOf(fast.ms), fast?.day]).toEqual([iso, luxon?.ms, luxon?.utcDay, luxon?.day]);
      const written = DateTime.fromISO(iso, { setZone: true });
      if (fast?.hasOffset) expect([iso, isoWeekday(fast.year, fast.month, fast.day)]).toEqual([iso, written.weekday]);
    }
  });
});

describe('the callers give what they gave through luxon alone', () => {
  it.each([
    ['published wins', { publishedAt: '2026-11-18T01:30+03:00', firstSeenAt: '2026-11-19T00:00:00.000Z' }, Date.UTC(2026, 10, 17, 22, 30)],
    ['an unreadable published time falls back', { publishedAt: 'soon', firstSeenAt: '2026-11-19T00:00:00.000Z' }, Date.UTC(2026, 10, 19)],
    ['a bare date is midnight UTC', { publishedAt: '2026-11-18', firstSeenAt: '2026-11-19T00:00:00.000Z' }, Date.UTC(2026, 10, 18)],
    ['neither', { publishedAt: null, firstSeenAt: 'never' }, 0],
  ])('itemMillis: %s', (_case, item, ms) => {
    expect(itemMillis(item)).toBe(ms);
  });

  it('utcStamp: 6,000 written times across years, offsets and seconds, as luxon wrote them', () => {
    const r = seeded(13);
    const pad = (n: number): string => String(n).padStart(2, '0');
    for (let i = 0; i < 6000; i++) {
      const ms = Date.UTC(1001, 0, 1) + Math.floor(r() * (Date.UTC(9990, 0, 1) - Date.UTC(1001, 0, 1)));
      const offset = [0, 180, -210, 345, 840, -720, 480][i % 7] as number;
      const local = new Date(ms + offset * 60_000).toISOString();
      const zone =
        offset === 0 && i % 2 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      const iso = `${local.slice(0, i % 3 ? 16 : 19)}${zone}`;
      const t = DateTime.fromISO(iso, { setZone: true });
      expect([iso, utcStamp(iso)]).toEqual([iso, t.toUTC().toFormat("d LLL HH:mm 'UTC'")]);
    }
  });

  it.each([
    ['a bare date (read in the system zone)', '2026-11-18', '18 Nov 00:00 UTC'],
    ['microseconds: not the written form, luxon reads it', '2026-11-18T14:05:00.123456+03:00', '18 Nov 11:05 UTC'],
    ['a space for the T: luxon cannot read it either, given back', '2026-11-18 14:05+03:00', '2026-11-18 14:05+03:00'],
    ['not a time: given back', 'soon', 'soon'],
  ])('utcStamp: %s', (_case, iso, stamp) => {
    expect(utcStamp(iso)).toBe(stamp);
  });

  it.each([
    ['what a crawl writes', '2026-11-22T06:00:00.000Z', '22 Nov 2026 06:00 UTC'],
    ['an offset: shown in UTC, across a year end', '2027-01-01T02:30:00+03:00', '31 Dec 2026 23:30 UTC'],
    ['a bare date: UTC midnight', '2026-11-18', '18 Nov 2026 00:00 UTC'],
    ['not a time: given back', 'soon', 'soon'],
  ])('utcDateTime: %s', (_case, iso, shown) => {
    expect(utcDateTime(iso)).toBe(shown);
  });

  it.each([
    ['the written offset decides the day', '2026-11-18T01:30+03:00', 'Europe/Moscow', { year: 2026, month: 11, day: 18, weekday: 3 }],
    ['Z is its own offset', '2026-11-17T23:30Z', 'Asia/Shanghai', { year: 2026, month: 11, day: 17, weekday: 2 }],
    ['a bare date is read in the zone', '2026-11-18', 'Asia/Shanghai', { year: 2026, month: 11, day: 18, weekday: 3 }],
    ['no offset: the zone', '2026-11-17T23:30', 'Asia/Shanghai', { year: 2026, month: 11, day: 17, weekday: 2 }],
    ['unreadable', 'soon', 'UTC', null],
  ])('publicationDay: %s', (_case, iso, zone, day) => {
    expect(publicationDay(iso, zone)).toEqual(day);
  });
});

describe("relative dates in a story's text: the same keys as luxon's calendar", () => {
  const EN = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const key = (d: DateTime) => `${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  it('400 publication days (month and year ends included): every weekday and every day-only "N日"', () => {
    const r = seeded(12);
    for (let i = 0; i < 400; i++) {
      const year = 1000 + Math.floor(r() * 9000);
      const month = i % 4 === 0 ? 1 : i % 4 === 1 ? 3 : 1 + Math.floor(r() * 12);
      const day = i % 2 === 0 ? 1 + Math.floor(r() * 3) : 1 + Math.floor(r() * daysInMonth(year, month));
      const ref = publicationDay(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00Z`, 'UTC');
      if (ref === null) throw new Error('unreadable reference day');
      const pub = DateTime.utc(year, month, day);
      EN.forEach((name, k) => {
        const back = (pub.weekday - (k + 1) + 7) % 7;
        expect([ref, name, extractDates(`talks on ${name}`, ref).dates]).toEqual([ref, name, [key(pub.minus({ days: back }))]]);
      });
      for (let n = 1; n <= 31; n++) {
        const prev = pub.startOf('month').minus({ months: 1 });
        const expected = n <= day ? [key(pub.set({ day: n }))] : n <= (prev.daysInMonth ?? 31) ? [key(prev.set({ day: n }))] : [];
        expect([ref, n, extractDates(`${n}日`, ref).dates]).toEqual([ref, n, expected]);
      }
    }
  });
});
