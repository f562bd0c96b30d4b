// Language-independent features of one flagged item, the raw material of story similarity:
// watchlist rules (each a concept in three languages), person rules (entities), the alias terms matched,
// numbers and month-day dates written in the title and excerpts, and a SimHash of that text (src/identity.ts).

import type { Candidate } from '../types.js';
import { fingerprint } from '../identity.js';

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
  /** Rules with at least one hit. */
  rules: Set<string>;
  /** Every feature key, e.g. "rule:trade", "entity:lavrov", "term:wang yi", "number:240", "date:11-18". */
  keys: Set<string>;
  /** 64-bit SimHash as 16 hex digits (identity.ts `fingerprint`). */
  simhash: string;
  /** Words (en, ru) or Han characters (zh) the SimHash was built from: short texts give unreliable hashes. */
  textTokens: number;
  reprintOf: string | null;
}

export const DEFAULT_ENTITY_RULES: readonly string[] = ['lavrov', 'wang-yi', 'xi', 'putin'];

const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EN_MONTH_WORDS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'sept', ...EN_MONTHS];
/** Russian dates put the month in the genitive after the day ("18 ноября"); only these exact words count. */
const RU_MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** Whole month words only, so "Decision 20" or "5 маяков" is no date. */
const EN_MONTH = `(${EN_MONTH_WORDS.join('|')})\\.?(?![a-z])`;
const RU_MONTH = `(${RU_MONTHS_GENITIVE.join('|')})(?![а-яё])`;
/** The date forms the three editions write: "November 18", "Nov. 18", "18 November", "18 ноября", "11月18日", "2026-11-18". */
type Groups = readonly (string | undefined)[];
const DATE_PATTERNS: readonly { re: RegExp; month: (m: Groups) => number; day: (m: Groups) => string }[] = [
  { re: new RegExp(`\\b${EN_MONTH}\\s+(\\d{1,2})(?!\\d)`, 'giu'), month: (m) => EN_MONTHS.indexOf(key3(m[1])) + 1, day: (m) => m[2] ?? '' },
  { re: new RegExp(`(?<!\\d)(\\d{1,2})\\s+${EN_MONTH}`, 'giu'), month: (m) => EN_MONTHS.indexOf(key3(m[2])) + 1, day: (m) => m[1] ?? '' },
  { re: new RegExp(`(?<!\\d)(\\d{1,2})\\s+${RU_MONTH}`, 'giu'), month: (m) => RU_MONTHS_GENITIVE.indexOf((m[2] ?? '').toLowerCase()) + 1, day: (m) => m[1] ?? '' },
  { re: /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/gu, month: (m) => Number(m[1]), day: (m) => m[2] ?? '' },
  { re: /(?<!\d)\d{4}-(\d{2})-(\d{2})(?!\d)/gu, month: (m) => Number(m[1]), day: (m) => m[2] ?? '' },
];

/** Numbers of two digits or more ("3" is noise); "1,200" and "1 200" with a no-break space count as 1200 (a plain
 *  space does not join: "18 100" is two numbers more often than one). */
const NUMBER_RE = /(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d{2,}/gu;
const YEAR_MIN = 1900;
const YEAR_MAX = 2099;

function key3(word: string | undefined): string {
  return (word ?? '').slice(0, 3).toLowerCase();
}

/** Case-, width- and ё-folded form of a matched term, so "Wang Yi" in two English items is one key. */
export function normaliseTerm(term: string): string {
  return term.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** Month-day keys ("11-18") of every date written in `text`, and the text with those dates blanked out
 *  (so the day is not counted again as a bare number). */
export function extractDates(text: string): { dates: string[]; rest: string } {
  let rest = text.normalize('NFKC');
  const dates: string[] = [];
  for (const { re, month, day } of DATE_PATTERNS) {
    rest = rest.replace(re, (whole: string, ...args: unknown[]) => {
      // replace() passes the groups, then offset and input: keep the groups only.
      const m: Groups = [whole, ...args.slice(0, -2).map((g) => (typeof g === 'string' ? g : undefined))];
      const mm = month(m);
      const dd = Number(day(m));
      if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return whole;
      dates.push(`${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
      return ' ';
    });
  }
  return { dates, rest };
}

/** Bare numbers (not part of a date); years 1900–2099 come back separately as they are weak evidence. */
export function extractNumbers(text: string): { numbers: string[]; years: string[] } {
  const numbers: string[] = [];
  const years: string[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
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

function itemText(item: Candidate): string {
  return [item.title, ...item.excerpts.map((e) => e.text)].join('\n');
}

/** Every feature of one item. `outlet` is already resolved by the caller's outletOf. */
export function itemFeatures(item: Candidate, outlet: string, entityRules: ReadonlySet<string>): ItemFeatures {
  const published = item.publishedAt === null ? Number.NaN : Date.parse(item.publishedAt);
  const at = Number.isNaN(published) ? item.firstSeenAt : (item.publishedAt ?? item.firstSeenAt);
  const rules = new Set(item.matches.filter((m) => m.hits.length > 0).map((m) => m.rule));
  const keys = new Set<string>();
  for (const rule of rules) keys.add(`${entityRules.has(rule) ? 'entity' : 'rule'}:${rule}`);
  for (const m of item.matches) for (const h of m.hits) keys.add(`term:${normaliseTerm(h.term)}`);
  const text = itemText(item);
  const { dates, rest } = extractDates(text);
  const { numbers, years } = extractNumbers(rest);
  for (const d of dates) keys.add(`date:${d}`);
  for (const n of numbers) keys.add(`number:${n}`);
  for (const y of years) keys.add(`year:${y}`);
  return {
    id: item.id,
    source: item.source.id,
    outlet,
    lang: item.lang,
    atMs: Number.isNaN(published) ? Date.parse(item.firstSeenAt) : published,
    at,
    rules,
    keys,
    simhash: fingerprint(text, item.lang),
    textTokens: countTokens(text),
    reprintOf: item.reprintOf?.id ?? null,
  };
}
