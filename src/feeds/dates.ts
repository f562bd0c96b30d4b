// Feed date strings → an instant, for the forms feedparser reads: RFC 822/2822 and their everyday variants
// (no or glued weekday, two-digit years, named zones such as EST, MET or ET, offsets written -01:01, no seconds,
// no time), ISO 8601 / W3C-DTF (reduced precision, compact, ordinal, fractional seconds, any offset form), asctime
// and Unix `date` output, and slashed date-times. Guarantee: a string we cannot read whole, or whose fields are out
// of range, gives undefined, never a guessed instant. A form without a zone is read in `zone` (the source's).
import { DateTime } from 'luxon';
import { zoneNamed } from '../text/zones.js';

/** Zone names and their offsets in minutes (RFC 822's, the military letters feedparser keeps, and Europe's). */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  met: 60,
  cet: 60,
  mest: 120,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  adt: -180,
  ast: -240,
  at: -240,
  edt: -240,
  est: -300,
  et: -300,
  cdt: -300,
  cst: -360,
  ct: -360,
  mdt: -360,
  mst: -420,
  mt: -420,
  pdt: -420,
  pst: -480,
  pt: -480,
  akst: -540,
  akdt: -480,
  hst: -600,
  a: -60,
  n: 60,
  m: -720,
  y: 720,
  jst: 540,
  kst: 540,
  ist: 330,
  aest: 600,
  aedt: 660,
};

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  /** Offset east of UTC in minutes; undefined when the string names no zone. */
  offsetMin?: number;
}

function month(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

function year2(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  if (y.length === 3) return 1900 + n;
  return n;
}

/** "+0100", "-01:01", "+01", "GMT", "EST", "GMT+2", "UTC-05:00" → minutes east of UTC. */
export function zoneOffset(z: string | undefined): number | undefined {
  if (!z) return undefined;
  const s = z.trim().toLowerCase();
  if (s in ZONES) return ZONES[s];
  const m = /^(?:(?:gmt|ut|utc)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const h = Number(m[2]);
  const min = Number(m[3] ?? 0);
  if (h > 14 || min > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const ZONE = String.raw`(?:\s*([a-z]{1,5}(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}(?::?\d{2})?))?`;
const WEEKDAY = String.raw`(?:[a-z]{2,9}\.?\s*,?\s*)?`;

// RFC 822 day-first: "Thu, 01 Jan 2004 19:48:21 GMT", "Thu,01 Jan 04", "1 January 2004 19:48 -01:01", "01-Jan-2004".
const RFC822 = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{2,4})(?:[\sT,]+${TIME}${ZONE})?$`, 'i');
// Month first, as asctime and Unix date write it: "Sun Jan  4 16:29:06 2004", "Tue Jan 28 15:28:56 CET 2020",
// "Jan 04, 2004 16:29 GMT".
const MONTH_FIRST = new RegExp(
  String.raw`^${WEEKDAY}([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4})\s*,?\s*)?(?:${TIME}${ZONE})?(?:\s+(\d{4}))?$`,
  'i',
);
// ISO 8601 / W3C-DTF: "2003-12-31T10:14:55Z", "2003-12-31 10:14:55.123-08:00", "20031231T101455Z", "2003-365",
// "2003-12", "2003".
const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?|-(\d{3}))?(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?\s*(z|utc|gmt|[a-z]{3,4}|[+-]\d{2}(?::?\d{2})?)?)?$/i;
// Slashed: "2004/07/08 23:56:58 EDT" (Perforce), "Fri, 2006/09/15 08:19:53 EDT".
const SLASHED = new RegExp(String.raw`^${WEEKDAY}(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+${TIME}${ZONE})?$`, 'i');

function withTime(p: DateParts, m: RegExpExecArray, at: number, zoneAt: number): DateParts | undefined {
  if (m[at] !== undefined) {
    p.hour = Number(m[at]);
    p.minute = Number(m[at + 1]);
    p.second = m[at + 2] !== undefined ? Number(m[at + 2]) : 0;
    if (m[at + 3]) p.millisecond = Math.floor(Number(`0.${m[at + 3]}`) * 1000);
  }
  const z = m[zoneAt];
  if (z !== undefined) {
    const off = zoneOffset(z);
    if (off === undefined) return undefined; // an unknown zone: the instant is unknown
    p.offsetMin = off;
  }
  return p;
}

function rfc822(s: string): DateParts | undefined {
  const m = RFC822.exec(s);
  if (!m) return undefined;
  const mon = month(m[2] as string);
  if (!mon) return undefined;
  return withTime({ year: year2(m[3] as string), month: mon, day: Number(m[1]) }, m, 4, 8);
}

function monthFirst(s: string): DateParts | undefined {
  const m = MONTH_FIRST.exec(s);
  if (!m) return undefined;
  const mon = month(m[1] as string);
  const y = m[3] ?? m[9];
  if (!mon || !y || (m[3] && m[9])) return undefined;
  return withTime({ year: Number(y), month: mon, day: Number(m[2]) }, m, 4, 8);
}

function iso(s: string): DateParts | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  let mon = m[2] ? Number(m[2]) : 1;
  let day = m[3] ? Number(m[3]) : 1;
  if (m[4]) {
    const d = DateTime.fromObject({ year, ordinal: Number(m[4]) }, { zone: 'UTC' });
    if (!d.isValid) return undefined;
    mon = d.month;
    day = d.day;
  }
  if (m[2] && !m[3] && m[2].length === 2 && !s.includes('-')) return undefined; // "200312" is not a date
  const p: DateParts = { year, month: mon, day };
  if (m[5] !== undefined) {
    p.hour = Number(m[5]);
    p.minute = Number(m[6]);
    p.second = m[7] !== undefined ? Number(m[7]) : 0;
    if (m[8]) p.millisecond = Math.floor(Number(`0.${m[8]}`) * 1000);
  }
  if (m[9] !== undefined) {
    const off = zoneOffset(m[9]);
    if (off === undefined) return undefined;
    p.offsetMin = off;
  }
  return p;
}

function slashed(s: string): DateParts | undefined {
  const m = SLASHED.exec(s);
  if (!m) return undefined;
  return withTime({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, m, 4, 8);
}

/** The parts of a feed date string, or undefined when no known form reads it whole. */
export function parseDateParts(value: string): DateParts | undefined {
  const s = value.trim().replace(/\s+/g, ' ');
  if (!s || s.length > 80) return undefined;
  return iso(s) ?? rfc822(s) ?? monthFirst(s) ?? slashed(s);
}

/** Parts → an instant; zone-less parts are read in `zone`. Out-of-range fields give undefined. */
export function instantOf(p: DateParts, zone: string): DateTime | undefined {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return undefined;
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  // A leap second (…:60) is the last second of its minute; 24:00 is the end of the day.
  const second = Math.min(p.second ?? 0, 59);
  if (hour > 24 || minute > 59 || (p.second ?? 0) > 60 || (hour === 24 && (minute || second))) return undefined;
  const fields = { year: p.year, month: p.month, day: p.day, hour: hour % 24, minute, second, millisecond: p.millisecond ?? 0 };
  const opts =
    p.offsetMin === undefined
      ? { zone: zoneNamed(zone) }
      : { zone: p.offsetMin === 0 ? 'UTC' : `UTC${p.offsetMin > 0 ? '+' : '-'}${fmtOffset(Math.abs(p.offsetMin))}` };
  let dt = DateTime.fromObject(fields, opts);
  if (!dt.isValid || dt.day !== p.day) return undefined;
  if (hour === 24) dt = dt.plus({ days: 1 });
  return dt;
}

function fmtOffset(min: number): string {
  return `${Math.floor(min / 60)}:${String(min % 60).padStart(2, '0')}`;
}

/** A feed date string → an instant, or undefined when it cannot be read. */
export function parseFeedInstant(value: string, zone: string): DateTime | undefined {
  const p = parseDateParts(value);
  return p ? instantOf(p, zone) : undefined;
}
