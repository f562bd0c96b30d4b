// SimHash fingerprints of an article's text, and the Hamming distances between them: how a reprint of a wire piece
// (another outlet, a changed headline, dateline or sentence) is told from a different text. Pure functions.
// Guarantee: the same text and language give the same 16 hex digits on every run and version (stored fingerprints
// stay valid); near-identical texts differ in a few bits, unrelated ones in about 32.

import { CrawlError } from './errors.js';
import type { Lang } from './types.js';
import { letterRuns } from './text/letter-runs.js';

/** Words per shingle for en/ru fingerprints, characters per shingle for zh (3 Han characters ≈ 2 words).
 * Measured on a 130-word wire text: 3 small edits moved 7 bits, unrelated texts on the same story ~31. */
const WORD_SHINGLE = 2;
const CHAR_SHINGLE = 3;

/** Lowercased NFKC text with ё folded to е, so case and spelling variants of a reprint shingle alike. */
function foldForShingles(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Seed of the second 32-bit half: two runs of FNV give independent halves of a 64-bit hash. */
const HI_SEED = 0x9e3779b9;

/** Final avalanche (murmur3 fmix32): FNV alone leaves the high bits weakly mixed for short strings. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The fingerprint of a text with no shingles; never treated as a match by `findReprint`. */
export const EMPTY_FINGERPRINT = '0000000000000000';

/** Bit planes of 32 counters counting in parallel (bit b of plane k is bit k of counter b): adding a 32-bit word
 *  is a carry through the planes, ~2 steps on average, where counting its bits one by one was 32. */
const PLANES = 32;

function addToPlanes(planes: Int32Array, word: number): void {
  let carry = word | 0;
  for (let k = 0; carry !== 0 && k < PLANES; k++) {
    const plane = planes[k] as number;
    planes[k] = plane ^ carry;
    carry &= plane;
  }
}

/** The bits whose counter is more than half of `count`. */
function majorityBits(planes: Int32Array, count: number): number {
  let bits = 0;
  for (let bit = 0; bit < 32; bit++) {
    let n = 0;
    for (let k = PLANES - 1; k >= 0; k--) n = n * 2 + (((planes[k] as number) >>> bit) & 1);
    if (2 * n > count) bits |= 1 << bit;
  }
  return bits >>> 0;
}

/**
 * 64-bit SimHash (16 hex) over word 2-shingles (en, ru) or character 3-shingles (zh), a text shorter than one
 * shingle being one shingle. Near-identical texts (a wire piece reprinted with a changed headline, dateline or
 * a sentence) differ in a few bits; unrelated texts differ in about 32. Each shingle is hashed as the FNV-1a of
 * its tokens joined by the separator, fed token by token, so no shingle string is built (the value is the same
 * as hashing the joined string: stored fingerprints stay valid); a bit is set when more than half the shingles
 * set it. Both halves are hashed in one pass over the characters.
 */
export function fingerprint(text: string, lang: Lang): string {
  const folded = foldForShingles(text);
  // Tokens: characters for zh, words otherwise; Han characters and digit/latin runs are both content, punctuation
  // and spaces are not. As offsets into `folded` (letter-runs.ts), hashed from there.
  const { starts, ends, count: tokens } = letterRuns(folded, lang === 'zh');
  if (tokens === 0) return EMPTY_FINGERPRINT;
  const size = lang === 'zh' ? CHAR_SHINGLE : WORD_SHINGLE;
  const sep = lang === 'zh' ? -1 : 0x20;
  const width = Math.min(size, tokens);
  const count = tokens - width + 1;
  const loPlanes = new Int32Array(PLANES);
  const hiPlanes = new Int32Array(PLANES);
  for (let i = 0; i < count; i++) {
    let lo = FNV_OFFSET >>> 0;
    let hi = (FNV_OFFSET ^ HI_SEED) >>> 0;
    for (let k = 0; k < width; k++) {
      if (k > 0 && sep >= 0) {
        lo = Math.imul(lo ^ sep, FNV_PRIME) >>> 0;
        hi = Math.imul(hi ^ sep, FNV_PRIME) >>> 0;
      }
      for (let c = starts[i + k] as number, end = ends[i + k] as number; c < end; c++) {
        const code = folded.charCodeAt(c);
        lo = Math.imul(lo ^ code, FNV_PRIME) >>> 0;
        hi = Math.imul(hi ^ code, FNV_PRIME) >>> 0;
      }
    }
    addToPlanes(loPlanes, fmix32(lo));
    addToPlanes(hiPlanes, fmix32(hi));
  }
  const loBits = majorityBits(loPlanes, count);
  const hiBits = majorityBits(hiPlanes, count);
  return hiBits.toString(16).padStart(8, '0') + loBits.toString(16).padStart(8, '0');
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** A 64-bit fingerprint as two unsigned 32-bit halves (hi: the first 8 hex digits). */
export interface FingerprintBits {
  hi: number;
  lo: number;
}

/** Value of 8 hex digits of `s` from `offset`, or -1 if any is not a hex digit (no RegExp, no substrings). */
function hexWord(s: string, offset: number): number {
  let v = 0;
  for (let i = offset; i < offset + 8; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57)
      d = c - 48; // 0-9
    else if (c >= 97 && c <= 102)
      d = c - 87; // a-f
    else if (c >= 65 && c <= 70)
      d = c - 55; // A-F
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Parses a 16-hex fingerprint (either case) once, for repeated comparisons; undefined if it is not one. */
export function parseFingerprint(fp: string): FingerprintBits | undefined {
  if (fp.length !== 16) return undefined;
  const hi = hexWord(fp, 0);
  const lo = hexWord(fp, 8);
  return hi < 0 || lo < 0 ? undefined : { hi, lo };
}

/** Bits that differ between two parsed fingerprints (0–64): the hot path of reprint and story comparisons. */
export function hammingBits(a: FingerprintBits, b: FingerprintBits): number {
  return hammingWords(a.hi, a.lo, b.hi, b.lo);
}

/** hammingBits over the fingerprints' two 32-bit words, for callers that keep them in typed arrays (bands.ts). */
export function hammingWords(hiA: number, loA: number, hiB: number, loB: number): number {
  return popcount32((hiA ^ hiB) >>> 0) + popcount32((loA ^ loB) >>> 0);
}

/** Bits that differ between two 16-hex fingerprints (0–64). Throws on anything that is not 16 hex digits. */
export function hamming(a: string, b: string): number {
  const pa = parseFingerprint(a);
  const pb = parseFingerprint(b);
  if (!pa || !pb) {
    throw new CrawlError('internal_error', `hamming: not 64-bit hex fingerprints: "${a}", "${b}"`, { disposition: 'stop' });
  }
  return hammingBits(pa, pb);
}
