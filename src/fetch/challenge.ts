// Recognising anti-bot interstitials, so a source whose feed URL answers with a challenge is reported as
// `blocked`, not as "0 items" or a parse error (in 2025-26 captures mid.ru serves F5/Shape TSPD pages,
// tass.ru sits behind ServicePipe, an earlier capture behind StormWall). Signatures are markers the vendors'
// pages carry in headers, script URLs, cookie names, interstitial titles and, for ServicePipe, its own HTTP
// status 460; plain prose that merely names a vendor does not match, and a document that is a feed is never a
// challenge. A wall that answers with no page at all (F5/Shape resetting the connection) is recognised by the
// fetcher, which knows whether the host ever answered (see resetWall below).

import { isAscii } from 'node:buffer';
import { CrawlError } from '../errors.js';
import { literalSet } from './literal-set.js';
import { looksLikeFeed, SNIFF_CHARS } from './sniff.js';

export { looksLikeFeed };

export interface Challenge {
  vendor: string;
}

/** A 4xx/5xx whose body is an anti-bot challenge: the source is `blocked`, not failing (code 'blocked'). */
export class BlockedError extends CrawlError {
  readonly vendor: string;
  constructor(vendor: string, url: string, status: number, detail?: string) {
    const what = detail ?? `anti-bot challenge (${vendor}) answered HTTP ${status}`;
    super('blocked', what, { disposition: 'skip', url, ...(status ? { status } : {}) });
    this.vendor = vendor;
  }
}

/** Statuses only one vendor sends: ServicePipe refuses by IP reputation with a non-standard 460, body or not. */
const VENDOR_STATUSES: ReadonlyMap<number, string> = new Map([[460, 'servicepipe']]);

/** The vendor whose own status code this is, whatever the body. */
export function challengeByStatus(status: number): Challenge | undefined {
  const vendor = VENDOR_STATUSES.get(status);
  return vendor ? { vendor } : undefined;
}

/** The F5/Shape TSPD pattern without a page: the host reset the connection of every attempt and has never
 *  answered this client in this run. A host that answered before and resets later is a network error. */
export function resetWall(url: string, attempts: number): BlockedError {
  return new BlockedError(
    'f5-shape',
    url,
    0,
    `anti-bot wall (f5-shape): connection reset at the first request of the host, ${attempts} attempt(s); ` +
      'F5/Shape TSPD resets clients it takes for bots (a browser fetch may pass: "fetch": "auto")',
  );
}

type Headers = Record<string, string | string[] | undefined>;

interface Signature {
  vendor: string;
  /** Header name → pattern; enough on its own (only ever sent with a challenge). */
  strongHeaders?: [string, RegExp][];
  /** Header name → pattern; also sent with ordinary pages, so it counts only for a short body. */
  weakHeaders?: [string, RegExp][];
  /** Patterns on the body text (only the first 64 KiB are looked at: interstitials are small). */
  body?: BodyPattern[];
  /** Interstitial prose that an article could quote: counts only for a short body. */
  weakBody?: BodyPattern[];
}

/** A body pattern beside the lowercase ASCII literals it cannot match without (any one of them). Every fetched page
 *  is checked, and a dozen RegExp passes over its first 64 KiB cost 0.35-0.5 ms per 180 KB page in the bench (3-4 %
 *  of a page's work); one search for all the literals in the page's bytes costs a fifth of that (literal-set.ts),
 *  and the patterns run only on a page that has one. A case-insensitive RegExp without the u flag never folds a
 *  non-ASCII character to an ASCII one, so a page a pattern matches always has one of its literals
 *  (tests/fetch/content.test.ts holds a page for every literal). */
type BodyPattern = readonly [literals: readonly string[], pattern: RegExp];

/** Interstitials are a few KiB; a longer page with a vendor's cookie or Server header is ordinary content. */
const INTERSTITIAL_MAX_CHARS = 16 * 1024;

const SIGNATURES: Signature[] = [
  {
    vendor: 'cloudflare',
    strongHeaders: [['cf-mitigated', /challenge/i]],
    body: [
      [['just a moment...'], /<title>\s*Just a moment\.\.\.\s*<\/title>/i],
      [['cf-chl-', 'window._cf_chl_opt', '/cdn-cgi/challenge-platform/'], /\bcf-chl-|window\._cf_chl_opt|\/cdn-cgi\/challenge-platform\//i],
      [['attention required! | cloudflare'], /<title>\s*Attention Required! \| Cloudflare\s*<\/title>/i],
    ],
  },
  {
    vendor: 'ddos-guard',
    weakHeaders: [
      ['server', /^ddos-guard/i],
      ['set-cookie', /__ddg[0-9_]/],
    ],
    body: [
      [['/.well-known/ddos-guard/'], /\/\.well-known\/ddos-guard\//i],
      [['ddos-guard'], /<title>\s*DDoS-Guard\s*<\/title>/i],
      [['check.ddos-guard.net'], /check\.ddos-guard\.net/i],
    ],
  },
  {
    vendor: 'stormwall',
    weakHeaders: [
      ['server', /stormwall/i],
      ['set-cookie', /\bswp_token=|__js_p_=/],
    ],
    body: [
      [['stormwall.pro'], /static\.stormwall\.pro|stormwall\.pro\/[\w/.-]{0,200}?\.js/i],
      [['__js_p_', 'swp_token'], /\b__js_p_\b|\bswp_token\b/],
    ],
  },
  {
    // ServicePipe's JS stub is ~2 kB: its scripts and cookies carry the vendor's name or its short `sp*` names.
    vendor: 'servicepipe',
    strongHeaders: [
      ['x-servicepipe', /./],
      ['server', /servicepipe/i],
    ],
    weakHeaders: [['set-cookie', /\bsp(?:id|sc|sn|js)=/]],
    body: [
      [['servicepipe'], /servicepipe\.ru\b|\/servicepipe[\w/.-]*\.js/i],
      [['servicepipe'], /\bid=["']?servicepipe/i],
    ],
  },
  {
    vendor: 'f5-shape',
    weakHeaders: [['set-cookie', /\bTS[0-9a-f]{6,}_?\w*=/]],
    body: [
      [['bobcmn'], /\bbobcmn\b/],
      [['tspd_101'], /\bTSPD_101(?:_DID)?\b/],
      [['/tspd/'], /\/TSPD\/[0-9a-f]{8,}/i],
    ],
    weakBody: [[['data processing... please, wait.'], /Data processing\.\.\. Please, wait\./]],
  },
];

/** Every literal behind a body pattern (tests/fetch/content.test.ts holds a page for each). */
export function bodyLiterals(): string[] {
  return [...new Set(SIGNATURES.flatMap((sig) => [...(sig.body ?? []), ...(sig.weakBody ?? [])].flatMap(([literals]) => literals)))];
}

const ANY_LITERAL = new RegExp(
  bodyLiterals()
    .map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'i',
);

function headerValue(headers: Headers, name: string): string {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name || v === undefined) continue;
    return Array.isArray(v) ? v.join('\n') : v;
  }
  return '';
}

function anyHeader(headers: Headers, list: [string, RegExp][] | undefined): boolean {
  return list?.some(([name, re]) => re.test(headerValue(headers, name))) ?? false;
}

/** Bytes a UTF-16 code unit takes at most: UTF-8 3 (4 for two units); GB18030 4 (a BMP character in its four-byte
 *  form). A body of more bytes than this many times INTERSTITIAL_MAX_CHARS has more characters than that. */
const MAX_BYTES_PER_UNIT = { 'utf-8': 3, gb18030: 4 } as const;

/** UTF-16 code units a byte of valid UTF-8 adds: none for a continuation byte (0x80-0xBF), two for the lead of a
 *  four-byte character, one for any other. */
const UNITS_OF_BYTE = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x80 && c < 0xc0 ? 0 : c >= 0xf0 ? 2 : 1));

/** The bytes of the first `units` UTF-16 code units of valid UTF-8. k bytes add at most k + 1 units (a four-byte
 *  lead at a block's end), so blocks of half the units still missing are counted without looking for the end,
 *  an ASCII block by its length (node's isAscii, several times faster than a loop): the end lies past them. */
function utf8HeadBytes(b: Uint8Array, units: number): number {
  let n = 0;
  let i = 0;
  for (let block = units >> 1; block >= 64 && i < b.length; block = (units - n) >> 1) {
    const to = Math.min(b.length, i + block);
    if (isAscii(b.subarray(i, to))) n += to - i;
    else for (let k = i; k < to; k++) n += UNITS_OF_BYTE[b[k] as number] as number;
    i = to;
  }
  for (; i < b.length; i++) {
    n += UNITS_OF_BYTE[b[i] as number] as number;
    if (n > units) return i;
  }
  return b.length;
}

/** The body literals, searched in the bytes read as Latin-1 (ASCII folded: literal-set.ts). */
const LITERALS_IN_BYTES = literalSet(bodyLiterals());

/**
 * Whether detectChallenge(text, headers) can find a challenge in a page of valid UTF-8 (or ASCII) or GB18030, given
 * as its bytes: false means it finds none, and the page need not be decoded to know it. A short body, or a
 * header a vendor sends only with a challenge, answers true. Otherwise only a body pattern can match, and each
 * needs one of its ASCII literals in the text's first SNIFF_CHARS characters: an ASCII character of the text is
 * the same byte (UTF-8 uses no ASCII byte inside a longer character), and a case-insensitive RegExp without the u
 * flag never matches a non-ASCII character to an ASCII one, so the literal is in the bytes of those characters read
 * as Latin-1.
 */
export function mayBeChallenge(bytes: Uint8Array, headers: Headers = {}, charset: 'utf-8' | 'gb18030' = 'utf-8'): boolean {
  if (bytes.length <= MAX_BYTES_PER_UNIT[charset] * INTERSTITIAL_MAX_CHARS) return true;
  if (SIGNATURES.some((sig) => anyHeader(headers, sig.strongHeaders))) return true;
  // GB18030's first SNIFF_CHARS units lie within this many bytes; searching more only sends more pages to the text.
  const head = charset === 'utf-8' ? utf8HeadBytes(bytes, SNIFF_CHARS) : Math.min(bytes.length, MAX_BYTES_PER_UNIT.gb18030 * SNIFF_CHARS);
  return LITERALS_IN_BYTES.has(bytes, head);
}

/** The vendor of an anti-bot challenge page, or undefined for ordinary content (feeds never match).
 *  `fullLength` is the whole document's length when `text` is only its start. */
export function detectChallenge(text: string, headers: Headers = {}, fullLength = text.length): Challenge | undefined {
  if (looksLikeFeed(text)) return undefined;
  const head = text.slice(0, SNIFF_CHARS);
  const marked = ANY_LITERAL.test(head);
  const found = ([, pattern]: BodyPattern): boolean => marked && pattern.test(head);
  const short = fullLength <= INTERSTITIAL_MAX_CHARS;
  for (const sig of SIGNATURES) {
    if (sig.body?.some(found)) return { vendor: sig.vendor };
    if (anyHeader(headers, sig.strongHeaders)) return { vendor: sig.vendor };
    if (short && (anyHeader(headers, sig.weakHeaders) || sig.weakBody?.some(found))) return { vendor: sig.vendor };
  }
  return undefined;
}
