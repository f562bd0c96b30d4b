// Word distance for A NEAR/n B. Latin and Cyrillic words are runs of word chars; Chinese runs are
// split into words by Intl.Segmenter — but only the run between the two hits, never a whole
// paragraph: on Node 20 the segmenter is quadratic on long text. A gap longer than
// MAX_CHARS_PER_WORD × (n + 1) characters is "too far" without segmenting anything.
import { CJK, WORD, charTables } from './chars.js';

const MAX_CHARS_PER_WORD = 40;
let segmenter: Intl.Segmenter | undefined;

/** The longest gap, in characters, that can still hold `limit` words. */
export function maxGapChars(limit: number): number {
  return MAX_CHARS_PER_WORD * (limit + 1);
}

/** Words strictly between `from` and `to` in `text`, or Infinity once the count exceeds `limit`. */
export function wordsBetween(text: string, from: number, to: number, limit: number): number {
  if (to <= from) return 0;
  if (to - from > maxGapChars(limit)) return Infinity;
  const { cls } = charTables();
  let count = 0;
  let i = from;
  while (i < to && count <= limit) {
    const k = cls[text.charCodeAt(i)]!;
    if (k === WORD) {
      while (i < to && cls[text.charCodeAt(i)] === WORD) i++;
      count++;
    } else if (k === CJK) {
      const runStart = i;
      while (i < to && cls[text.charCodeAt(i)] === CJK) i++;
      count += chineseWords(text.slice(runStart, i));
    } else i++;
  }
  return count > limit ? Infinity : count;
}

function chineseWords(run: string): number {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  let n = 0;
  for (const seg of segmenter.segment(run)) if (seg.isWordLike) n++;
  return n;
}
