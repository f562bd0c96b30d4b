// Item time and order, shared by the review page and every export so they agree on "when" and "which first".
// An item's instant is publishedAt, or firstSeenAt when the outlet gave no date; ties break on id, so output
// order never depends on input order.

import { DateTime } from 'luxon';
import type { Candidate } from '../types.js';
import { SHORT_MONTHS, pad2, readWrittenTime, utcDayOf } from '../text/instant.js';

/** "18 Nov 08:05 UTC": first-item times in one zone so outlets compare at a glance. A written time with its offset
 *  is read without luxon (the same fields as luxon's toUTC); anything else through luxon. */
export function utcStamp(iso: string): string {
  const written = readWrittenTime(iso);
  if (written?.hasOffset) {
    const d = new Date(written.ms);
    return `${d.getUTCDate()} ${SHORT_MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
  }
  const t = DateTime.fromISO(iso, { setZone: true });
  return t.isValid ? t.toUTC().toFormat("d LLL HH:mm 'UTC'") : iso;
}

/** "22 Nov 2026 06:00 UTC": a heading's time, read by the editor rather than a program (the year included, as
 *  a draft outlives its week); a string that is not ISO 8601 is shown as it is. */
export function utcDateTime(iso: string): string {
  const t = parseInstant(iso);
  return t === undefined ? iso : t.toUTC().toFormat("d LLL yyyy HH:mm 'UTC'");
}

/** Parses an ISO 8601 string (full or date-only, read as UTC midnight); undefined when absent or invalid. */
export function parseInstant(iso: string | null | undefined): DateTime | undefined {
  if (!iso) return undefined;
  const dt = DateTime.fromISO(iso, { setZone: true, zone: 'utc' });
  return dt.isValid ? dt : undefined;
}

/** parseInstant(iso)'s epoch milliseconds, read without luxon when the string is in the form we write. */
export function instantMillis(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  return readWrittenTime(iso)?.ms ?? parseInstant(iso)?.toMillis();
}

/** parseInstant(iso)'s UTC calendar day (YYYY-MM-DD), read without luxon when the string is in the form we write. */
export function utcDay(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const written = readWrittenTime(iso);
  const fast = written && utcDayOf(written.ms);
  return fast ?? parseInstant(iso)?.toUTC().toISODate() ?? undefined;
}

/** Milliseconds since the epoch of the item's instant; 0 when neither date parses (sorts oldest). */
export function itemMillis(item: Pick<Candidate, 'publishedAt' | 'firstSeenAt'>): number {
  return instantMillis(item.publishedAt) ?? instantMillis(item.firstSeenAt) ?? 0;
}

/** RFC 3339 UTC (`2026-11-18T11:05:00Z`) of the item's instant, or of `fallback` when it has none. */
export function itemUtcIso(item: Pick<Candidate, 'publishedAt' | 'firstSeenAt'>, fallback: string): string {
  return utcIso(item.publishedAt ?? item.firstSeenAt) ?? utcIso(fallback) ?? fallback;
}

export function utcIso(iso: string | null | undefined): string | undefined {
  return parseInstant(iso)?.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
}

const byId = (a: Candidate, b: Candidate): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Oldest first, then id: the newsletter draft's order. */
export function chronological(items: readonly Candidate[]): Candidate[] {
  return [...items].sort((a, b) => itemMillis(a) - itemMillis(b) || byId(a, b));
}

/** Newest first, then id: the review page's and the feeds' order. */
export function newestFirst(items: readonly Candidate[]): Candidate[] {
  return [...items].sort((a, b) => itemMillis(b) - itemMillis(a) || byId(a, b));
}
