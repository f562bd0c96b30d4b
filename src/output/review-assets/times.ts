// A card's two times: the item's time in its source's zone, and in UTC ("18 Nov 2026, 14:05 Moscow (UTC+3)",
// "18 Nov 2026, 11:05 UTC"). Formatted here, not in the browser, so the page shows what the tests see.
// Every card of review.html has them, so the usual case is written without luxon: a time in the form wirewatch
// writes (text/instant.ts) and a source zone that is an IANA name. Its local fields are luxon's own arithmetic (the
// instant moved by the zone's offset, read as UTC: text/time.ts localAt) with luxon's own offset (zoneNamed's
// zone is a luxon IANAZone), its texts are luxon's tokens as toFormat writes them (English month names whatever the
// system locale, `Z` as luxon's narrow offset). Anything else is formatted by luxon, as every time was before.
// Guarantee: the same HTML as the luxon path for every input (tests/output/times.test.ts holds the two together over
// zones with half- and quarter-hour offsets, daylight saving changes and historical offsets in seconds).
import type { DateTime } from 'luxon';
import type { Candidate } from '../../types.js';
import { parseInstant } from '../order.js';
import { SHORT_MONTHS, pad2, readWrittenTime } from '../../text/instant.js';
import { zoneNamed } from '../../text/zones.js';
import { localAt } from '../../text/time.js';
import { escapeHtml } from './escape.js';

const DATE_FORMAT = 'd LLL yyyy';
const TIME_FORMAT = 'HH:mm';
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

type TimedItem = Pick<Candidate, 'publishedAt' | 'firstSeenAt' | 'timeZone'>;

/** Both times of the item, or its date alone when it has only a date; "no date" when neither of its times reads. */
export function timesHtml(item: TimedItem): string {
  const source = item.publishedAt ?? item.firstSeenAt;
  const prefix = item.publishedAt ? '' : 'seen ';
  return (source ? writtenTimes(source, item.timeZone, prefix) : undefined) ?? luxonTimes(source, item.timeZone, prefix);
}

/** "Moscow" of Europe/Moscow, "Buenos Aires" of America/Argentina/Buenos_Aires. */
function zoneName(zone: string): string {
  const city = zone.split('/').pop() ?? zone;
  return city.replace(/_/g, ' ');
}

function timesText(prefix: string, iso: string, local: string, zoneLabel: string, utc: string): string {
  return (
    `<time class="time local" datetime="${escapeHtml(iso)}">${prefix}${escapeHtml(local)} ${escapeHtml(zoneLabel)}</time>` +
    `<span class="time utc">${escapeHtml(utc)} UTC</span>`
  );
}

function dateText(prefix: string, datetime: string, date: string): string {
  return `<time class="time" datetime="${escapeHtml(datetime)}">${prefix}${escapeHtml(date)}</time>`;
}

function luxonTimes(source: string | null | undefined, timeZone: string | undefined, prefix: string): string {
  const instant = parseInstant(source);
  if (instant === undefined) return '<span class="time none">no date</span>';
  if (BARE_DATE.test(source ?? '')) return dateText(prefix, source ?? '', instant.toFormat(DATE_FORMAT));
  // An older candidates.json may lack the zone: fall back to the time's own offset rather than the host's zone.
  const local = timeZone ? instant.setZone(timeZone) : instant.setZone('invalid/zone');
  const zoned: DateTime = local.isValid ? local : instant;
  const zoneLabel = local.isValid ? `${zoneName(timeZone ?? '')} (UTC${zoned.toFormat('Z')})` : `UTC${zoned.toFormat('Z')}`;
  const utc = instant.toUTC();
  const format = `${DATE_FORMAT}, ${TIME_FORMAT}`;
  return timesText(prefix, utc.toISO({ suppressMilliseconds: true }) ?? '', zoned.toFormat(format), zoneLabel, utc.toFormat(format));
}

/** timesHtml without luxon for a written time in an IANA zone, or undefined (luxon then formats it). */
function writtenTimes(source: string, timeZone: string | undefined, prefix: string): string | undefined {
  const w = readWrittenTime(source);
  if (w === undefined) return undefined;
  if (!w.hasOffset) return BARE_DATE.test(source) ? dateText(prefix, source, `${w.day} ${SHORT_MONTHS[w.month - 1]} ${w.year}`) : undefined;
  const zone = timeZone ? zoneNamed(timeZone) : undefined;
  if (zone === undefined || typeof zone === 'string') return undefined;
  const at = localAt(w.ms, zone);
  if (at === undefined) return undefined;
  const instant = new Date(w.ms);
  const local = fieldsOf(at.local);
  const utc = fieldsOf(instant);
  if (local === undefined || utc === undefined) return undefined;
  const iso = instant.toISOString();
  return timesText(
    prefix,
    iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso,
    local,
    `${zoneName(timeZone ?? '')} (UTC${narrowOffset(at.offset)})`,
    utc,
  );
}

/** "18 Nov 2026, 14:05" of `d`'s UTC fields, for years 1000-9999 (where luxon's `yyyy` is the year as it is). */
function fieldsOf(d: Date): string | undefined {
  const year = d.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return undefined;
  return `${d.getUTCDate()} ${SHORT_MONTHS[d.getUTCMonth()]} ${year}, ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** luxon's `Z` (formatOffset 'narrow'): sign, hours, and `:minutes` when there are any, unpadded. */
function narrowOffset(offset: number): string {
  const hours = Math.trunc(Math.abs(offset / 60));
  const minutes = Math.trunc(Math.abs(offset % 60));
  return `${offset >= 0 ? '+' : '-'}${hours}${minutes > 0 ? `:${minutes}` : ''}`;
}
