// Sentence spans for excerpts, English, Russian and Chinese. Not Intl.Segmenter: it is quadratic on
// long text on Node 20 and splits after initials. A sentence ends after . ! ? … (followed by space or
// the end) or after 。！？ (anywhere), plus any closing quotes or brackets. A period does not end a
// sentence after a single capital letter (initials: "С. В. Лавров", "U.S."), after a known
// abbreviation, or when the next word starts in lower case ("т. е. так", "e.g. this").

const CJK_ENDERS = new Set(['。', '！', '？', '｡']);
const ENDERS = new Set(['.', '!', '?', '…']);
const CLOSERS = new Set(['"', "'", '»', '”', '’', ')', ']', '」', '』', '）', '】', '〉', '》']);
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'col', 'lt', 'sgt', 'jr', 'sr', 'prof', 'no', 'vs', 'etc', 'e.g', 'i.e',
  'jan', 'feb', 'aug', 'sept', 'oct', 'nov', 'dec', 'gov', 'sen', 'rep', 'inc', 'corp', 'ltd',
  'г', 'гг', 'т', 'тыс', 'млн', 'млрд', 'руб', 'ул', 'им', 'проф', 'акад', 'ген', 'др', 'пр', 'см', 'стр', 'ст',
]);
const SINGLE_CAPITAL = /^\p{Lu}$/u;
const LOWER_START = /^\p{Ll}/u;

export type Span = [number, number];

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    let end = -1;
    if (CJK_ENDERS.has(ch)) end = closeRun(text, i + 1);
    else if (ENDERS.has(ch)) {
      const e = closeRun(text, i + 1);
      if ((e >= text.length || /\s/u.test(text[e]!)) && !continues(text, i, e)) end = e;
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
  while (e < text.length && (ENDERS.has(text[e]!) || CJK_ENDERS.has(text[e]!) || CLOSERS.has(text[e]!))) e++;
  return e;
}

/** True when the period at `dot` is an initial or an abbreviation, or the next word is lower case. */
function continues(text: string, dot: number, after: number): boolean {
  if (text[dot] !== '.') return false;
  let w = dot;
  while (w > 0 && /[\p{L}.]/u.test(text[w - 1]!)) w--;
  const word = text.slice(w, dot);
  if (SINGLE_CAPITAL.test(word) || ABBREVIATIONS.has(word.toLowerCase())) return true;
  if (word.includes('.') && word.split('.').every((part) => part.length === 1)) return true;
  const next = text.slice(skipSpace(text, after), skipSpace(text, after) + 1);
  return LOWER_START.test(next);
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/u.test(text[i]!)) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return end;
}
