// Sentence spans for excerpts, English, Russian and Chinese. Not Intl.Segmenter: it is quadratic on
// long text on Node 20 and splits after initials. A sentence ends after . ! ? … (followed by space or
// the end) or after 。！？ (anywhere), plus any closing quotes or brackets. A period does not end a
// sentence after a single capital letter (initials: "С. В. Лавров", "U.S."), after a known
// abbreviation, or when the next word starts in lower case ("т. е. так", "e.g. this").

import { WORD, charTables } from './chars.js';

/** Per code unit: ENDER (. ! ? …), CJK_ENDER (。！？), CLOSER (quotes, brackets) or 0. */
const ENDER = 1;
const CJK_ENDER = 2;
const CLOSER = 4;
const KIND = new Uint8Array(0x10000);
for (const [chars, kind] of [
  ['.!?…', ENDER],
  ['。！？｡', CJK_ENDER],
  ['"\'»”’)]」』）】〉》', CLOSER],
] as const) {
  for (const ch of chars) KIND[ch.charCodeAt(0)] = kind;
}
const DOT = 0x2e;
const MAX_ABBREVIATION_CHARS = 8;
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'gen',
  'col',
  'lt',
  'sgt',
  'jr',
  'sr',
  'prof',
  'no',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'jan',
  'feb',
  'aug',
  'sept',
  'oct',
  'nov',
  'dec',
  'gov',
  'sen',
  'rep',
  'inc',
  'corp',
  'ltd',
  'г',
  'гг',
  'т',
  'тыс',
  'млн',
  'млрд',
  'руб',
  'ул',
  'им',
  'проф',
  'акад',
  'ген',
  'др',
  'пр',
  'см',
  'стр',
  'ст',
]);
const SINGLE_CAPITAL = /^\p{Lu}$/u;
const LOWER_START = /^\p{Ll}/u;

export type Span = [number, number];

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  let i = start;
  while (i < text.length) {
    const kind = KIND[text.charCodeAt(i)]!;
    let end = -1;
    if (kind === CJK_ENDER) end = closeRun(text, i + 1);
    else if (kind === ENDER) {
      const e = closeRun(text, i + 1);
      if ((e >= text.length || isSpace(text.charCodeAt(e))) && !continues(text, i, e)) end = e;
    }
    if (end < 0) {
      i++;
      continue;
    }
    spans.push([start, end]);
    start = skipSpace(text, end);
    i = start;
  }
  const tail = trimEnd(text, start, text.length);
  if (tail > start) spans.push([start, tail]);
  return spans;
}

/** Eats further enders and closing quotes after an ender ("?!", "…»", ".)"). */
function closeRun(text: string, i: number): number {
  let e = i;
  while (e < text.length && KIND[text.charCodeAt(e)] !== 0) e++;
  return e;
}

/** True when the period at `dot` is an initial or an abbreviation, or the next word is lower case. */
function continues(text: string, dot: number, after: number): boolean {
  if (text.charCodeAt(dot) !== DOT) return false;
  const { cls } = charTables();
  let w = dot;
  while (w > 0 && dot - w <= MAX_ABBREVIATION_CHARS && (cls[text.charCodeAt(w - 1)] === WORD || text.charCodeAt(w - 1) === DOT)) w--;
  if (dot - w <= MAX_ABBREVIATION_CHARS) {
    const word = text.slice(w, dot);
    if (SINGLE_CAPITAL.test(word) || ABBREVIATIONS.has(word.toLowerCase())) return true;
    if (word.includes('.') && word.split('.').every((part) => part.length === 1)) return true;
  }
  const next = skipSpace(text, after);
  return next < text.length && LOWER_START.test(text.slice(next, next + 1));
}

/** White space as JavaScript's \s knows it, tested by code (no one-character strings, no RegExp). */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
