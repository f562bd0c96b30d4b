// The article-extraction-benchmark body metric (shared/aeb/README.md), written from its description:
// token 4-gram shingles as multisets, per-page tp/fp/fn normalised to sum 1 (every page weighs the same),
// precision averaged over pages with tp+fp > 0, recall over pages with tp+fn > 0, F1 of the two averages.

export const SHINGLE_TOKENS = 4;

/** Unicode word-character runs, as Python's `\w+`: letters, numbers (any N category) and underscore. */
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

export function tokens(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Multiset of token n-grams; a text shorter than n tokens is one shingle; an empty text has none. */
export function shingles(text: string, n = SHINGLE_TOKENS): Map<string, number> {
  const toks = tokens(text);
  const out = new Map<string, number>();
  const count = Math.max(1, toks.length - n + 1);
  for (let i = 0; i < count; i++) {
    const key = toks.slice(i, i + n).join(' ');
    if (key) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Per-page counts, normalised so tp + fp + fn = 1 (all zero when both texts are empty). */
export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

export function pageCounts(truth: string, predicted: string): PageCounts {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const tc = t.get(key) ?? 0;
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
    fn += Math.max(0, tc - pc);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

export interface Score {
  precision: number;
  recall: number;
  f1: number;
  pages: number;
}

/** Page precision/recall: 1 when a page has no error at all (fp = fn = 0), undefined when not defined. */
export function pagePR(c: PageCounts): { precision?: number; recall?: number } {
  if (c.fp === 0 && c.fn === 0) return { precision: 1, recall: 1 };
  return {
    precision: c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : undefined,
    recall: c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : undefined,
  };
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function aggregate(pages: readonly PageCounts[]): Score {
  const ps: number[] = [];
  const rs: number[] = [];
  for (const c of pages) {
    const { precision, recall } = pagePR(c);
    if (precision !== undefined) ps.push(precision);
    if (recall !== undefined) rs.push(recall);
  }
  const precision = mean(ps);
  const recall = mean(rs);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, pages: pages.length };
}
