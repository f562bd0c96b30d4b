// Times in the form wirewatch itself writes (text/time.ts: `2026-11-18T14:12+03:00`, seconds and milliseconds when
// present, `Z`, or a bare date), read without luxon. The outputs read every item's time several times (its order,
// its UTC day for the filters, its local day for the stories); luxon's fromISO was ~5 % of a 10,000-item render.
// Guarantee: for a string read here, every value equals what luxon's DateTime.fromISO gives for it (setZone: the
// written offset; a bare date is midnight UTC, as order.ts reads it); anything else, or anything out of range, is
// undefined, and the caller asks luxon as before (tests/text/instant.test.ts compares the two).

/** YYYY-MM-DD, then optionally THH:mm[:ss[.f{1,3}]] with Z or ±HH:mm. Years 1000-9999: JavaScript's Date.UTC reads
 *  years 0-99 as 19xx, and a bare year past 9999 is not ISO 8601's basic form. */
const WRITTEN = /^([1-9]\d{3})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

export interface WrittenTime {
  /** The calendar fields as written (local to the written offset). */
  year: number;
  month: number;
  day: number;
  /** Epoch milliseconds of the instant (a bare date: midnight UTC). */
  ms: number;
  /** Whether the string carries its offset (Z or ±HH:mm); a bare date does not. */
  hasOffset: boolean;
}

const MINUTE_MS = 60_000;

/** Two digits, as luxon's `MM`, `dd`, `HH` and `mm` write a number under 100. */
export const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** luxon's `LLL` (toFormat writes English month names whatever the system locale). */
export const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The fields of a string in the written form, or undefined (then luxon decides). */
export function readWrittenTime(iso: string): WrittenTime | undefined {
  const m = WRITTEN.exec(iso);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  // One to three digits are whole milliseconds (luxon's floor(0.f × 1000) gives the same for each of them).
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offHour = Number(m[10]);
    const offMinute = Number(m[11]);
    if (offHour > 23 || offMinute > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHour * 60 + offMinute);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * MINUTE_MS;
  return { year, month, day, ms, hasOffset: m[8] !== undefined };
}

/** Days in a month of the proleptic Gregorian calendar (what luxon and Date both use). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday (1 = Monday … 7 = Sunday, luxon's numbering) of a calendar date, years 1000-9999. */
export function isoWeekday(year: number, month: number, day: number): number {
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return sundayFirst === 0 ? 7 : sundayFirst;
}

/** `YYYY-MM-DD` of an instant's UTC day, when that day's year is 1000-9999 (toISOString's plain form). */
export function utcDayOf(ms: number): string | undefined {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return y >= 1000 && y <= 9999 ? d.toISOString().slice(0, 10) : undefined;
}
