// Date helpers for adapters: every time leaves here as ISO 8601 with the source's own offset, to the minute
// when the page has minutes, a bare YYYY-MM-DD when it has only a date, and never later than ctx.now.
import { DateTime, type Zone } from 'luxon';
import { zoneNamed } from './zones.js';
import { pad2 } from './instant.js';

/** The written form of these local fields and offset (minutes, luxon's `ZZ`: hours and minutes of its absolute
 *  value, truncated), or undefined for a year outside 1000-9999, where luxon's `yyyy` pads or grows. ASCII digits
 *  whatever the locale, as ISO 8601 has them: luxon's formatter writes the locale's digits, the same for the
 *  locales we parse in (en, ru) and a system locale with Latin digits. */
function written(y: number, mo: number, d: number, h: number, mi: number, s: number, offset: number): string | undefined {
  if (!(y >= 1000 && y <= 9999)) return undefined;
  const abs = Math.abs(offset);
  const zz = `${offset >= 0 ? '+' : '-'}${pad2(Math.trunc(abs / 60))}:${pad2(Math.trunc(abs % 60))}`;
  return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}${s !== 0 ? `:${pad2(s)}` : ''}${zz}`;
}

/** ISO with offset to the minute (seconds kept only when non-zero), e.g. 2021-03-23T23:05+08:00. Written from the
 *  DateTime's fields: luxon's toFormat parsed its format string and formatted each token at every call (~4 µs). */
export function isoMinute(dt: DateTime): string {
  const text = dt.isValid ? written(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.offset) : undefined;
  return text ?? dt.toFormat(dt.second !== 0 ? "yyyy-MM-dd'T'HH:mm:ssZZ" : "yyyy-MM-dd'T'HH:mmZZ");
}

/** isoMinute of the instant `ms` shown in `zone`, without a DateTime: the local fields as luxon computes them (the
 *  instant moved by the zone's offset, read as UTC). Undefined where isoMinute would not write them itself. */
export function isoMinuteAt(ms: number, zone: Zone): string | undefined {
  const at = localAt(ms, zone);
  if (at === undefined) return undefined;
  const d = at.local;
  return written(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), at.offset);
}

/** The instant `ms` as `zone` shows it, the way luxon computes it: the instant moved by the zone's offset (minutes),
 *  whose UTC getters are the local fields. Undefined when the zone gives no offset. */
export function localAt(ms: number, zone: Zone): { local: Date; offset: number } | undefined {
  const offset = zone.offset(ms);
  if (!Number.isFinite(offset)) return undefined;
  return { local: new Date(ms + offset * 60 * 1000), offset }; // luxon tsToObj's own sum, so a fractional offset rounds alike
}

/** Epoch seconds (or milliseconds when > 1e11) shown in `zone`. */
export function fromEpoch(value: number, zone: string): DateTime | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const ms = value > 1e11 ? value : value * 1000;
  const dt = DateTime.fromMillis(ms, { zone: zoneNamed(zone) });
  return dt.isValid ? dt : undefined;
}

/** luxon's parser of each format and locale, built once: fromFormat built it (its tokens, its RegExp) at every call,
 *  ~17 µs against ~6 with the parser kept (luxon's own buildFormatParser, for this case). A handful of entries. */
const parsers = new Map<string, ReturnType<typeof DateTime.buildFormatParser>>();

/** Parse `text` with one of `formats` in `zone`; locale for month names (en, ru). */
export function fromFormats(text: string, formats: readonly string[], zone: string, locale = 'en'): DateTime | undefined {
  for (const f of formats) {
    const key = `${locale}\u0000${f}`;
    let parser = parsers.get(key);
    if (parser === undefined) parsers.set(key, (parser = DateTime.buildFormatParser(f, { locale })));
    const dt = DateTime.fromFormatParser(text, parser, { zone: zoneNamed(zone), locale });
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
