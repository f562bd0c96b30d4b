// Zones that remember offsets (src/text/zones.ts) give luxon's own answers: the same string for every instant,
// asked once or again, across DST changes, odd historical offsets and names luxon does not read as IANA zones.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZONE_DEFAULTS, zoneNamed } from '../../src/text/zones.js';

const show = (ms: number, zone: NonNullable<Parameters<typeof DateTime.fromMillis>[1]>['zone']): string =>
  `${DateTime.fromMillis(ms, { zone }).toISO()} ${DateTime.fromObject({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, { zone }).toISO()}`;

describe('zoneNamed gives the offsets luxon gives for the name', () => {
  it.each([
    ['Moscow, a plain instant', 'Europe/Moscow', '2026-11-18T14:12:09Z'],
    ['Moscow before 2011, summer time', 'Europe/Moscow', '2010-07-01T12:00:00Z'],
    ['Berlin, the hour that does not exist', 'Europe/Berlin', '2026-03-29T01:30:00Z'],
    ['Berlin, the hour that happens twice', 'Europe/Berlin', '2026-10-25T00:30:00Z'],
    ['Berlin, the hour that happens twice, second time', 'Europe/Berlin', '2026-10-25T01:30:00Z'],
    ['Monrovia 1972, a change at an odd second', 'Africa/Monrovia', '1972-01-07T00:44:29Z'],
    ['Monrovia 1972, a second later', 'Africa/Monrovia', '1972-01-07T00:44:31Z'],
    ['Shanghai', 'Asia/Shanghai', '2026-11-20T02:00:00Z'],
    ['Kolkata, half an hour', 'Asia/Kolkata', '2026-11-20T02:00:00Z'],
    ['a name in lower case', 'europe/moscow', '2026-11-18T14:12:09Z'],
    ['UTC (not an IANA zone to luxon)', 'UTC', '2026-11-18T14:12:09Z'],
    ['a fixed offset', 'UTC+3', '2026-11-18T14:12:09Z'],
    ['an unknown zone', 'Mars/Olympus_Mons', '2026-11-18T14:12:09Z'],
  ])('%s', (_name, zone, iso) => {
    const ms = Date.parse(iso);
    const want = show(ms, zone);
    expect(show(ms, zoneNamed(zone))).toBe(want);
    expect(show(ms, zoneNamed(zone)), 'asked again').toBe(want);
    expect(DateTime.fromMillis(ms, { zone: zoneNamed(zone) }).zoneName).toBe(DateTime.fromMillis(ms, { zone }).zoneName);
  });

  it('keeps answering right past the instants it remembers', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const hourMs = 3_600_000;
    for (let i = 0; i < ZONE_DEFAULTS.maxRememberedInstants + 50; i++) {
      const ms = base + i * hourMs;
      expect(DateTime.fromMillis(ms, { zone: zoneNamed('Europe/Berlin') }).toISO()).toBe(
        DateTime.fromMillis(ms, { zone: 'Europe/Berlin' }).toISO(),
      );
    }
  });
});
