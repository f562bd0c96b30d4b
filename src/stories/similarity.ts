// Pair similarity of two flagged items, with the evidence that makes it up.
//
// score = min(1, cosine + text + reprint), where
//   cosine  = weighted cosine of the two items' feature sets (features.ts). A feature's weight is
//             BASE_WEIGHT[kind] × ln(1 + N / df) × its strength in the item: a rule every item of the week
//             matched (china-russia) counts little, a person or a date only this event's items share counts much;
//             a rule named in passing, or the publication day written as a dateline, counts less.
//   text    = NEAR_DUP_BONUS, scaled down with the SimHash distance, when both texts are long enough and within
//             NEAR_DUP_MAX_BITS (a reprint in the same language).
//   reprint = REPRINT_BONUS when one item is marked as the other's reprint, or both reprint the same item.
// What counts as sharing an event: the pair scores 0 unless it shares an ANCHOR, something that pins one event
// rather than a topic: a person both items are about (prominent in both), a number (not a year), a date both
// leads give that is neither item's filing day, near-duplicate text, or a reprint link. Shared topic
// rules alone (quad-indo-pacific + joint-exercises in the same week) never join two items, however many. The
// cosine also needs at least MIN_SHARED_FEATURES shared rules, entities, dates or numbers (terms and years don't
// count): two short items that both match just "china-russia" have a cosine near 1 and nothing worth a story.
// Dates also speak against: when both leads date the event and the days disagree, the pair scores 0.
// Items further apart in time than the story window score 0. Every addend is listed as Evidence, so the sum
// of the evidence weights is the score (before the cap at 1).
//
// Two ways to the same number: `pairEvidence` lists the addends (for the few pairs an output explains), and
// `pairScore` sums them without building them (for the hundreds of thousands of pairs scored per build, where
// per-pair objects were most of the story build's garbage). Guarantee: pairScore(a, b) === scoreOf(pairEvidence
// (a, b)) bit for bit, since both add the same addends largest first (tests/stories/features.test.ts).

import type { Evidence } from './types.js';
import type { FeatureKind, ItemFeatures } from './features.js';
import { EMPTY_FINGERPRINT, hamming, hammingBits, parseFingerprint, type FingerprintBits } from '../simhash.js';
import { anchorsFrom, KeyTable, strengthOf } from './key-vectors.js';

/** Event evidence (who, when, how many) outweighs topic evidence (what about). */
export const BASE_WEIGHT: Readonly<Record<FeatureKind, number>> = {
  entity: 2.0,
  date: 1.5,
  number: 1.5,
  rule: 0.6,
  term: 0.3,
  year: 0.2,
};
export const NEAR_DUP_MAX_BITS = 10;
export const NEAR_DUP_BONUS = 0.5;
/** Below this many tokens a SimHash says little (a headline alone). */
export const NEAR_DUP_MIN_TOKENS = 20;
export const REPRINT_BONUS = 0.5;
export const MIN_SHARED_FEATURES = 2;
/** Lead dates this many days apart still agree: a dateline written after midnight in another time zone. */
export const DATE_SLACK_DAYS = 1;
/** Feature kinds that count towards MIN_SHARED_FEATURES (a term repeats its rule; years are everywhere). */
const SPECIFIC_KINDS: ReadonlySet<FeatureKind> = new Set<FeatureKind>(['rule', 'entity', 'date', 'number']);

export interface Corpus {
  weights: Map<string, number>;
  norms: Map<string, number>;
  windowMs: number;
  /** Each key's kind and value, split once per build instead of once per pair. */
  parts: Map<string, KeyParts>;
  /** Fingerprints parsed once per build, by their hex. */
  bits: Map<string, FingerprintBits>;
  /** The same weights, strengths, norms and anchor parts by integer key id, for pairScore (key-vectors.ts). */
  keys: KeyTable;
}

interface KeyParts {
  kind: FeatureKind;
  value: string;
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
  const bits = new Map<string, FingerprintBits>();
  for (const it of items) {
    let sum = 0;
    for (const k of it.keys) sum += ((weights.get(k) ?? 0) * strengthOf(it, k)) ** 2;
    norms.set(it.id, Math.sqrt(sum));
    const parsed = parseFingerprint(it.simhash);
    if (parsed) bits.set(it.simhash, parsed);
  }
  const parts = new Map<string, KeyParts>();
  for (const k of df.keys()) parts.set(k, { kind: kindOf(k), value: k.slice(k.indexOf(':') + 1) });
  let keyCount = 0;
  for (const it of items) keyCount += it.keys.size;
  const keys = new KeyTable(
    {
      weightOf: (k) => weights.get(k) ?? 0,
      kindOf,
      isSpecific: (kind) => SPECIFIC_KINDS.has(kind),
      normOf: (it) => norms.get(it.id) ?? 0,
    },
    keyCount,
  );
  for (const it of items) keys.runOf(it);
  return { weights, norms, windowMs: windowHours * 3_600_000, parts, bits, keys };
}

/** The shared key pins one event (see the header): which keys can, and when. */
function isAnchor(a: ItemFeatures, b: ItemFeatures, key: string): boolean {
  const kind = kindOf(key);
  const value = key.slice(key.indexOf(':') + 1);
  return anchorsFrom(a, kind, value) && anchorsFrom(b, kind, value);
}

/** Month-day keys met so far and their day of the year, computed once each (366 valid keys; the cap keeps
 *  anything else from growing it). */
const DAY_OF_YEAR = new Map<string, number>();
const DAY_CACHE_MAX = 400;

/** Day of a month-day key in a leap year (wrap-around at New Year is not worth the code: a 1-day slack at most). */
function dayOfYear(key: string): number {
  const known = DAY_OF_YEAR.get(key);
  if (known !== undefined) return known;
  const [mm, dd] = key.split('-').map(Number);
  const day = Math.round((Date.UTC(2024, (mm ?? 1) - 1, dd ?? 1) - Date.UTC(2024, 0, 1)) / 86_400_000);
  if (DAY_OF_YEAR.size < DAY_CACHE_MAX) DAY_OF_YEAR.set(key, day);
  return day;
}

/** Both leads give the event's day and no two of those days are within DATE_SLACK_DAYS: two events, even if the
 *  same people and topics recur (the deputy minister preparing the visit on the 16th, the visit on the 18th). */
function datesConflict(a: ItemFeatures, b: ItemFeatures): boolean {
  if (a.leadDates.size === 0 || b.leadDates.size === 0) return false;
  for (const d of a.leadDates) {
    const day = dayOfYear(d);
    for (const e of b.leadDates) if (Math.abs(day - dayOfYear(e)) <= DATE_SLACK_DAYS) return false;
  }
  return true;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The uncapped addends of the pair's score, largest first. Empty when the items are outside the window. */
export function pairEvidence(a: ItemFeatures, b: ItemFeatures, corpus: Corpus): Evidence[] {
  if (Math.abs(a.atMs - b.atMs) > corpus.windowMs) return [];
  const shared = sharedKeys(a, b);
  const text = nearDuplicate(a, b);
  const reprintKey = reprintLink(a, b);
  if (text === null && reprintKey === null && (datesConflict(a, b) || !shared.some((k) => isAnchor(a, b, k)))) return [];
  const evidence = sharedFeatures(a, b, shared, corpus);
  if (text !== null) evidence.push(text);
  if (reprintKey !== null) evidence.push({ kind: 'reprint', key: reprintKey, weight: REPRINT_BONUS });
  return evidence.sort((x, y) => y.weight - x.weight || (x.key < y.key ? -1 : 1));
}

/** Addends of the pair being scored, reused by every call: pairScore allocates nothing per pair. */
let addends = new Float64Array(64);

function pushAddend(n: number, weight: number): number {
  if (n === addends.length) {
    const grown = new Float64Array(addends.length * 2);
    grown.set(addends);
    addends = grown;
  }
  addends[n] = weight;
  return n + 1;
}

/**
 * scoreOf(pairEvidence(a, b, corpus)), without building the evidence: the same gates (window, anchor, date
 * conflict, MIN_SHARED_FEATURES), the same addends by the same expressions, summed in the same order (largest
 * first; equal addends in any order give the same sum), so the result is the same double.
 */
export function pairScore(a: ItemFeatures, b: ItemFeatures, corpus: Corpus): number {
  if (Math.abs(a.atMs - b.atMs) > corpus.windowMs) return 0;
  const t = corpus.keys;
  const ra = t.runOf(a);
  const rb = t.runOf(b);
  const shared = t.shared(ra, rb);
  let anchored = false;
  let specific = 0;
  for (let s = 0; s < shared; s++) {
    const pa = t.sharedA[s] as number;
    specific += t.specific[t.ids[pa] as number] as number;
    if (!anchored) anchored = t.anchor[pa] === 1 && t.anchor[t.sharedB[s] as number] === 1;
  }
  const textBits = nearDuplicateBits(a, b, corpus);
  const reprinted = reprintLink(a, b) !== null;
  if (textBits < 0 && !reprinted && (datesConflict(a, b) || !anchored)) return 0;
  let n = 0;
  const denom = ra.norm * rb.norm;
  if (denom !== 0 && specific >= MIN_SHARED_FEATURES) {
    for (let s = 0; s < shared; s++) {
      const pa = t.sharedA[s] as number;
      const w = t.weight[t.ids[pa] as number] as number;
      n = pushAddend(n, (w * w * (t.strength[pa] as number) * (t.strength[t.sharedB[s] as number] as number)) / denom);
    }
  }
  if (textBits >= 0) n = pushAddend(n, nearDuplicateWeight(textBits));
  if (reprinted) n = pushAddend(n, REPRINT_BONUS);
  const sorted = addends.subarray(0, n).sort();
  let sum = 0;
  for (let k = n - 1; k >= 0; k--) sum += sorted[k] as number;
  return Math.min(1, sum);
}

function sharedKeys(a: ItemFeatures, b: ItemFeatures): string[] {
  const [small, large] = a.keys.size <= b.keys.size ? [a.keys, b.keys] : [b.keys, a.keys];
  return [...small].filter((k) => large.has(k));
}

function sharedFeatures(a: ItemFeatures, b: ItemFeatures, shared: readonly string[], corpus: Corpus): Evidence[] {
  const denom = (corpus.norms.get(a.id) ?? 0) * (corpus.norms.get(b.id) ?? 0);
  if (denom === 0) return [];
  if (shared.filter((k) => SPECIFIC_KINDS.has(kindOf(k))).length < MIN_SHARED_FEATURES) return [];
  return shared.map((k) => {
    const w = corpus.weights.get(k) ?? 0;
    // The corpus's split of the key, not a new slice: the stories keep this string once per joined member and
    // shared key (190,000 of them at 10,000 items), and one copy per distinct key is enough.
    const part = corpus.parts.get(k) ?? { kind: kindOf(k), value: k.slice(k.indexOf(':') + 1) };
    return { kind: EVIDENCE_KIND[part.kind], key: part.value, weight: (w * w * strengthOf(a, k) * strengthOf(b, k)) / denom };
  });
}

function nearDuplicate(a: ItemFeatures, b: ItemFeatures): Evidence | null {
  if (a.textTokens < NEAR_DUP_MIN_TOKENS || b.textTokens < NEAR_DUP_MIN_TOKENS) return null;
  if (a.simhash === EMPTY_FINGERPRINT || b.simhash === EMPTY_FINGERPRINT) return null;
  const bits = hamming(a.simhash, b.simhash);
  if (bits > NEAR_DUP_MAX_BITS) return null;
  return { kind: 'text', key: `simhash:${bits}`, weight: nearDuplicateWeight(bits) };
}

/** nearDuplicate's distance, or -1 when it gives no evidence; fingerprints come parsed from the corpus (one
 *  it does not hold goes through hamming(), which throws on an unreadable one as nearDuplicate does). */
function nearDuplicateBits(a: ItemFeatures, b: ItemFeatures, corpus: Corpus): number {
  if (a.textTokens < NEAR_DUP_MIN_TOKENS || b.textTokens < NEAR_DUP_MIN_TOKENS) return -1;
  if (a.simhash === EMPTY_FINGERPRINT || b.simhash === EMPTY_FINGERPRINT) return -1;
  const pa = corpus.bits.get(a.simhash);
  const pb = corpus.bits.get(b.simhash);
  const bits = pa && pb ? hammingBits(pa, pb) : hamming(a.simhash, b.simhash);
  return bits > NEAR_DUP_MAX_BITS ? -1 : bits;
}

function nearDuplicateWeight(bits: number): number {
  return NEAR_DUP_BONUS * (1 - bits / (NEAR_DUP_MAX_BITS + 1));
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
