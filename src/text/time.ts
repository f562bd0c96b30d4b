// Date helpers for adapters: every time leaves here as ISO 8601 with the source's own offset, to the minute
// when the page has minutes, a bare YYYY-MM-DD when it has only a date, and never later than ctx.now.
import { DateTime } from 'luxon';
import { zoneNamed } from './zones.js';

/** ISO with offset to the minute (seconds kept only when non-zero), e.g. 2021-03-23T23:05+08:00. */
export function isoMinute(dt: DateTime): string {
  const fmt = dt.second !== 0 ? "yyyy-MM-dd'T'HH:mm:ssZZ" : "yyyy-MM-dd'T'HH:mmZZ";
  return dt.toFormat(fmt);
}

/** Epoch seconds (or milliseconds when > 1e11) shown in `zone`. */
export function fromEpoch(value: number, zone: string): DateTime | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const ms = value > 1e11 ? value : value * 1000;
  const dt = DateTime.fromMillis(ms, { zone: zoneNamed(zone) });
  return dt.isValid ? dt : undefined;
}

/** Parse `text` with one of `formats` in `zone`; locale for month names (en, ru). */
export function fromFormats(text: string, formats: readonly string[], zone: string, locale = 'en'): DateTime | undefined {
  for (const f of formats) {
    const dt = DateTime.fromFormat(text, f, { zone: zoneNamed(zone), locale });
    if (dt.isValid) return dt;
  }
  return undefined;
}

/** An ISO string with or without offset; a zone-less one is read in `zone`. */
export function fromIso(text: string, zone: string): DateTime | undefined {
  const dt = DateTime.fromISO(text.trim(), { zone: zoneNamed(zone), setZone: true });
  if (!dt.isValid) return undefined;
  return /[zZ]|[+-]\d\d:?\d\d$/.test(text.trim()) ? dt.setZone(zoneNamed(zone)) : dt;
}

/**
 * The final form of a page time: shown in the source zone, and refused (undefined) when it lies more than
 * `skewMs` after `now`, since a future date is a parsing error, not news.
 */
export function finalizeTime(dt: DateTime | undefined, zone: string, now: Date, skewMs = 10 * 60_000): string | undefined {
  if (!dt?.isValid) return undefined;
  if (dt.toMillis() > now.getTime() + skewMs) return undefined;
  return isoMinute(dt.setZone(zoneNamed(zone)));
}

/** A date-only value (YYYY-MM-DD) when the page gives no time of day. */
export function dateOnly(dt: DateTime | undefined, now: Date): string | undefined {
  if (!dt?.isValid) return undefined;
  if (dt.startOf('day').toMillis() > now.getTime()) return undefined;
  return dt.toISODate() ?? undefined;
}
