// Language-independent features of one flagged item, the raw material of story similarity:
// watchlist rules (each a concept in three languages), person rules (entities), the alias terms matched,
// numbers and month-day dates written in the title and excerpts (dates.ts), and a SimHash of that text
// (src/identity.ts). Each key carries a strength: a rule named in passing (one body paragraph past the first)
// weighs less than one in the title or opening paragraph or repeated; the item's own publication day written as
// a dateline ("MOSCOW, November 19. /TASS/.") weighs less than another date, since it says when it was filed,
// not what happened; a date outside the lead ("he arrived on Tuesday") is background and weighs less too.

import type { Candidate, Hit } from '../types.js';
import { fingerprint } from '../simhash.js';
import { dayKey, extractDates, publicationDay, type PublicationDay } from './dates.js';
import { noIntern, type Intern } from './intern.js';

export { extractDates } from './dates.js';

/** A feature key is "<kind>:<value>"; the kind decides its base weight (similarity.ts). */
export type FeatureKind = 'rule' | 'entity' | 'term' | 'number' | 'year' | 'date';

export interface ItemFeatures {
  id: string;
  source: string;
  outlet: string;
  lang: string;
  /** Milliseconds since epoch of publishedAt (or firstSeenAt when the item has no date). */
  atMs: number;
  at: string;
  /** Every feature key, e.g. "rule:trade", "entity:lavrov", "term:wang yi", "number:240", "date:11-18". */
  keys: Set<string>;
  /** Strength of a key in this item, 0..1 (absent = 1): PASSING_MENTION for a rule named in passing,
   *  DATELINE_STRENGTH for the publication day. */
  strength: Map<string, number>;
  /** Rules in the title, the opening paragraph, or two paragraphs or more (see `isProminent`). */
  prominent: Set<string>;
  /** Dates written in the title or the lead paragraphs: the event's own day, not background. */
  leadDates: Set<string>;
  /** Month-day key of the local publication day ("11-19"), null if unknown. */
  pubDay: string | null;
  /** 64-bit SimHash as 16 hex digits (identity.ts `fingerprint`). */
  simhash: string;
  /** Words (en, ru) or Han characters (zh) the SimHash was built from: short texts give unreliable hashes. */
  textTokens: number;
  reprintOf: string | null;
}

export const DEFAULT_ENTITY_RULES: readonly string[] = ['lavrov', 'wang-yi', 'xi', 'putin'];
/** Strength of a rule or entity named in passing, and of the publication day's date. */
export const PASSING_MENTION = 0.4;
export const DATELINE_STRENGTH = 0.3;
/** The title and paragraphs 0..LEAD_PARAGRAPHS-1 are the lead: the news peg, often after a scene-setting opener. */
export const LEAD_PARAGRAPHS = 2;
/** A rule hit in this many distinct paragraphs of one item is prominent even outside the title and lead. */
export const PROMINENT_PARAGRAPHS = 2;

/** Numbers of two digits or more ("3" is noise); "1,200" and "1 200" with a no-break space count as 1200 (a plain
 *  space does not join: "18 100" is two numbers more often than one). A decimal ("4.6", Russian "41,2": one or
 *  two digits after the mark) is one number in any edition, "41.2". */
const NUMBER_RE = /(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|(?<![\d.,])\d+[.,]\d{1,2}(?![\d.,]?\d)|\d{2,}/gu;
const DECIMAL_RE = /^\d+[.,]\d{1,2}$/u;
const YEAR_MIN = 1900;
const YEAR_MAX = 2099;

/** Case-, width- and ё-folded form of a matched term, so "Wang Yi" in two English items is one key. */
export function normaliseTerm(term: string): string {
  return term.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** Bare numbers (not part of a date); years 1900–2099 come back separately as they are weak evidence. */
export function extractNumbers(text: string): { numbers: string[]; years: string[] } {
  const numbers: string[] = [];
  const years: string[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    if (DECIMAL_RE.test(m[0])) {
      numbers.push(m[0].replace(',', '.'));
      continue;
    }
    const n = m[0].replace(/[^\d]/g, '').replace(/^0+(?=\d)/, '');
    const value = Number(n);
    (value >= YEAR_MIN && value <= YEAR_MAX && n.length === 4 ? years : numbers).push(n);
  }
  return { numbers, years };
}

const TOKEN_RE = /\p{Script=Han}|[\p{L}\p{N}]+/gu;

/** Words, or single Han characters (Chinese has no spaces), in `text`. */
export function countTokens(text: string): number {
  return text.normalize('NFKC').match(TOKEN_RE)?.length ?? 0;
}

/** The rule is in the title or the opening paragraph, or in PROMINENT_PARAGRAPHS paragraphs or more: what the
 *  item is about, as opposed to a name or topic met in passing. Stricter than the lead of dates on purpose: the
 *  deputy minister "discussed preparations for Lavrov's visit" in a second paragraph is not about Lavrov. */
export function isProminent(m: { hits: readonly Pick<Hit, 'field' | 'paragraph'>[] }): boolean {
  if (m.hits.some((h) => h.field === 'title' || h.paragraph === 0)) return true;
  return new Set(m.hits.map((h) => h.paragraph)).size >= PROMINENT_PARAGRAPHS;
}

function itemText(item: Candidate): string {
  return [item.title, ...item.excerpts.map((e) => e.text)].join('\n');
}

/** Date and number keys of the title and excerpts. A date in the title or the first LEAD_PARAGRAPHS paragraphs
 *  is the event's own (`leadDates`); one further down ("he arrived on Tuesday") is background. */
function textKeys(item: Candidate, day: PublicationDay | null, keys: Set<string>, intern: Intern): Set<string> {
  const leadDates = new Set<string>();
  const segments = [{ text: item.title, paragraph: 0 }, ...item.excerpts];
  for (const seg of segments) {
    const { dates, rest } = extractDates(seg.text, day ?? undefined);
    const { numbers, years } = extractNumbers(rest);
    for (const d of dates) {
      keys.add(intern(`date:${d}`));
      if (seg.paragraph < LEAD_PARAGRAPHS) leadDates.add(d);
    }
    for (const n of numbers) keys.add(intern(`number:${n}`));
    for (const y of years) keys.add(intern(`year:${y}`));
  }
  return leadDates;
}

/** Every feature of one item. `outlet` is already resolved by the caller's outletOf. */
export function itemFeatures(item: Candidate, outlet: string, entityRules: ReadonlySet<string>, intern: Intern = noIntern): ItemFeatures {
  const published = item.publishedAt === null ? Number.NaN : Date.parse(item.publishedAt);
  const at = Number.isNaN(published) ? item.firstSeenAt : (item.publishedAt ?? item.firstSeenAt);
  const matched = item.matches.filter((m) => m.hits.length > 0);
  const rules = new Set(matched.map((m) => intern(m.rule)));
  const prominent = new Set(matched.filter(isProminent).map((m) => intern(m.rule)));
  const keys = new Set<string>();
  const strength = new Map<string, number>();
  for (const rule of rules) {
    const key = intern(`${entityRules.has(rule) ? 'entity' : 'rule'}:${rule}`);
    keys.add(key);
    if (!prominent.has(rule)) strength.set(key, PASSING_MENTION);
  }
  for (const m of matched) for (const h of m.hits) keys.add(intern(`term:${normaliseTerm(h.term)}`));
  const day = publicationDay(at, item.timeZone);
  const pubDay = day === null ? null : dayKey(day);
  const leadDates = textKeys(item, day, keys, intern);
  for (const k of keys) {
    if (!k.startsWith('date:')) continue;
    const d = k.slice('date:'.length);
    if (d === pubDay) strength.set(k, DATELINE_STRENGTH);
    else if (!leadDates.has(d)) strength.set(k, PASSING_MENTION);
  }
  const text = itemText(item);
  return {
    id: item.id,
    source: intern(item.source.id),
    outlet,
    lang: intern(item.lang),
    atMs: Number.isNaN(published) ? Date.parse(item.firstSeenAt) : published,
    at,
    keys,
    strength,
    prominent,
    leadDates,
    pubDay,
    simhash: fingerprint(text, item.lang),
    textTokens: countTokens(text),
    reprintOf: item.reprintOf?.id ?? null,
  };
}
