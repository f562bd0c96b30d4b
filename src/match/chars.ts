// Per-UTF-16-unit folding and character classes. Matching never works on a normalised or lowercased copy
// whose length can differ from the original (İ → i̇, ﬁ → fi): each code unit folds to exactly one unit
// (or to IGNORE), so every offset the matcher reports is an offset into the ORIGINAL text.
//
// One table entry per code unit applies, in order: NFKC of the unit alone (full-width ＮＡＴＯ → NATO,
// CJK compatibility ideographs → unified) when that stays one unit; Traditional → Simplified Chinese
// (opencc-js character dictionaries, Taiwan and Hong Kong variants first); ё → е; all whitespace and
// dashes → one separator; typographic apostrophes → '. FOLD additionally lowercases; EXACT does not
// (it serves ALL-CAPS terms such as US, EU, ШОС, which match case-sensitively).
import * as OpenCC from 'opencc-js/t2cn';

/** Character classes. A word char is a Latin or Cyrillic letter or a digit (never JavaScript's \b). */
export const OTHER = 0;
export const WORD = 1;
/** Han, kana, hangul and surrogate halves: matched as substrings, no word boundaries. */
export const CJK = 2;
/** Whitespace and every dash: a run of them is one separator inside a phrase. */
export const SEP = 3;
/** Soft hyphen, zero-width characters, combining marks (stress accents): skipped by the matcher. */
export const IGNORE = 4;

const TABLE_SIZE = 0x10000;
const SEPARATOR_UNIT = 0x20;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: one code unit at a time; a lone combining mark is what is ignored
const IGNORABLE = /^[\u00AD\u200B-\u200D\u2060\uFEFF\u0300-\u036F\u0483-\u0489]$/u;
const WORD_CHAR = /^[\p{Script=Latin}\p{Script=Cyrillic}]$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const CJK_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3005\u3006\u30FC]$/u;
const SEPARATOR = /^[\s\p{Pd}\u2212]$/u;
const HAS_CASE = /^[\p{Lu}\p{Lt}\p{Nl}\p{So}]$/u;
const APOSTROPHES = new Set(['\u2019', '\u2018', '\u02BC', '\u2032', '`', '\u00B4']);

export interface CharTables {
  /** Case-folded unit (0 = ignorable). */
  fold: Uint16Array;
  /** Same without case folding (0 = ignorable). */
  exact: Uint16Array;
  cls: Uint8Array;
  /** 1 for a word char or an ignorable one (a soft hyphen does not end a word). */
  wordish: Uint8Array;
}

let cached: CharTables | undefined;

/** Built once per thread (~75 ms of CPU on Node 20, opencc's dictionaries and a Unicode pass over 65,536 units) and
 *  shared by every compiled watchlist; a page worker is handed the main thread's (adoptCharTables). */
export function charTables(): CharTables {
  cached ??= buildTables();
  return cached;
}

/** Uses tables built by another thread (structured-cloned into a worker) when they have the tables' shape; anything
 *  else is ignored and the tables are built here as usual. */
export function adoptCharTables(t: unknown): void {
  if (cached || typeof t !== 'object' || t === null) return;
  const { fold, exact, cls, wordish } = t as Partial<CharTables>;
  const sized = (a: unknown, type: typeof Uint16Array | typeof Uint8Array): boolean => a instanceof type && a.length === TABLE_SIZE;
  if (sized(fold, Uint16Array) && sized(exact, Uint16Array) && sized(cls, Uint8Array) && sized(wordish, Uint8Array)) {
    cached = { fold, exact, cls, wordish } as CharTables;
  }
}

function buildTables(): CharTables {
  const t2s = traditionalToSimplified();
  const fold = new Uint16Array(TABLE_SIZE);
  const exact = new Uint16Array(TABLE_SIZE);
  const cls = new Uint8Array(TABLE_SIZE);
  for (let c = 0; c < TABLE_SIZE; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      fold[c] = exact[c] = c;
      cls[c] = CJK;
      continue;
    }
    const ch = String.fromCharCode(c);
    if (isIdeographOrHangul(c)) {
      // Fast path for 38K code units: no case, NFKC leaves them alone (compatibility ideographs aside).
      const n = c >= 0xf900 ? ch.normalize('NFKC') : ch;
      const e = t2s.get(n) ?? n;
      fold[c] = exact[c] = e.length === 1 ? e.charCodeAt(0) : c;
      cls[c] = CJK;
      continue;
    }
    if (IGNORABLE.test(ch)) {
      cls[c] = IGNORE;
      continue;
    }
    const nfkc = ch.normalize('NFKC');
    let e = nfkc.length === 1 ? nfkc : ch;
    e = t2s.get(e) ?? e;
    if (e === 'ё') e = 'е';
    else if (e === 'Ё') e = 'Е';
    else if (APOSTROPHES.has(e)) e = "'";
    const kind = classify(e);
    cls[c] = kind;
    if (kind === SEP) {
      fold[c] = exact[c] = SEPARATOR_UNIT;
      continue;
    }
    // toLowerCase only where there is case: calling it on every unit costs ~250 ms on Node 20.
    const lower = HAS_CASE.test(e) ? e.toLowerCase() : e;
    exact[c] = e.charCodeAt(0);
    fold[c] = lower.length === 1 ? lower.charCodeAt(0) : e === 'İ' ? 0x69 : exact[c]!;
  }
  const wordish = cls.map((k) => (k === WORD || k === IGNORE ? 1 : 0));
  return { fold, exact, cls, wordish };
}

/** CJK unified ideographs (with extension A), compatibility ideographs and Hangul syllables. */
function isIdeographOrHangul(c: number): boolean {
  return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff);
}

function classify(ch: string): number {
  if (SEPARATOR.test(ch)) return SEP;
  if (DIGIT.test(ch)) return WORD;
  if (LETTER.test(ch) && WORD_CHAR.test(ch)) return WORD;
  if (CJK_CHAR.test(ch)) return CJK;
  return OTHER;
}

/** Single-character Traditional → Simplified map from opencc-js's own dictionaries (variants, then TS). */
function traditionalToSimplified(): Map<string, string> {
  const locale = OpenCC.Locale;
  const variants = new Map<string, string>();
  for (const region of ['hk', 'tw'] as const) {
    for (const group of locale.from[region] ?? []) for (const dict of group) addPairs(variants, dict);
  }
  const ts = new Map<string, string>();
  for (const group of locale.to['cn'] ?? []) for (const dict of group) addPairs(ts, dict);
  const out = new Map<string, string>();
  for (const [src, rep] of ts) out.set(src, rep);
  for (const [src, variant] of variants) {
    const simplified = ts.get(variant) ?? variant;
    if (simplified !== src) out.set(src, simplified);
  }
  return out;
}

function addPairs(into: Map<string, string>, dict: string | readonly (readonly [string, string])[]): void {
  const pairs = typeof dict === 'string' ? dict.split('|').map((p) => p.split(' ')) : dict;
  for (const [src, rep] of pairs) {
    if (src === undefined || rep === undefined) continue;
    if (src.length === 1 && rep.length === 1) into.set(src, rep);
  }
}

/** Folds a whole string unit by unit (terms, test helpers). Ignorable units are dropped. */
export function foldString(s: string, caseSensitive = false): string {
  const t = charTables();
  const table = caseSensitive ? t.exact : t.fold;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const f = table[s.charCodeAt(i)]!;
    if (f !== 0) out += String.fromCharCode(f);
  }
  return out;
}

export function classOf(unit: number): number {
  return charTables().cls[unit]!;
}
