// Identity of feed items: canonical URLs, stable ids, text hashes and SimHash fingerprints. Pure functions.
// Guarantee: the same item observed in any later run (another feed of the same source, an http/https or
// utm_ variant of its link, a reordered query) gets the same id, so state upserts and outputs never double it.

import { createHash } from 'node:crypto';
import { CrawlError } from './errors.js';
import type { Lang } from './types.js';
import { letterRuns } from './text/letter-runs.js';

/** Query parameters that only track the reader; dropped from canonical URLs. Compared lowercased. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'ysclid',
  '_openstat',
  'mc_cid',
  'mc_eid',
  'igshid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'spm',
  'scm',
  'from',
  'isappinstalled',
  'ref',
  'ref_src',
]);
/** Parameter name prefixes that only track the reader (utm_source, utm_medium, …). */
export const TRACKING_PREFIXES: readonly string[] = ['utm_'];

/** Hex digits kept from sha256 for ids and text hashes: 64 bits, collision-free at our scale (~10^5 items). */
const SHORT_HASH_HEX = 16;
/** Words per shingle for en/ru fingerprints, characters per shingle for zh (3 Han characters ≈ 2 words).
 * Measured on a 130-word wire text: 3 small edits moved 7 bits, unrelated texts on the same story ~31. */
const WORD_SHINGLE = 2;
const CHAR_SHINGLE = 3;

function sha256Hex(text: string, hexChars = 64): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, hexChars);
}

function isTracking(rawKey: string): boolean {
  let key = rawKey;
  try {
    key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    // a malformed escape is kept as written; it cannot be a tracking name anyway
  }
  key = key.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

/** Query without tracking parameters, sorted, in the URL's own encoding (never re-encoded). */
function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept = search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !isTracking(part.split('=')[0] ?? ''))
    .map(upperEscapes);
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return kept.length ? `?${kept.join('&')}` : '';
}

function upperEscapes(s: string): string {
  return s.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
}

/**
 * The canonical form of a link: lowercase scheme and host (no trailing dot), no default port, no fragment,
 * no tracking parameters, the remaining parameters sorted, percent-escapes uppercased, and no trailing slash
 * except for the root path. The scheme is kept (it is still a usable address); `urlKey` ignores it.
 * A string that is not an absolute http(s) URL is returned trimmed, unchanged.
 */
export function canonicalUrl(url: string): string {
  const trimmed = url.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return trimmed;
  const host = u.hostname.replace(/\.$/, '');
  const port = u.port ? `:${u.port}` : '';
  let path = upperEscapes(u.pathname);
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  return `${u.protocol}//${host}${port}${path}${canonicalQuery(u.search)}`;
}

/** Identity key of a link: its canonical form without the scheme, so http and https of one host are one item. */
export function urlKey(url: string): string {
  const c = canonicalUrl(url);
  return c.replace(/^https?:\/\//, '//');
}

/** Whitespace-collapsed NFC text, the basis of every text hash (so reflowed markup is not a change). */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Short hash of normalized text (title or body), for change detection. */
export function textHash(text: string): string {
  return sha256Hex(normalizeText(text), SHORT_HASH_HEX);
}

/** Whitespace other than a space (JS \s: tabs, line ends, no-break and ideographic spaces, the BOM …). */
const OTHER_SPACE = /[^\S ]/;

/** Whether normalizeText would change a non-empty text: whitespace other than a space, two spaces in a row, or a
 *  space at either end. One character class and a substring search: an alternation of the four was 3× slower. */
function notCollapsed(text: string): boolean {
  return OTHER_SPACE.test(text) || text.includes('  ') || text.charCodeAt(0) === 0x20 || text.charCodeAt(text.length - 1) === 0x20;
}

/**
 * textHash(texts.join('\n')) without the joined text, its NFC copy and its collapsed copy (~100 KB of garbage a
 * page for a body's paragraphs). When every text is already collapsed and trimmed (the adapters' paragraphs are:
 * text/select.ts `clean`), normalizeText of the join is the NFC of each non-empty text joined by single spaces: a
 * line feed neither composes nor reorders with its neighbours under NFC, so each text normalizes alone. Otherwise
 * the join is hashed as before.
 */
export function joinedTextHash(texts: readonly string[]): string {
  const hash = createHash('sha256');
  let first = true;
  for (const text of texts) {
    const nfc = text.normalize('NFC');
    if (nfc === '') continue;
    if (notCollapsed(nfc)) return textHash(texts.join('\n'));
    if (!first) hash.update(' ');
    hash.update(nfc, 'utf8');
    first = false;
  }
  return hash.digest('hex').slice(0, SHORT_HASH_HEX);
}

export interface IdentityInput {
  sourceId: string;
  link?: string;
  guid?: string;
  title?: string;
  /** For a feed-only item (no guid, no link): its time joins its title, else its text identifies it. */
  publishedAt?: string;
  text?: string;
}

/** A guid that is a URL is keyed like a link (http/https, utm variants); any other guid as written. */
function guidKey(guid: string): string {
  return /^https?:\/\//i.test(guid) ? `guid:${urlKey(guid)}` : `guid:${guid}`;
}

/** The identity key (before hashing), in the order guid → canonical URL → title. */
export function identityKey(input: IdentityInput): string {
  const guid = input.guid?.trim();
  if (guid) return guidKey(guid);
  const link = input.link?.trim();
  if (link) return `url:${urlKey(link)}`;
  const title = input.title ? normalizeText(input.title) : '';
  const at = input.publishedAt?.trim();
  if (title) return at ? `title:${sha256Hex(`${title}\n${at}`)}` : `title:${sha256Hex(title)}`;
  const text = input.text ? normalizeText(input.text) : '';
  if (text) return `text:${sha256Hex(at ? `${text}\n${at}` : text)}`;
  throw new CrawlError('parse_error', `feed item of ${input.sourceId} has no guid, link or title`, { disposition: 'skip' });
}

function idFromKey(sourceId: string, key: string): string {
  return sha256Hex(`${sourceId}\n${key}`, SHORT_HASH_HEX);
}

/**
 * Stable item id (16 hex): sha256 of the source id and the identity key. Scoped by source: a guid such as
 * "12345" means nothing outside its outlet. Use `itemIds` for a whole feed, which disambiguates repeated guids.
 */
export function itemId(input: IdentityInput): string {
  return idFromKey(input.sourceId, identityKey(input));
}

/**
 * Ids for all items of one feed, in order. A guid that repeats inside the feed (some CMSs put one guid on every
 * item) is disambiguated by the item's link, then by its position among items with the same guid and link.
 */
export function itemIds(sourceId: string, items: readonly Omit<IdentityInput, 'sourceId'>[]): string[] {
  // Repeats are counted on the guid's key, not its text: URL guids that differ only in what the key drops
  // (a #fragment, utm_*) are one key, and would otherwise collapse distinct items into one id.
  const keys = items.map((it) => identityKey({ ...it, sourceId }));
  const guidCounts = new Map<string, number>();
  items.forEach((it, i) => {
    if (it.guid?.trim()) guidCounts.set(keys[i] as string, (guidCounts.get(keys[i] as string) ?? 0) + 1);
  });
  const seen = new Map<string, number>();
  return items.map((it, i) => {
    const g = it.guid?.trim();
    let key = keys[i] as string;
    if (g && (guidCounts.get(key) ?? 0) > 1) {
      key = it.link?.trim() ? `${key}|url:${urlKey(it.link)}` : key;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      if (n > 0) key = `${key}#${n}`;
    }
    return idFromKey(sourceId, key);
  });
}

// ---------------------------------------------------------------- SimHash fingerprints

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
