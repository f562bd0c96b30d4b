// A watch term compiled into segments (words, Chinese runs, separators, punctuation) and the verifier
// that checks one candidate position found by the trie. Verification is where the language rules live:
// word boundaries (Latin/Cyrillic letters and digits only), English plurals, prefix*, Russian
// inflection, ALL-CAPS case sensitivity, and dash/space variants between the words of a phrase.
import { CJK, IGNORE, SEP, WORD, charTables, type CharTables } from './chars.js';
import { matchesRussian, russianWord, type RussianWord } from './russian.js';

/** How the end of a word segment is checked. */
export type WordTail = 'exact' | 'acronym' | 'plural' | 'prefix' | 'ru';

export type Segment =
  | { kind: 'word'; units: string; tail: WordTail; ru?: RussianWord }
  | { kind: 'cjk'; units: string }
  | { kind: 'punct'; units: string }
  | { kind: 'sep' };

export interface Term {
  id: number;
  /** The term as written in the watchlist: `Lavrov`, `renewable*`, `green energy`. */
  written: string;
  caseSensitive: boolean;
  segments: Segment[];
  /** Folded units the trie indexes: the first segment (a word, its stem prefix, or a Chinese run). */
  key: string;
}

export type TermResult = { ok: true; term: Term } | { ok: false; message: string };

const MIN_PLURAL_LENGTH = 3;
const MIN_SINGULAR_LENGTH = 5;
const MIN_PREFIX_UNITS = 2;
const LOWER_S = 0x73;
const LOWER_E = 0x65;
const APOSTROPHE = 0x27;
/** What a term is made of, as errors name it: the scripts chars.ts reads as words or CJK runs (a Greek or Arabic
 *  letter is neither, so "a letter" alone would not tell the author why "Ελλάδα" is refused). */
const TERM_CHARS = 'Latin or Cyrillic letter, digit, or Chinese, Japanese or Korean character';
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN_OR_CYRILLIC_LETTER = /[\p{Script=Latin}\p{Script=Cyrillic}]/gu;

/** Compiles the text of one term (quotes already removed). `prefix` is true for a trailing `*`. */
export function compileTerm(id: number, text: string, prefix: boolean): TermResult {
  const t = charTables();
  const raw = splitRaw(text, t);
  if (raw.length === 0) return { ok: false, message: `a term needs at least one ${TERM_CHARS}` };
  if (raw[0]!.kind !== 'word' && raw[0]!.kind !== 'cjk') {
    return { ok: false, message: `a term must start with a ${TERM_CHARS}` };
  }
  const letters = text.match(LATIN_OR_CYRILLIC_LETTER) ?? [];
  const caseSensitive = letters.length >= 2 && letters.every((l) => l === l.toUpperCase() && l !== l.toLowerCase());
  const table = caseSensitive ? t.exact : t.fold;
  const segments: Segment[] = raw.map((r, i) => toSegment(r, i === raw.length - 1, prefix, caseSensitive, table));
  const first = segments[0]!;
  if (prefix && segments.length === 1 && first.kind === 'word' && first.units.length < MIN_PREFIX_UNITS) {
    return { ok: false, message: `a prefix needs at least ${MIN_PREFIX_UNITS} letters before "*"` };
  }
  const key = first.kind === 'word' && first.ru ? first.ru.prefix : 'units' in first ? first.units : '';
  const written = prefix ? `${text}*` : text;
  return { ok: true, term: { id, written, caseSensitive, segments, key: foldUnits(key, t) } };
}

type RawSeg = { kind: 'word' | 'cjk' | 'punct' | 'sep'; text: string };

function splitRaw(text: string, t: CharTables): RawSeg[] {
  const out: RawSeg[] = [];
  for (let i = 0; i < text.length; i++) {
    const k = t.cls[text.charCodeAt(i)]!;
    if (k === IGNORE) continue;
    const kind = k === WORD ? 'word' : k === CJK ? 'cjk' : k === SEP ? 'sep' : 'punct';
    const prev = out[out.length - 1];
    if (prev && prev.kind === kind && kind !== 'punct') prev.text += text[i];
    else out.push({ kind, text: text[i]! });
  }
  while (out.length > 0 && out[out.length - 1]!.kind === 'sep') out.pop();
  while (out.length > 0 && out[0]!.kind === 'sep') out.shift();
  return out;
}

function toSegment(r: RawSeg, last: boolean, prefix: boolean, caseSensitive: boolean, table: Uint16Array): Segment {
  if (r.kind === 'sep') return { kind: 'sep' };
  const units = mapUnits(r.text, table);
  if (r.kind !== 'word') return { kind: r.kind, units };
  if (prefix && last) return { kind: 'word', units, tail: 'prefix' };
  if (caseSensitive) return { kind: 'word', units, tail: last && /^\p{Lu}{3,}$/u.test(units) ? 'acronym' : 'exact' };
  if (CYRILLIC.test(r.text) && !/\d/u.test(r.text)) {
    return { kind: 'word', units, tail: 'ru', ru: russianWord(units, /^\p{Lu}/u.test(r.text)) };
  }
  if (last && units.length >= MIN_PLURAL_LENGTH && /^\p{L}+$/u.test(units)) {
    const singular = units.length >= MIN_SINGULAR_LENGTH && /[^sui]s$/u.test(units) ? units.slice(0, -1) : units;
    return { kind: 'word', units: singular, tail: 'plural' };
  }
  return { kind: 'word', units, tail: 'exact' };
}

function mapUnits(s: string, table: Uint16Array): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const f = table[s.charCodeAt(i)]!;
    if (f !== 0) out += String.fromCharCode(f);
  }
  return out;
}

function foldUnits(s: string, t: CharTables): string {
  return mapUnits(s, t.fold);
}

/**
 * Verifies `term` at `start` of `s` (the trie found its key there). Returns the end offset (exclusive)
 * of the hit in `s`, or -1. Ignorable units (soft hyphens, stress marks) inside the text are skipped.
 */
export function matchTermAt(term: Term, s: string, start: number): number {
  const t = charTables();
  const table = term.caseSensitive ? t.exact : t.fold;
  let p = start;
  const segs = term.segments;
  for (let k = 0; k < segs.length && p >= 0; k++) {
    const seg = segs[k]!;
    if (seg.kind === 'sep') {
      const cjkBoth = segs[k - 1]?.kind === 'cjk' && segs[k + 1]?.kind === 'cjk';
      p = skipSeparators(s, p, t, cjkBoth);
    } else if (seg.kind === 'word') {
      p = matchWord(seg, s, p, t, table);
    } else {
      p = matchUnits(s, p, seg.units, seg.kind === 'cjk' ? t.fold : table);
    }
  }
  return p;
}

function skipSeparators(s: string, p: number, t: CharTables, optional: boolean): number {
  let q = p;
  let seen = false;
  while (q < s.length) {
    const k = t.cls[s.charCodeAt(q)]!;
    if (k === SEP) seen = true;
    else if (k !== IGNORE) break;
    q++;
  }
  return seen || optional ? q : -1;
}

function matchUnits(s: string, p: number, units: string, table: Uint16Array): number {
  let q = p;
  for (let k = 0; k < units.length; q++) {
    if (q >= s.length) return -1;
    const f = table[s.charCodeAt(q)]!;
    if (f === 0) continue;
    if (f !== units.charCodeAt(k)) return -1;
    k++;
  }
  return q;
}

function matchWord(seg: Extract<Segment, { kind: 'word' }>, s: string, p: number, t: CharTables, table: Uint16Array): number {
  const key = seg.ru ? seg.ru.prefix : seg.units;
  const q = matchUnits(s, p, key, table);
  if (q < 0) return -1;
  const end = wordEnd(s, q, t);
  if (seg.tail === 'prefix') return end;
  if (seg.tail !== 'ru' && apostropheContinues(s, end, t)) return -1;
  if (seg.tail === 'exact') return end === q ? q : -1;
  // ICBMs, SLBMs: an acronym of three or more capitals also takes a lower-case plural s.
  if (seg.tail === 'acronym') return end === q || (end === q + 1 && s.charCodeAt(q) === LOWER_S) ? end : -1;
  if (seg.tail === 'plural') return pluralEnding(s, q, end, t) ? end : -1;
  return seg.ru && matchesRussian(seg.ru, key + foldedSlice(s, q, end, t)) ? end : -1;
}

/**
 * Xi'an, O'Neill, d'Ivoire: an apostrophe followed by letters continues the word, so "Xi" does not
 * match inside "Xi'an". The English possessive ('s, ’s) is the exception: "Lavrov's" is Lavrov.
 */
function apostropheContinues(s: string, end: number, t: CharTables): boolean {
  if (t.fold[s.charCodeAt(end)] !== APOSTROPHE || t.cls[s.charCodeAt(end + 1)] !== WORD) return false;
  const after = wordEnd(s, end + 1, t);
  return !(after === end + 2 && t.fold[s.charCodeAt(end + 1)] === LOWER_S);
}

/** The rest of the word after an English term is nothing, "s" or "es" (no string is built). */
function pluralEnding(s: string, q: number, end: number, t: CharTables): boolean {
  if (end === q) return true;
  const last = t.fold[s.charCodeAt(end - 1)];
  if (last !== LOWER_S) return false;
  return end - q === 1 || (end - q === 2 && t.fold[s.charCodeAt(q)] === LOWER_E);
}

function wordEnd(s: string, q: number, t: CharTables): number {
  let e = q;
  while (e < s.length) {
    const k = t.cls[s.charCodeAt(e)]!;
    if (k !== WORD && k !== IGNORE) break;
    e++;
  }
  while (e > q && t.cls[s.charCodeAt(e - 1)] === IGNORE) e--;
  return e;
}

function foldedSlice(s: string, from: number, to: number, t: CharTables): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const f = t.fold[s.charCodeAt(i)]!;
    if (f !== 0) out += String.fromCharCode(f);
  }
  return out;
}
