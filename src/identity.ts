// Identity of feed items: canonical URLs, stable ids and text hashes. Pure functions. The SimHash fingerprints
// that tell reprints apart are in simhash.ts.
// Guarantee: the same item observed in any later run (another feed of the same source, an http/https or
// utm_ variant of its link, a reordered query) gets the same id, so state upserts and outputs never double it.

import { createHash } from 'node:crypto';
import { CrawlError } from './errors.js';

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
