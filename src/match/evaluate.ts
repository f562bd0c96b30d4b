// From text to rule matches: the trie proposes candidates, each term verifies its own, and each rule's
// query is evaluated over title and body together (a rule holds for the article, not per paragraph;
// NEAR pairs must share a paragraph). Only rules with at least one hitting term are evaluated, which
// is exact because a query that holds with no hits at all is refused at compile time.
import type { CompiledRule, CompiledWatchlist, RuleNode } from './compile.js';
import { wordsBetween } from './near.js';
import { matchTermAt } from './terms.js';
import { CandidateBuffer } from './trie.js';

export type Field = 'title' | 'body';

export interface FieldText {
  field: Field;
  /** 0 for the title; the paragraph index for body text. */
  paragraph: number;
  text: string;
  /** Where matching starts: a term found before this offset (a wire dateline) is no hit. Default 0. */
  from?: number;
}

export interface TermHit {
  term: number;
  /** Index into the FieldText array. */
  at: number;
  start: number;
  end: number;
}

const candidates = new CandidateBuffer();

/** Every verified term occurrence, grouped by term id. */
export function findTermHits(cw: CompiledWatchlist, texts: readonly FieldText[]): Map<number, TermHit[]> {
  const byTerm = new Map<number, TermHit[]>();
  for (let at = 0; at < texts.length; at++) {
    const { text, from = 0 } = texts[at]!;
    const count = cw.trie.scan(text, candidates);
    for (let i = 0; i < count; i++) {
      const term = candidates.terms[i]!;
      const start = candidates.starts[i]!;
      if (start < from) continue;
      const end = matchTermAt(cw.terms[term]!, text, start);
      if (end < 0) continue;
      let list = byTerm.get(term);
      if (!list) byTerm.set(term, (list = []));
      list.push({ term, at, start, end });
    }
  }
  return byTerm;
}

export interface RuleOutcome {
  rule: CompiledRule;
  hits: TermHit[];
}

/** Rules that hold, in watchlist order, with the hits that make them hold (NOT branches add none). */
export function matchRules(cw: CompiledWatchlist, texts: readonly FieldText[], byTerm: Map<number, TermHit[]>): RuleOutcome[] {
  const touched = new Set<number>();
  for (const term of byTerm.keys()) for (const r of cw.rulesByTerm[term] ?? []) touched.add(r);
  const out: RuleOutcome[] = [];
  for (const ri of [...touched].sort((a, b) => a - b)) {
    const rule = cw.rules[ri]!;
    const res = evalNode(rule.node, byTerm, texts);
    if (res.ok && res.hits.length > 0) out.push({ rule, hits: dedupe(res.hits) });
  }
  return out;
}

interface Eval {
  ok: boolean;
  hits: TermHit[];
}

function evalNode(n: RuleNode, byTerm: Map<number, TermHit[]>, texts: readonly FieldText[]): Eval {
  switch (n.t) {
    case 'term': {
      const hits = byTerm.get(n.term) ?? [];
      return { ok: hits.length > 0, hits };
    }
    case 'and': {
      const kids = n.kids.map((k) => evalNode(k, byTerm, texts));
      return { ok: kids.every((k) => k.ok), hits: kids.flatMap((k) => k.hits) };
    }
    case 'or': {
      const kids = n.kids.map((k) => evalNode(k, byTerm, texts)).filter((k) => k.ok);
      return { ok: kids.length > 0, hits: kids.flatMap((k) => k.hits) };
    }
    case 'not':
      return { ok: !evalNode(n.kid, byTerm, texts).ok, hits: [] };
    case 'near':
      return near(n.distance, evalNode(n.a, byTerm, texts).hits, evalNode(n.b, byTerm, texts).hits, texts);
  }
}

/** Hits of A and B that have a partner on the other side in the same field and paragraph with at most
 * `distance` words between them. The word count between two hits only grows as they move apart, so a hit's
 * nearest partners decide: the first partner starting at or after it, and, of the partners starting before
 * it, the one ending last. Each hit is checked against those two only, and each check stops after
 * `distance` + 1 words, so dense text costs O(hits × distance) however many hits fall in one window. */
function near(distance: number, as: TermHit[], bs: TermHit[], texts: readonly FieldText[]): Eval {
  const used = new Set<TermHit>();
  for (const [xs, ys] of [
    [as, bs],
    [bs, as],
  ] as const) {
    if (xs.length === 0 || ys.length === 0) continue;
    const sortedX = [...xs].sort(byPosition);
    const sortedY = [...ys].sort(byPosition);
    let k = 0;
    /** Of the partners starting before the current hit (same text), the one ending last. */
    let lastEnding: TermHit | undefined;
    for (const x of sortedX) {
      while (k < sortedY.length && before(sortedY[k]!, x)) {
        const y = sortedY[k++]!;
        if (y.at === x.at && y !== x && (!lastEnding || lastEnding.at !== y.at || y.end > lastEnding.end)) lastEnding = y;
      }
      if (lastEnding && lastEnding.at !== x.at) lastEnding = undefined;
      let after: TermHit | undefined;
      for (let j = k; j < sortedY.length; j++) {
        const y = sortedY[j]!;
        if (y.at !== x.at) break;
        if (y !== x) {
          after = y;
          break;
        }
      }
      for (const y of [lastEnding, after]) {
        if (y && within(texts[x.at]!.text, x, y, distance)) {
          used.add(x);
          used.add(y);
        }
      }
    }
  }
  return { ok: used.size > 0, hits: [...used] };
}

/** y sorts strictly before x (an earlier text, or an earlier start in the same text). */
function before(y: TermHit, x: TermHit): boolean {
  return y.at < x.at || (y.at === x.at && y.start < x.start);
}

function within(text: string, x: TermHit, y: TermHit, distance: number): boolean {
  const [first, second] = x.start <= y.start ? [x, y] : [y, x];
  return wordsBetween(text, first.end, second.start, distance) <= distance;
}

function byPosition(x: TermHit, y: TermHit): number {
  return x.at - y.at || x.start - y.start;
}

/** Sorted by position, duplicates (same term and span) dropped; no per-hit key strings. */
function dedupe(hits: TermHit[]): TermHit[] {
  const sorted = [...hits].sort((x, y) => x.at - y.at || x.start - y.start || y.end - x.end || x.term - y.term);
  const out: TermHit[] = [];
  for (const h of sorted) {
    const last = out[out.length - 1];
    if (last && last.term === h.term && last.at === h.at && last.start === h.start && last.end === h.end) continue;
    out.push(h);
  }
  return out;
}
