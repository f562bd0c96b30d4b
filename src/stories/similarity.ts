// Pair similarity of two flagged items, with the evidence that makes it up.
//
// score = min(1, cosine + text + reprint), where
//   cosine  = weighted cosine of the two items' feature sets (features.ts). A feature's weight is
//             BASE_WEIGHT[kind] × ln(1 + N / df): a rule every item of the week matched (china-russia) counts
//             little, a person or a date only this event's items share counts much. It counts only when the
//             items share at least MIN_SHARED_FEATURES rules, entities, dates or numbers (terms and years
//             don't count): two short items that both match just "china-russia" have a cosine near 1 and
//             nothing in common worth a story.
//   text    = NEAR_DUP_BONUS, scaled down with the SimHash distance, when both texts are long enough and within
//             NEAR_DUP_MAX_BITS (a reprint in the same language).
//   reprint = REPRINT_BONUS when one item is marked as the other's reprint, or both reprint the same item.
// Items further apart in time than the story window score 0. Every addend is listed as Evidence, so the sum
// of the evidence weights is the score (before the cap at 1).

import type { Evidence } from './types.js';
import type { FeatureKind, ItemFeatures } from './features.js';
import { EMPTY_FINGERPRINT, hamming } from '../identity.js';

export const BASE_WEIGHT: Readonly<Record<FeatureKind, number>> = {
  entity: 1.5,
  rule: 1.0,
  date: 1.0,
  number: 0.7,
  term: 0.5,
  year: 0.25,
};
export const NEAR_DUP_MAX_BITS = 10;
export const NEAR_DUP_BONUS = 0.5;
/** Below this many tokens a SimHash says little (a headline alone). */
export const NEAR_DUP_MIN_TOKENS = 20;
export const REPRINT_BONUS = 0.5;
export const MIN_SHARED_FEATURES = 2;
/** Feature kinds that count towards MIN_SHARED_FEATURES (a term repeats its rule; years are everywhere). */
const SPECIFIC_KINDS: ReadonlySet<FeatureKind> = new Set<FeatureKind>(['rule', 'entity', 'date', 'number']);

export interface Corpus {
  weights: Map<string, number>;
  norms: Map<string, number>;
  windowMs: number;
}

const EVIDENCE_KIND: Readonly<Record<FeatureKind, Evidence['kind']>> = {
  entity: 'entity',
  rule: 'rule',
  date: 'date',
  number: 'number',
  term: 'term',
  year: 'number',
};

function kindOf(key: string): FeatureKind {
  return key.slice(0, key.indexOf(':')) as FeatureKind;
}

/** IDF-scaled weights over this run's items, and each item's vector norm. */
export function buildCorpus(items: readonly ItemFeatures[], windowHours: number): Corpus {
  const df = new Map<string, number>();
  for (const it of items) for (const k of it.keys) df.set(k, (df.get(k) ?? 0) + 1);
  const weights = new Map<string, number>();
  for (const [k, n] of df) weights.set(k, BASE_WEIGHT[kindOf(k)] * Math.log(1 + items.length / n));
  const norms = new Map<string, number>();
  for (const it of items) {
    let sum = 0;
    for (const k of it.keys) sum += (weights.get(k) ?? 0) ** 2;
    norms.set(it.id, Math.sqrt(sum));
  }
  return { weights, norms, windowMs: windowHours * 3_600_000 };
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The uncapped addends of the pair's score, largest first. Empty when the items are outside the window. */
export function pairEvidence(a: ItemFeatures, b: ItemFeatures, corpus: Corpus): Evidence[] {
  if (Math.abs(a.atMs - b.atMs) > corpus.windowMs) return [];
  const evidence = sharedFeatures(a, b, corpus);
  const text = nearDuplicate(a, b);
  if (text !== null) evidence.push(text);
  const reprintKey = reprintLink(a, b);
  if (reprintKey !== null) evidence.push({ kind: 'reprint', key: reprintKey, weight: REPRINT_BONUS });
  return evidence.sort((x, y) => y.weight - x.weight || (x.key < y.key ? -1 : 1));
}

function sharedFeatures(a: ItemFeatures, b: ItemFeatures, corpus: Corpus): Evidence[] {
  const denom = (corpus.norms.get(a.id) ?? 0) * (corpus.norms.get(b.id) ?? 0);
  if (denom === 0) return [];
  const [small, large] = a.keys.size <= b.keys.size ? [a.keys, b.keys] : [b.keys, a.keys];
  const shared = [...small].filter((k) => large.has(k));
  if (shared.filter((k) => SPECIFIC_KINDS.has(kindOf(k))).length < MIN_SHARED_FEATURES) return [];
  return shared.map((k) => {
    const w = corpus.weights.get(k) ?? 0;
    return { kind: EVIDENCE_KIND[kindOf(k)], key: k.slice(k.indexOf(':') + 1), weight: (w * w) / denom };
  });
}

function nearDuplicate(a: ItemFeatures, b: ItemFeatures): Evidence | null {
  if (a.textTokens < NEAR_DUP_MIN_TOKENS || b.textTokens < NEAR_DUP_MIN_TOKENS) return null;
  if (a.simhash === EMPTY_FINGERPRINT || b.simhash === EMPTY_FINGERPRINT) return null;
  const bits = hamming(a.simhash, b.simhash);
  if (bits > NEAR_DUP_MAX_BITS) return null;
  return { kind: 'text', key: `simhash:${bits}`, weight: NEAR_DUP_BONUS * (1 - bits / (NEAR_DUP_MAX_BITS + 1)) };
}

function reprintLink(a: ItemFeatures, b: ItemFeatures): string | null {
  if (a.reprintOf === b.id) return b.id;
  if (b.reprintOf === a.id) return a.id;
  if (a.reprintOf !== null && a.reprintOf === b.reprintOf) return a.reprintOf;
  return null;
}

/** Pair score in 0..1: the evidence weights summed and capped. */
export function scoreOf(evidence: readonly Evidence[]): number {
  let sum = 0;
  for (const e of evidence) sum += e.weight;
  return Math.min(1, sum);
}

/** Evidence as stored in the output: weights rounded to 3 decimals, entries that round to 0 left out. */
export function roundedEvidence(evidence: readonly Evidence[]): Evidence[] {
  return evidence.map((e) => ({ ...e, weight: round3(e.weight) })).filter((e) => e.weight > 0);
}
