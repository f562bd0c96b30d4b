// A card's times (src/output/review-assets/times.ts) are written without luxon for a time in wirewatch's written
// form in an IANA zone. The reference below is the luxon formatting every card had before, kept as it was: the two
// must give the same HTML for every input, and the written path must not ask luxon to read the time.
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { timesHtml } from '../../src/output/review-assets/times.js';
import { escapeHtml } from '../../src/output/review-assets/escape.js';
import { parseInstant } from '../../src/output/order.js';

type Item = Parameters<typeof timesHtml>[0];

function reference(item: Item): string {
  const zoneName = (zone: string): string => (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
  const source = item.publishedAt ?? item.firstSeenAt;
  const instant = parseInstant(source);
  if (instant === undefined) return '<span class="time none">no date</span>';
  const prefix = item.publishedAt ? '' : 'seen ';
  if (/^\d{4}-\d{2}-\d{2}$/.test(source ?? '')) {
    return `<time class="time" datetime="${escapeHtml(source ?? '')}">${prefix}${escapeHtml(instant.toFormat('d LLL yyyy'))}</time>`;
  }
  const local = item.timeZone ? instant.setZone(item.timeZone) : instant.setZone('invalid/zone');
  const zoned = local.isValid ? local : instant;
  const zoneLabel = local.isValid ? `${zoneName(item.timeZone ?? '')} (UTC${zoned.toFormat('Z')})` : `UTC${zoned.toFormat('Z')}`;
  const utc = instant.toUTC();
  const iso = utc.toISO({ suppressMilliseconds: true }) ?? '';
  return (
    `<time class="time local" datetime="${escapeHtml(iso)}">${prefix}${escapeHtml(zoned.toFormat('d LLL yyyy, HH:mm'))} ${escapeHtml(zoneLabel)}</time>` +
    `<span class="time utc">${escapeHtml(utc.toFormat('d LLL yyyy, HH:mm'))} UTC</span>`
  );
}

/** `ms` written as text/time.ts writes it, at a fixed offset (minutes), with seconds and milliseconds when asked. */
function written(ms: number, offset: number, detail: 'minute' | 'second' | 'milli'): string {
  const d = new Date(ms + offset * 60_000).toISOString();
  const time = detail === 'minute' ? d.slice(11, 16) : detail === 'second' ? d.slice(11, 19) : d.slice(11, 23);
  const abs = Math.abs(offset);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const zone = offset === 0 && detail === 'milli' ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
  return `${d.slice(0, 10)}T${time}${zone}`;
}

const ZONES = [
  'Europe/Moscow',
  'Asia/Shanghai',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'America/Argentina/Buenos_Aires',
  'Europe/London',
  'Etc/UTC',
  'europe/moscow',
];

describe('timesHtml: the written path gives what luxon gave', () => {
  // Instants from 1880 (local mean times, offsets in seconds) to 2040, and the hours around this year's changes.
  const instants: number[] = [];
  for (let ms = Date.UTC(1880, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 97 * 86_400_000 + 3_917_000) instants.push(ms);
  for (const day of [Date.UTC(2026, 2, 8), Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 4), Date.UTC(2026, 10, 1)]) {
    for (let h = -12; h <= 36; h++) instants.push(day + h * 3_600_000 + 30 * 60_000);
  }
  it.each(ZONES)('%s: every instant, at several written offsets and precisions', (timeZone) => {
    let compared = 0;
    for (const [k, ms] of instants.entries()) {
      const offset = [180, 480, -300, 0, 345, -210, 840][k % 7] as number;
      const detail = (['minute', 'second', 'milli'] as const)[k % 3] as 'minute' | 'second' | 'milli';
      const item = { publishedAt: written(ms + (k % 1000), offset, detail), firstSeenAt: '2026-11-22T06:00:00Z', timeZone };
      expect(timesHtml(item), item.publishedAt).toBe(reference(item));
      compared++;
    }
    expect(compared).toBeGreaterThan(600);
  });

  it.each([
    // [case, publishedAt, firstSeenAt, timeZone]
    ['a bare date', '2026-11-18', '2026-11-22T06:00:00Z', 'Asia/Shanghai'],
    ['a bare date, first seen only', null, '2026-11-18', 'Asia/Shanghai'],
    ['first seen only', null, '2026-11-22T06:00:00Z', 'Europe/Moscow'],
    ['no zone: the written offset', '2026-11-18T14:05:00+03:00', '2026-11-22T06:00:00Z', ''],
    ['no zone field at all (an older file)', '2026-11-18T14:05+03:00', '2026-11-22T06:00:00Z', undefined],
    ['not an IANA zone', '2026-11-18T14:05+03:00', '2026-11-22T06:00:00Z', 'Asia/Beijing'],
    ['UTC by name', '2026-11-18T14:05+03:00', '2026-11-22T06:00:00Z', 'UTC'],
    ['a fixed offset by name', '2026-11-18T14:05+03:00', '2026-11-22T06:00:00Z', 'UTC+3'],
    ['the system zone by name', '2026-11-18T14:05+03:00', '2026-11-22T06:00:00Z', 'local'],
    ['microseconds (not the written form)', '2026-11-18T14:05:00.123456+03:00', '2026-11-22T06:00:00Z', 'Europe/Moscow'],
    ['a space for the T (not the written form)', '2026-11-18 14:05+03:00', '2026-11-22T06:00:00Z', 'Europe/Moscow'],
    ['UTC lands in year 999', '1000-01-01T00:30+03:00', '2026-11-22T06:00:00Z', 'Europe/Moscow'],
    ['UTC lands in year 10000', '9999-12-31T23:30-03:00', '2026-11-22T06:00:00Z', 'America/St_Johns'],
    ['not a time', 'yesterday', '2026-11-22T06:00:00Z', 'Europe/Moscow'],
    ['nothing', null, '', 'Europe/Moscow'],
    ['a zone name to escape', '2026-11-18T14:05+03:00', '2026-11-22T06:00:00Z', 'Etc/GMT+3'],
  ] as const)('%s', (_case, publishedAt, firstSeenAt, timeZone) => {
    // An older candidates.json may lack the zone altogether.
    const item: Item = timeZone === undefined ? ({ publishedAt, firstSeenAt } as Item) : { publishedAt, firstSeenAt, timeZone };
    expect(timesHtml(item)).toBe(reference(item));
  });
});

describe('timesHtml: a written time in an IANA zone is not read by luxon', () => {
  afterEach(() => vi.restoreAllMocks());
  it.each([
    ['2026-11-18T14:05+03:00', 'Europe/Moscow'],
    ['2026-11-18T06:05:09.5Z', 'Asia/Shanghai'],
    ['2026-11-18', 'Asia/Shanghai'],
  ])('%s in %s', (publishedAt, timeZone) => {
    timesHtml({ publishedAt, firstSeenAt: '2026-11-22T06:00:00Z', timeZone }); // the zone made once, beforehand
    const fromISO = vi.spyOn(DateTime, 'fromISO');
    const setZone = vi.spyOn(DateTime.prototype, 'setZone');
    timesHtml({ publishedAt, firstSeenAt: '2026-11-22T06:00:00Z', timeZone });
    expect([fromISO.mock.calls.length, setZone.mock.calls.length]).toEqual([0, 0]);
  });
});
