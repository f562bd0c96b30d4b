// Publication time for the generic extractor, from the most to the least trustworthy evidence:
//   1. an epoch-seconds meta (absolute by construction), shown with the offset that the page's own
//      zone-less displayed time implies (Sputnik 2019 stamps Moscow wall-clock time with a false "Z");
//   2. a structured value with an explicit offset (JSON-LD datePublished, article:published_time …);
//   3. a structured value with a time but no zone, read in the page's zone;
//   4. a date-time shown next to the headline (time[datetime], "2020-02-19 20:29:58", "09:32, July 15, 2016"),
//      in GMT when the page says so, else in the page's zone;
//   5. a date-only value. Nothing later than `now` is ever returned.
import type { CheerioAPI } from 'cheerio/slim';
import { DateTime } from 'luxon';
import type { Element } from 'domhandler';
import { dateOnly, finalizeTime, fromEpoch, fromIso } from '../text/time.js';
import { clean } from '../text/select.js';
import { zoneNamed } from '../text/zones.js';

/** Meta names whose content is a publication time (property, name or itemprop). */
const META_NAMES = [
  'article:published_time',
  'og:article:published_time',
  'og:published_time',
  'published_time_telegram',
  'datePublished',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'PublishDate',
  'date',
  'dc.date',
  'DC.date',
  'dc.date.issued',
  'DC.date.issued',
  'dcterms.created',
  'dcterms.date',
  'sailthru.date',
  'parsely-pub-date',
  'article.published',
  'cXenseParse:recs:publishtime',
];

/** Meta names holding epoch seconds/milliseconds of publication (e.g. analytics:p_ts). */
const EPOCH_META_RE = /(^|[:_.-])(p_?ts|pub_?ts|published?_?(ts|timestamp)|timestamp)$/i;

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const MONTH_INDEX = (m: string): number =>
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(m.slice(0, 3).toLowerCase()) + 1;
/** Russian month names in the genitive ("16 ноября 2026"), by stem. */
const RU_MONTHS = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];
const RU_MONTH_RE = '(январ|феврал|марта|апрел|мая|июн|июл|августа|сентябр|октябр|ноябр|декабр)[а-я]*';
const RU_MONTH_INDEX = (m: string): number => RU_MONTHS.findIndex((s) => m.toLowerCase().startsWith(s)) + 1;

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  utc: boolean;
}

type Pattern = [RegExp, (m: RegExpExecArray) => Wall];
const n = (s: string | undefined): number => Number(s ?? 0);
const pm = (h: number, ap: string | undefined): number => (ap ? (h % 12) + (/p/i.test(ap) ? 12 : 0) : h);

/** Displayed date-times: numeric (ISO-ish, CJK 年月日), day-first dotted (21:17 18.11.2019), English months. */
const PATTERNS: readonly Pattern[] = [
  [
    /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[\sT]*(\d{1,2}):(\d{2})/,
    (m) => ({ y: n(m[1]), mo: n(m[2]), d: n(m[3]), h: n(m[4]), mi: n(m[5]), utc: false }),
  ],
  [
    /(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:GMT|UTC)?\s*(\d{1,2})\.(\d{1,2})\.(\d{4})/,
    (m) => ({ y: n(m[5]), mo: n(m[4]), d: n(m[3]), h: n(m[1]), mi: n(m[2]), utc: false }),
  ],
  [
    new RegExp(`(\\d{1,2}):(\\d{2})\\s*(am|pm)?,?\\s+(${MONTHS})[a-z]*\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})`, 'i'),
    (m) => ({ y: n(m[6]), mo: MONTH_INDEX(m[4] ?? ''), d: n(m[5]), h: pm(n(m[1]), m[3]), mi: n(m[2]), utc: false }),
  ],
  [
    new RegExp(`(\\d{1,2})\\s+(${MONTHS})[a-z]*\\.?,?\\s+(\\d{4}),?\\s+(\\d{1,2}):(\\d{2})\\s*(am|pm)?`, 'i'),
    (m) => ({ y: n(m[3]), mo: MONTH_INDEX(m[2] ?? ''), d: n(m[1]), h: pm(n(m[4]), m[6]), mi: n(m[5]), utc: false }),
  ],
  [
    new RegExp(`(\\d{1,2})\\s+${RU_MONTH_RE}\\s+(\\d{4})(?:\\s*(?:г\\.|года))?,?\\s+(?:в\\s+)?(\\d{1,2}):(\\d{2})`, 'i'),
    (m) => ({ y: n(m[3]), mo: RU_MONTH_INDEX(m[2] ?? ''), d: n(m[1]), h: n(m[4]), mi: n(m[5]), utc: false }),
  ],
  [
    new RegExp(`(${MONTHS})[a-z]*\\.?\\s+(\\d{1,2}),?\\s+(\\d{4}),?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})\\s*(am|pm)?`, 'i'),
    (m) => ({ y: n(m[3]), mo: MONTH_INDEX(m[1] ?? ''), d: n(m[2]), h: pm(n(m[4]), m[6]), mi: n(m[5]), utc: false }),
  ],
];

const UTC_MARK_RE = /\b(GMT|UTC)\b(?!\s*[+-]\s*\d)/;

/** The first displayed date-time in `text`, GMT-marked when the page says GMT/UTC right next to it. */
export function wallTime(text: string): Wall | undefined {
  let best: { at: number; wall: Wall; m: RegExpExecArray } | undefined;
  for (const [re, make] of PATTERNS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, wall: make(m), m };
  }
  if (!best) return undefined;
  const around = text.slice(Math.max(0, best.at - 12), best.at + best.m[0].length + 12);
  return { ...best.wall, utc: UTC_MARK_RE.test(around) };
}

function wallIn(w: Wall, zone: string): DateTime | undefined {
  const dt = DateTime.fromObject({ year: w.y, month: w.mo, day: w.d, hour: w.h, minute: w.mi }, { zone: w.utc ? 'UTC' : zoneNamed(zone) });
  return dt.isValid ? dt : undefined;
}

/** Publication-time metas in META_NAMES order, read in one pass over the <meta> elements. */
function metaValues($: CheerioAPI): string[] {
  const byName = new Map<string, string[]>();
  $('meta').each((_, el) => {
    const a = (el as Element).attribs;
    const v = a['content']?.trim();
    if (!v) return;
    for (const key of [a['property'], a['name'], a['itemprop']]) {
      if (!key) continue;
      const list = byName.get(key) ?? [];
      list.push(v);
      byName.set(key, list);
    }
  });
  const out = META_NAMES.flatMap((name) => byName.get(name) ?? []);
  $('[itemprop="datePublished"]:not(meta), time[pubdate]').each((_, el) => {
    const v = $(el).attr('datetime') ?? $(el).attr('content');
    if (v?.trim()) out.push(v.trim());
  });
  return out;
}

function epochMeta($: CheerioAPI): number | undefined {
  let found: number | undefined;
  $('meta[name], meta[property]').each((_, el) => {
    const name = $(el).attr('name') ?? $(el).attr('property') ?? '';
    const v = ($(el).attr('content') ?? '').trim();
    if (found === undefined && EPOCH_META_RE.test(name) && /^\d{10}(\d{3})?$/.test(v)) found = Number(v);
  });
  return found;
}

const HAS_TIME_RE = /\d{1,2}:\d{2}/;
const HAS_OFFSET_RE = /(?:[zZ]|[+-]\d\d:?\d\d)$/;

/** Fixed offset ("UTC+3") between a displayed wall time and the absolute instant, if it is plausible. */
function impliedOffset(wall: Wall, instant: DateTime): string | undefined {
  const asUtc = DateTime.fromObject({ year: wall.y, month: wall.mo, day: wall.d, hour: wall.h, minute: wall.mi }, { zone: 'UTC' });
  const diffMin = (asUtc.toMillis() - instant.startOf('minute').toMillis()) / 60_000;
  const rounded = Math.round(diffMin / 15) * 15;
  if (Math.abs(rounded) > 14 * 60 || Math.abs(diffMin - rounded) > 2) return undefined;
  const h = Math.trunc(rounded / 60);
  const mi = Math.abs(rounded % 60);
  return rounded === 0 ? 'UTC' : `UTC${rounded > 0 ? '+' : '-'}${Math.abs(h)}${mi ? `:${String(mi).padStart(2, '0')}` : ''}`;
}

export interface DateEvidence {
  /** Structured values in priority order (JSON-LD first). */
  structured: string[];
  /** Text shown around the headline, for a displayed date-time. */
  nearHeadline: string;
}

export function collectDateEvidence($: CheerioAPI, ldDate: string | undefined, nearHeadline: string): DateEvidence {
  return { structured: [...(ldDate ? [ldDate] : []), ...metaValues($)], nearHeadline };
}

/** The zone-less displayed time: a time[datetime] without offset (its text may say GMT), else the text. */
function displayedWall($: CheerioAPI, nearHeadline: string): Wall | undefined {
  let fromTime: Wall | undefined;
  $('time[datetime]').each((_, el) => {
    const v = ($(el).attr('datetime') ?? '').trim();
    if (fromTime || !HAS_TIME_RE.test(v) || HAS_OFFSET_RE.test(v)) return;
    const w = wallTime(v.replace('T', ' '));
    if (w) fromTime = { ...w, utc: UTC_MARK_RE.test(clean($(el).text())) };
  });
  return fromTime ?? wallTime(nearHeadline);
}

const DAY_MS = 86_400_000;

function contradicted(instant: DateTime, structured: readonly string[]): boolean {
  const stated = structured.find((v) => HAS_TIME_RE.test(v) && HAS_OFFSET_RE.test(v) && DateTime.fromISO(v).isValid);
  return stated !== undefined && Math.abs(DateTime.fromISO(stated).toMillis() - instant.toMillis()) > DAY_MS;
}

/**
 * `zone` is the page's zone (given by the source, or guessed). When it was only guessed (`zoneGiven` false),
 * a value with an explicit offset keeps its own offset: that is the page's own statement of its zone.
 */
export function publishedAt($: CheerioAPI, ev: DateEvidence, zone: string, now: Date, zoneGiven = true): string | undefined {
  const wall = displayedWall($, ev.nearHeadline);
  const epoch = epochMeta($);
  const instant = epoch === undefined ? undefined : fromEpoch(epoch, 'UTC');
  // An epoch meta more than a day away from the page's own offset-bearing structured time is some other stamp
  // (a CMS render or import time under a generic "timestamp" name), not the publication.
  if (instant && !contradicted(instant, ev.structured)) {
    const off = wall ? impliedOffset(wall, instant) : undefined;
    const t = finalizeTime(instant, off ?? zone, now);
    if (t) return t;
  }
  for (const v of ev.structured) {
    if (!HAS_TIME_RE.test(v) || !HAS_OFFSET_RE.test(v)) continue;
    const dt = DateTime.fromISO(v, { setZone: true });
    const t = finalizeTime(dt.isValid ? dt : undefined, zoneGiven || !dt.isValid ? zone : (dt.zoneName ?? zone), now);
    if (t) return t;
  }
  for (const v of ev.structured) {
    if (!HAS_TIME_RE.test(v)) continue;
    const t = finalizeTime(fromIso(v.replace(' ', 'T'), zone), zone, now);
    if (t) return t;
  }
  const dayOnly = ev.structured
    .filter((v) => !HAS_TIME_RE.test(v))
    .map((v) => fromIso(v.slice(0, 10), zone))
    .find((d) => d !== undefined);
  if (wall) {
    const dt = wallIn(wall, zone);
    const agrees = !dayOnly || !dt || dt.setZone(zoneNamed(zone)).toISODate() === dayOnly.toISODate();
    const t = agrees ? finalizeTime(dt, zone, now) : undefined;
    if (t) return t;
  }
  return dateOnly(dayOnly, now);
}
