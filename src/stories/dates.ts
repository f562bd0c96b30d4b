// Month-day dates written in an item's text, as language-independent story evidence ("11-18").
//
// Absolute forms ("November 18", "18 ноября", "11月18日", "2026-11-18") are read anywhere. Relative forms need
// the item's own publication day to resolve, and only then are read: a weekday ("on Monday", "в понедельник",
// "周一") is the latest such day on or before publication (news reports the past week), and a Chinese day alone
// ("16日") is that day of the publication month, or of the month before if it lies after the publication day.
// So the English "held on Monday" and the Chinese "16日举行" of one forum meet on the same key.

import { DateTime } from 'luxon';
import { daysInMonth, isoWeekday, readWrittenTime } from '../text/instant.js';
import { zoneNamed } from '../text/zones.js';
import { EN_MONTH_NAMES, RU_MONTHS_GENITIVE } from '../text/months.js';

/** The item's local publication day, which resolves relative dates. */
export interface PublicationDay {
  year: number;
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EN_MONTH_WORDS = [...EN_MONTH_NAMES, 'sept', ...EN_MONTHS];
/** Weekday words by ISO weekday (index + 1): English, Russian after "в/во" (accusative), Chinese 周X / 星期X. */
const EN_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const RU_WEEKDAYS = ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'];
const ZH_WEEKDAYS = ['一', '二', '三', '四', '五', '六', '[日天]'];

/** Whole month words only, so "Decision 20" or "5 маяков" is no date. */
const EN_MONTH = `(${EN_MONTH_WORDS.join('|')})\\.?(?![a-z])`;
const RU_MONTH = `(${RU_MONTHS_GENITIVE.join('|')})(?![а-яё])`;
type Groups = readonly (string | undefined)[];
/** Characters a match cannot do without, tested on the text a pattern is about to scan (what earlier patterns left
 *  of it): a segment in another script, or with no digit, skips it (a plain character test costs a fraction of the
 *  alternation's scan). That text is NFKC (blanking a match puts in spaces only), so no other character case-folds
 *  into the ASCII or Cyrillic letters the patterns name (NFKC maps U+017F ſ to s and U+212A, the Kelvin sign, to
 *  K). Guarantee: the dates are those of the patterns alone (DATE_PATTERNS). */
const DIGIT = /\d/;
const LATIN = /[a-z]/i;
const CYRILLIC = /[а-яё]/iu;
export interface Filtered {
  re: RegExp;
  needs: readonly RegExp[];
}
interface AbsolutePattern extends Filtered {
  month: (m: Groups) => number;
  day: (m: Groups) => string;
}
/** The date forms the three editions write: "November 18", "Nov. 18", "18 November", "18 ноября", "11月18日", "2026-11-18". */
const ABSOLUTE: readonly AbsolutePattern[] = [
  {
    re: new RegExp(`\\b${EN_MONTH}\\s+(\\d{1,2})(?!\\d)`, 'giu'),
    needs: [DIGIT, LATIN],
    month: (m) => EN_MONTHS.indexOf(key3(m[1])) + 1,
    day: (m) => m[2] ?? '',
  },
  {
    re: new RegExp(`(?<!\\d)(\\d{1,2})\\s+${EN_MONTH}`, 'giu'),
    needs: [DIGIT, LATIN],
    month: (m) => EN_MONTHS.indexOf(key3(m[2])) + 1,
    day: (m) => m[1] ?? '',
  },
  {
    re: new RegExp(`(?<!\\d)(\\d{1,2})\\s+${RU_MONTH}`, 'giu'),
    needs: [DIGIT, CYRILLIC],
    month: (m) => RU_MONTHS_GENITIVE.indexOf((m[2] ?? '').toLowerCase()) + 1,
    day: (m) => m[1] ?? '',
  },
  { re: /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/gu, needs: [DIGIT, /月/], month: (m) => Number(m[1]), day: (m) => m[2] ?? '' },
  { re: /(?<!\d)\d{4}-(\d{2})-(\d{2})(?!\d)/gu, needs: [DIGIT, /-/], month: (m) => Number(m[1]), day: (m) => m[2] ?? '' },
];
/** Relative forms, read only with a publication day: weekday number (1–7) from the match. Every English weekday
 *  ends in "day"; the Russian form starts with "в"; the Chinese with 周 or 星期. */
const WEEKDAY_PATTERNS: readonly (Filtered & { weekday: (m: Groups) => number })[] = [
  {
    re: new RegExp(`\\b(${EN_WEEKDAYS.join('|')})(?![a-z])`, 'giu'),
    needs: [/day/i],
    weekday: (m) => EN_WEEKDAYS.indexOf((m[1] ?? '').toLowerCase()) + 1,
  },
  {
    re: new RegExp(`(?<![а-яё])во?\\s+(${RU_WEEKDAYS.join('|')})(?![а-яё])`, 'giu'),
    needs: [/в/iu],
    weekday: (m) => RU_WEEKDAYS.indexOf((m[1] ?? '').toLowerCase()) + 1,
  },
  {
    re: new RegExp(`(?:周|星期)(${ZH_WEEKDAYS.join('|')})`, 'gu'),
    needs: [/周|星期/],
    weekday: (m) => ZH_WEEKDAYS.findIndex((w) => new RegExp(`^${w}$`, 'u').test(m[1] ?? '')) + 1,
  },
];
/** "16日" with no month before it (the full "11月16日" is read first and blanked). */
const ZH_DAY_ONLY: Filtered = { re: /(?<![\d月])(\d{1,2})\s*日/gu, needs: [DIGIT, /日/] };
/** Every pattern with the characters it needs, for the test that each need is one (tests/stories/features.test.ts). */
export const DATE_PATTERNS: readonly Filtered[] = [...ABSOLUTE, ...WEEKDAY_PATTERNS, ZH_DAY_ONLY];
const DAYS_PER_WEEK = 7;

function key3(word: string | undefined): string {
  return (word ?? '').slice(0, 3).toLowerCase();
}

export function monthDayKey(month: number, day: number): string {
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The local calendar day of an ISO time: the offset written in the string, else `zone`; null if unreadable. */
export function publicationDay(iso: string, zone: string): PublicationDay | null {
  const fast = readWrittenTime(iso);
  if (fast?.hasOffset) return { year: fast.year, month: fast.month, day: fast.day, weekday: isoWeekday(fast.year, fast.month, fast.day) };
  const written = DateTime.fromISO(iso, { setZone: true });
  const hasOffset = /(?:[+-]\d{2}:?\d{2}|Z)$/i.test(iso);
  const t = hasOffset ? written : DateTime.fromISO(iso, { zone: zoneNamed(zone) });
  if (!t.isValid) return null;
  return { year: t.year, month: t.month, day: t.day, weekday: t.weekday };
}

export function dayKey(p: PublicationDay): string {
  return monthDayKey(p.month, p.day);
}

/** Replaces each match of `p.re` for which `key` gives a date: the key is collected, the match blanked. A text
 *  without one of the characters `p` needs is returned as it is. */
function collect(text: string, p: Filtered, key: (m: Groups) => string | null, dates: string[]): string {
  for (const need of p.needs) if (!need.test(text)) return text;
  return text.replace(p.re, (whole: string, ...args: unknown[]) => {
    // replace() passes the groups, then offset and input: keep the groups only.
    const m: Groups = [whole, ...args.slice(0, -2).map((g) => (typeof g === 'string' ? g : undefined))];
    const k = key(m);
    if (k === null) return whole;
    dates.push(k);
    return ' ';
  });
}

/** Years whose calendar arithmetic Date.UTC does as luxon does (it reads years 0-99 as 19xx). */
const plainYear = (year: number): boolean => year >= 1000 && year <= 9999;

function weekdayKey(weekday: number, ref: PublicationDay): string | null {
  if (weekday < 1) return null;
  const back = (ref.weekday - weekday + DAYS_PER_WEEK) % DAYS_PER_WEEK;
  if (plainYear(ref.year)) {
    const d = new Date(Date.UTC(ref.year, ref.month - 1, ref.day - back));
    return monthDayKey(d.getUTCMonth() + 1, d.getUTCDate());
  }
  const d = DateTime.utc(ref.year, ref.month, ref.day).minus({ days: back });
  return monthDayKey(d.month, d.day);
}

function dayOnlyKey(day: number, ref: PublicationDay): string | null {
  if (day < 1 || day > 31) return null;
  if (day <= ref.day) return monthDayKey(ref.month, day);
  const prevMonth = ref.month === 1 ? 12 : ref.month - 1;
  if (plainYear(ref.year))
    return day <= daysInMonth(ref.month === 1 ? ref.year - 1 : ref.year, prevMonth) ? monthDayKey(prevMonth, day) : null;
  const prev = DateTime.utc(ref.year, ref.month, 1).minus({ months: 1 });
  return day <= (prev.daysInMonth ?? 31) ? monthDayKey(prev.month, day) : null;
}

/** Month-day keys ("11-18") of every date written in `text`, and the text with those dates blanked out
 *  (so the day is not counted again as a bare number). Relative forms only when `ref` is given. */
export function extractDates(text: string, ref?: PublicationDay): { dates: string[]; rest: string } {
  let rest = text.normalize('NFKC');
  const dates: string[] = [];
  for (const p of ABSOLUTE) {
    const { month, day } = p;
    rest = collect(
      rest,
      p,
      (m) => {
        const mm = month(m);
        const dd = Number(day(m));
        return mm < 1 || mm > 12 || dd < 1 || dd > 31 ? null : monthDayKey(mm, dd);
      },
      dates,
    );
  }
  if (ref === undefined) return { dates, rest };
  for (const p of WEEKDAY_PATTERNS) rest = collect(rest, p, (m) => weekdayKey(p.weekday(m), ref), dates);
  rest = collect(rest, ZH_DAY_ONLY, (m) => dayOnlyKey(Number(m[1]), ref), dates);
  return { dates, rest };
}
