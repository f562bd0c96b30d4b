// The page times we write without luxon's formatter (src/text/time.ts) are luxon's strings: isoMinute from a
// DateTime's fields and isoMinuteAt from an instant and a zone, against toFormat of the same DateTime, over edge
// rows (DST, historical offsets in seconds, years at the edges, seconds) and seeded random instants. fromFormats
// with its kept parsers reads what luxon's fromFormat reads.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { fromFormats, isoMinute, isoMinuteAt } from '../../src/text/time.js';
import { zoneNamed } from '../../src/text/zones.js';
import { seeded } from '../reliability/harness.js';

const luxonIso = (dt: DateTime): string => dt.toFormat(dt.second !== 0 ? "yyyy-MM-dd'T'HH:mm:ssZZ" : "yyyy-MM-dd'T'HH:mmZZ");
const ZONES = ['Europe/Moscow', 'Asia/Shanghai', 'Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns', 'Africa/Monrovia', 'Pacific/Chatham'];

describe('isoMinute and isoMinuteAt write what luxon writes', () => {
  it.each([
    ['Moscow, minutes only', 'Europe/Moscow', '2026-11-18T14:12:00Z'],
    ['Moscow, with seconds', 'Europe/Moscow', '2026-11-18T14:12:09.500Z'],
    ['Moscow 1900, an offset of +02:30:17', 'Europe/Moscow', '1900-06-01T10:00:00Z'],
    ['Monrovia 1971, an offset of -00:44:30', 'Africa/Monrovia', '1971-06-01T00:00:00Z'],
    ['Berlin, the hour that happens twice', 'Europe/Berlin', '2026-10-25T00:30:00Z'],
    ['St. John’s, a negative half hour', 'America/St_Johns', '2026-01-05T03:00:00Z'],
    ['Chatham, +13:45', 'Pacific/Chatham', '2026-01-05T03:00:00Z'],
    ['the year 1000 begins in Shanghai', 'Asia/Shanghai', '0999-12-31T20:00:00Z'],
    ['a year before 1000: luxon writes it', 'Asia/Shanghai', '0999-12-31T10:00:00Z'],
    ['a year past 9999: luxon writes it', 'Asia/Shanghai', '9999-12-31T20:00:00Z'],
  ])('%s', (_name, zone, iso) => {
    const ms = Date.parse(iso);
    const dt = DateTime.fromMillis(ms, { zone });
    expect(isoMinute(DateTime.fromMillis(ms, { zone: zoneNamed(zone) }))).toBe(luxonIso(dt));
    const at = isoMinuteAt(ms, zoneNamed(zone) as Exclude<ReturnType<typeof zoneNamed>, string>);
    expect(at === undefined ? luxonIso(dt) : at).toBe(luxonIso(dt));
  });

  it('an invalid DateTime is written as luxon writes it', () => {
    expect(isoMinute(DateTime.fromISO('not a time'))).toBe('Invalid DateTime');
  });

  it('5,000 seeded instants from 1850 to 2100 in seven zones, in English and Russian', () => {
    const r = seeded(24);
    const from = Date.parse('1850-01-01T00:00:00Z');
    const to = Date.parse('2100-01-01T00:00:00Z');
    for (let i = 0; i < 5_000; i++) {
      // Whole minutes half the time, as page times mostly are.
      const raw = from + Math.floor(r() * (to - from));
      const ms = r() < 0.5 ? raw - (raw % 60_000) : raw;
      const zone = ZONES[i % ZONES.length] as string;
      const dt = DateTime.fromMillis(ms, { zone, locale: i % 2 ? 'ru' : 'en' });
      const named = zoneNamed(zone) as Exclude<ReturnType<typeof zoneNamed>, string>;
      expect(isoMinute(DateTime.fromMillis(ms, { zone: named, locale: i % 2 ? 'ru' : 'en' })), `${ms} ${zone}`).toBe(luxonIso(dt));
      expect(isoMinuteAt(ms, named), `${ms} ${zone}`).toBe(luxonIso(dt));
    }
  });
});

describe('fromFormats with kept parsers reads as fromFormat', () => {
  const PEOPLE = ['H:mm, MMMM d, yyyy', 'H:mm, MMM d, yyyy', 'H:mm, MMM. d, yyyy'];
  it.each([
    ['the first format', '16:05, November 18, 2026', PEOPLE, 'Asia/Shanghai', 'en'],
    ['the second format, after the first fails', '16:05, Nov 18, 2026', PEOPLE, 'Asia/Shanghai', 'en'],
    ['the third format', '16:05, Nov. 18, 2026', PEOPLE, 'Asia/Shanghai', 'en'],
    ['twelve-hour clock', 'Nov 18, 2026 04:05 PM', ['MMM d, yyyy h:mm a'], 'Asia/Shanghai', 'en'],
    ['Russian month names', '18 ноября 2026 14:12', ['d MMMM yyyy HH:mm'], 'Europe/Moscow', 'ru'],
    ['the same format in another locale', '18 November 2026 14:12', ['d MMMM yyyy HH:mm'], 'Europe/Moscow', 'en'],
    ['no format fits', 'yesterday at noon', PEOPLE, 'Asia/Shanghai', 'en'],
  ])('%s', (_name, text, formats, zone, locale) => {
    const want = formats.map((f) => DateTime.fromFormat(text, f, { zone, locale })).find((dt) => dt.isValid);
    for (let again = 0; again < 2; again++) expect(fromFormats(text, formats, zone, locale)?.toISO()).toBe(want?.toISO());
  });
});
