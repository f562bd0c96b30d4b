// Which pairs of items buildStories scores, and their scores: near-linear instead of all n² pairs.
//
// similarity.ts scores a pair 0 unless the two items lie within the story window AND share join evidence: an
// anchor (a number; a person prominent in both; a date in both leads that is not merely the day both were
// filed), near-duplicate text (SimHash within NEAR_DUP_MAX_BITS, both texts long enough) or a reprint link.
// So each item is posted under every piece of such evidence it has (inverted indexes), and only pairs that meet
// in some posting list within the window are scored (by `pairScore`, pairEvidence's sum without the evidence
// objects). Guarantee: every pair that `pairEvidence` would give a non-zero score is among them
// (tests/stories/scale.test.ts checks this against all pairs), so the sparse scores equal the all-pairs ones, as
// long as no posting list holds more than MAX_NEIGHBOURS_PER_LIST items within one window. Cost: O(Σ postings × min(window density, MAX_NEIGHBOURS_PER_LIST)): linear.
//
// Near-duplicate text is found through SimHash bands: the 64 bits cut into SIMHASH_BANDS bands of ≤ 5 bits;
// two fingerprints that differ in fewer bits than there are bands agree on at least one whole band
// (pigeonhole), so they meet in that band's posting list. Pairs met only there are kept when their Hamming
// distance is within NEAR_DUP_MAX_BITS (one XOR and popcount on fingerprints parsed once per build).

import { EMPTY_FINGERPRINT, hammingWords, parseFingerprint } from '../simhash.js';
import type { ItemFeatures } from './features.js';
import { NEAR_DUP_MAX_BITS, NEAR_DUP_MIN_TOKENS, pairScore, type Corpus } from './similarity.js';
import { F64Buffer, keyBuffer, pairKey, pairScoresFrom, type PairKeys, type PairScores } from './pair-scores.js';

export { pairKey };

/**
 * In one posting list, an item meets at most this many earlier items inside the window (its nearest in time).
 * Evidence shared by hundreds of items in three days (a burst where every piece names the same minister and
 * date) no longer tells events apart, and all its pairs would make building quadratic (10,000 such items
 * overflowed a Set). Below this density the guarantee in the header holds exactly.
 */
export const MAX_NEIGHBOURS_PER_LIST = 64;

/** 13 bands of ≤ 5 bits: fingerprints within 12 bits (≥ NEAR_DUP_MAX_BITS) share a band. */
export const SIMHASH_BANDS = 13;
const SIMHASH_BITS = 64;
const BAND_BITS = Math.ceil(SIMHASH_BITS / SIMHASH_BANDS);
if (SIMHASH_BANDS <= NEAR_DUP_MAX_BITS) throw new Error('SIMHASH_BANDS must exceed NEAR_DUP_MAX_BITS');

/** What a posting list is keyed on; `text` lists need the Hamming check, `date` lists skip filing-day pairs. */
type PostingKind = 'anchor' | 'date' | 'text';

interface Posting {
  item: number;
  /** The date is this item's own publication day (a dateline): two such postings are no anchor. */
  filingDay: boolean;
}

interface Lists {
  kind: Map<string, PostingKind>;
  postings: Map<string, Posting[]>;
}

/** Hooks for tests and benchmarks: which pairs to score (default: the indexed ones), and a count of scorings. */
export interface PairHooks {
  candidates?: (features: readonly ItemFeatures[], windowMs: number) => Iterable<number>;
  onPairScored?: () => void;
}

/** Positive pair scores over `features` in their (time-sorted) order. The scores go into typed arrays as they
 *  come (ascending when the candidates are, as both default and all-pairs candidates are), not into a Map. */
export function scorePairs(features: readonly ItemFeatures[], corpus: Corpus, hooks: PairHooks = {}): PairScores {
  const n = features.length;
  const candidates = (hooks.candidates ?? indexedPairs)(features, corpus.windowMs);
  // Nearly every indexed pair scores above 0 (669,103 of 682,679 at 8,482 items): room for all of them at once.
  const room = candidates instanceof Float64Array || candidates instanceof Uint32Array ? candidates.length : undefined;
  const keys = keyBuffer(n, room);
  const scores = new F64Buffer(room);
  for (const key of candidates) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    const a = features[i];
    const b = features[j];
    if (!a || !b || i >= j) continue;
    hooks.onPairScored?.();
    // Always (earlier, later) as the all-pairs loop did: the weights' products are then bit-identical.
    const s = pairScore(a, b, corpus);
    if (s > 0) {
      keys.push(key);
      scores.push(s);
    }
  }
  return pairScoresFrom(n, keys.view(), scores.view());
}

/** Every pair i < j: the reference the indexed pairs must agree with. */
export function* allPairs(features: readonly ItemFeatures[]): Iterable<number> {
  const n = features.length;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yield i * n + j;
}

function post(lists: Lists, key: string, kind: PostingKind, posting: Posting): void {
  const list = lists.postings.get(key);
  if (list) list.push(posting);
  else {
    lists.postings.set(key, [posting]);
    lists.kind.set(key, kind);
  }
}

/** Every piece of join evidence of one item, as posting-list keys (see the header and similarity.ts). */
function postItem(lists: Lists, f: ItemFeatures, item: number, hashes: Uint32Array): void {
  const plain = { item, filingDay: false };
  for (const key of f.keys) {
    if (key.startsWith('number:')) post(lists, key, 'anchor', plain);
    else if (key.startsWith('entity:') && f.prominent.has(key.slice('entity:'.length))) post(lists, key, 'anchor', plain);
  }
  for (const d of f.leadDates) post(lists, `date:${d}`, 'date', { item, filingDay: f.pubDay === d });
  post(lists, `reprint:${f.id}`, 'anchor', plain);
  if (f.reprintOf !== null) post(lists, `reprint:${f.reprintOf}`, 'anchor', plain);
  if (f.textTokens < NEAR_DUP_MIN_TOKENS || f.simhash === EMPTY_FINGERPRINT) return;
  for (let band = 0; band < SIMHASH_BANDS; band++) post(lists, `band${band}:${bandValue(hashes, item, band)}`, 'text', plain);
}

/** Fingerprints as [hi, lo] 32-bit words, parsed once per build (identity.ts's parser; unreadable → 0, 0). */
function parseHashes(features: readonly ItemFeatures[]): Uint32Array {
  const out = new Uint32Array(features.length * 2);
  features.forEach((f, i) => {
    const bits = parseFingerprint(f.simhash);
    out[2 * i] = bits?.hi ?? 0;
    out[2 * i + 1] = bits?.lo ?? 0;
  });
  return out;
}

function bandValue(hashes: Uint32Array, item: number, band: number): number {
  const start = band * BAND_BITS;
  const width = Math.min(BAND_BITS, SIMHASH_BITS - start);
  const word = start < 32 ? (hashes[2 * item] ?? 0) : (hashes[2 * item + 1] ?? 0);
  const offset = start % 32;
  if (offset + width <= 32) return (word >>> offset) & ((1 << width) - 1);
  // The band straddles the two words: its low part from the end of hi, the rest from the start of lo.
  const lowWidth = 32 - offset;
  const rest = (hashes[2 * item + 1] ?? 0) & ((1 << (width - lowWidth)) - 1);
  return (word >>> offset) | (rest << lowWidth);
}

/** Called for every pair met in a band list (millions a month): reads the words in place, allocates nothing. */
function hammingAt(hashes: Uint32Array, i: number, j: number): number {
  return hammingWords(hashes[2 * i] ?? 0, hashes[2 * i + 1] ?? 0, hashes[2 * j] ?? 0, hashes[2 * j + 1] ?? 0);
}

/** Pairs that share a posting list and lie within the window: a sliding window over each list sorted by time.
 *  Keys (pairKey) ascending, each once. */
export function indexedPairs(features: readonly ItemFeatures[], windowMs: number): PairKeys {
  const n = features.length;
  const hashes = parseHashes(features);
  const lists: Lists = { kind: new Map(), postings: new Map() };
  features.forEach((f, i) => postItem(lists, f, i, hashes));
  const timeOf = (p: Posting): number => features[p.item]?.atMs ?? Number.NaN;
  // Keys with repeats (a pair met in several lists), sorted and deduplicated once at the end: 4 or 8 bytes a
  // key, where a Set<number> took ~30 and grew by rehashing.
  const pairs = keyBuffer(n);
  for (const [key, postings] of lists.postings) {
    if (postings.length < 2) continue;
    const kind = lists.kind.get(key);
    const accept = (a: Posting, b: Posting): void => {
      if (a.item === b.item || (kind === 'date' && a.filingDay && b.filingDay)) return;
      if (kind === 'text' && hammingAt(hashes, a.item, b.item) > NEAR_DUP_MAX_BITS) return;
      pairs.push(pairKey(a.item, b.item, n));
    };
    // pairEvidence's window test `|Δt| > windowMs` is false for an unknown (NaN) time: such items meet everyone.
    const timed = postings.filter((p) => !Number.isNaN(timeOf(p))).sort((a, b) => timeOf(a) - timeOf(b));
    for (const p of postings) if (Number.isNaN(timeOf(p))) for (const q of postings.slice(0, MAX_NEIGHBOURS_PER_LIST)) accept(p, q);
    for (let k = 1; k < timed.length; k++) {
      const p = timed[k] as Posting;
      for (let m = k - 1; m >= 0 && k - m <= MAX_NEIGHBOURS_PER_LIST; m--) {
        const q = timed[m] as Posting;
        if (timeOf(p) - timeOf(q) > windowMs) break;
        accept(p, q);
      }
    }
  }
  return pairs.sortedUnique();
}
