// From text to rule matches: the trie proposes candidates, each term verifies its own, and each rule's
// query is evaluated over title and body together (a rule holds for the article, not per paragraph;
// NEAR pairs must share a paragraph). Only rules with at least one hitting term are evaluated, which
// is exact because a query that holds with no hits at all is refused at compile time.
import type { CompiledRule, CompiledWatchlist, RuleNode } from './compile.js';
import { maxGapChars, wordsBetween } from './near.js';
import { matchTermAt } from './terms.js';
import { CandidateBuffer } from './trie.js';

export type Field = 'title' | 'body';

export interface FieldText {
  field: Field;
  /** 0 for the title; the paragraph index for body text. */
  paragraph: number;
  text: string;
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
    const text = texts[at]!.text;
    const count = cw.trie.scan(text, candidates);
    for (let i = 0; i < count; i++) {
      const term = candidates.terms[i]!;
      const start = candidates.starts[i]!;
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

/** Pairs of hits in the same field and paragraph with at most `distance` words between them. Both lists
 * are sorted, and each hit of A only looks at the hits of B inside the character window that could
 * possibly hold `distance` words, so long articles with many hits stay near-linear. */
function near(distance: number, as: TermHit[], bs: TermHit[], texts: readonly FieldText[]): Eval {
  const used = new Set<TermHit>();
  const window = maxGapChars(distance);
  const sortedB = [...bs].sort(byPosition);
  const longest = bs.reduce((n, b) => Math.max(n, b.end - b.start), 0);
  for (const a of as) {
    const from = a.start - window - longest;
    let lo = 0;
    let hi = sortedB.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = sortedB[mid]!;
      if (m.at < a.at || (m.at === a.at && m.start < from)) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < sortedB.length; k++) {
      const b = sortedB[k]!;
      if (b.at !== a.at || b.start > a.end + window) break;
      if (a === b) continue;
      const [first, second] = a.start <= b.start ? [a, b] : [b, a];
      if (wordsBetween(texts[a.at]!.text, first.end, second.start, distance) <= distance) {
        used.add(a);
        used.add(b);
      }
    }
  }
  return { ok: used.size > 0, hits: [...used] };
}

function byPosition(x: TermHit, y: TermHit): number {
  return x.at - y.at || x.start - y.start;
}

function dedupe(hits: TermHit[]): TermHit[] {
  const seen = new Set<string>();
  const out: TermHit[] = [];
  for (const h of hits) {
    const k = `${h.term}:${h.at}:${h.start}:${h.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(h);
  }
  return out.sort((x, y) => x.at - y.at || x.start - y.start || y.end - x.end);
}
