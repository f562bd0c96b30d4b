// Bytes → text, decoded by us in a fixed order, recording which rule won (charsetSource):
//   1. a BOM (UTF-8, UTF-16LE/BE)
//   2. bytes that are valid UTF-8 (and not pure ASCII under a non-ASCII-compatible declaration): People's Daily
//      serves UTF-8 under a GB2312 <meta>, so a valid-UTF-8 body beats every declaration
//   3. the HTTP Content-Type charset
//   4. the XML prolog (xml) or <meta charset> / http-equiv (html), searched in the first 64 KiB, not only 1024 bytes
//   5. the source's hint (sources.json "encoding")
//   6. undeclared legacy bytes: chardet's statistical guess, when it is sure enough (a Big5, EUC-KR or KOI8-R
//      feed that names no charset; feedparser asks chardet at the same point)
//   7. windows-1252, the web's default for undeclared legacy bytes
// GB2312 and GBK labels are widened to GB18030: real pages carry GBK-only and 4-byte characters.
// Bytes are turned into text by legacyDecode (iconv-lite with WHATWG's C1 holes), never by the runtime's
// TextDecoder for legacy charsets: Node 20 reads windows-1252 0x80–0x9F as Latin-1 and Node 24 reads 4-byte
// GB18030 under a GBK label, so the same bytes would give different text on different Node versions.
// Native (simdutf) checks: validating UTF-8 by a strict TextDecoder decoded every page twice (bench: decode was
// 9 % of crawl CPU, twice parse's share per byte); isUtf8 only validates, and the one decode happens in finish().
import { isAscii, isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import type { CharsetSource, DecodedDoc } from '../types.js';
import { bomOf, legacyDecode, utf16or32ByPattern } from './legacy.js';
import { stripTagsLinear } from './sniff.js';

const SNIFF_BYTES = 64 * 1024;
const FALLBACK_CHARSET = 'windows-1252';
/** chardet's confidence (0–100) from which its guess beats the default; below it a guess is noise. Measured on
 *  the text between tags: a short KOI8-R page scores 47, a windows-1251 one 30, a TIS-620 feed 11 (left alone). */
const DETECT_MIN_CONFIDENCE = 30;

/** Labels that decode wrongly as WHATWG maps them: GB2312/GBK are read as their superset GB18030. */
const WIDEN: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  csgb2312: 'gb18030',
  'iso-ir-58': 'gb18030',
  chinese: 'gb18030',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
};

export interface DecodeOptions {
  contentType?: string;
  hint?: string;
  kind: 'html' | 'xml';
}

/** A WHATWG encoding name for `label`, widened (GBK → GB18030), or undefined when TextDecoder rejects it. */
export function resolveCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!l) return undefined;
  const widened = WIDEN[l] ?? l;
  const wide = /^(?:utf|ucs)-?(16|32|4|2)(?:-?(le|be))?$/.exec(widened);
  if (wide) return wideName(wide[1] as string, wide[2]);
  try {
    const enc = new TextDecoder(widened).encoding;
    return enc === 'gbk' ? 'gb18030' : enc;
  } catch {
    return undefined;
  }
}

/** Charsets that decode a byte below 0x80 as that ASCII character wherever it stands: all but the UTF-16/32 family,
 *  whose units span two or four bytes, and ISO-2022-JP, whose escapes switch ASCII bytes to other characters
 *  (tests/charset-table.test.ts holds every WHATWG encoding to this). A page of ASCII bytes reads the same in each. */
export function asciiIdentical(charset: string): boolean {
  return !/^(?:utf-(?:16|32)|iso-2022-jp)/.test(charset);
}

export function charsetFromContentType(ct: string | undefined): string | undefined {
  const m = ct ? /charset\s*=\s*["']?([^"';\s]+)/i.exec(ct) : null;
  return m?.[1];
}

/** UTF-16/32 labels (utf-16, utf16, ucs-2, ucs-4, utf_32le …) → a concrete name; no byte order means big-endian. */
function wideName(units: string, order: string | undefined): string {
  const bits = units === '32' || units === '4' ? '32' : '16';
  return `utf-${bits}${order ?? (bits === '32' ? 'be' : 'le')}`;
}

/** The charset declared in markup: the XML prolog for feeds, <meta> for HTML (either, as a fallback). */
export function declaredInMarkup(b: Uint8Array, kind: 'html' | 'xml'): { label: string; source: CharsetSource } | undefined {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, SNIFF_BYTES)).toString('latin1');
  const prolog = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const metaCharset = /<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)/i.exec(head);
  if (kind === 'xml') {
    if (prolog?.[1]) return { label: prolog[1], source: 'xml-decl' };
    if (metaCharset?.[1]) return { label: metaCharset[1], source: 'meta' };
  } else {
    if (metaCharset?.[1]) return { label: metaCharset[1], source: 'meta' };
    if (prolog?.[1]) return { label: prolog[1], source: 'xml-decl' };
  }
  return undefined;
}

/** Which bytes are the document and how they decode, by the fixed order above, before anything is decoded. */
export interface CharsetChoice {
  /** The document's bytes: the body without its byte-order mark. */
  bytes: Uint8Array;
  charset: string;
  charsetSource: CharsetSource;
  declared?: string;
}

export function decodeBytes(bytes: Uint8Array, opts: DecodeOptions): DecodedDoc {
  return decodeChoice(chooseCharset(bytes, opts));
}

export function decodeChoice(c: CharsetChoice): DecodedDoc {
  const text = legacyDecode(c.bytes, c.charset);
  return { text, charset: c.charset, charsetSource: c.charsetSource, ...(c.declared ? { declared: c.declared } : {}) };
}

export function chooseCharset(bytes: Uint8Array, opts: DecodeOptions): CharsetChoice {
  const b = bytes;
  const headerLabel = charsetFromContentType(opts.contentType);
  // Read only when needed: a header's charset is the declared one, and most pages are settled before the markup
  // counts (decoding the first 64 KiB as latin1 and searching it was ~5 % of a page's allocation in the bench).
  let read: { m: ReturnType<typeof declaredInMarkup> } | undefined;
  const inMarkup = (): ReturnType<typeof declaredInMarkup> => (read ??= { m: declaredInMarkup(b, opts.kind) }).m;
  const declared = headerLabel ?? inMarkup()?.label;
  const choice = (d: Uint8Array, charset: string, charsetSource: CharsetSource): CharsetChoice => ({
    bytes: d,
    charset,
    charsetSource,
    ...(declared ? { declared } : {}),
  });

  const bom = bomOf(b);
  if (bom) return choice(b.subarray(bom.skip), bom.charset, 'bom');
  // No BOM but '<' in UTF-16/32 units: the byte pattern fixes the width and order, the declaration names it.
  const wide = utf16or32ByPattern(b);
  if (wide) return choice(b, wide, 'xml-decl');

  // Pure ASCII decodes the same in every ASCII-compatible charset; let a declaration name it.
  if (!isAscii(b) && isUtf8(b)) return choice(b, 'utf-8', 'utf8-valid');

  const header = resolveCharset(headerLabel);
  if (header && header !== 'utf-8') return choice(b, header, 'header');
  const markup = inMarkup();
  const fromMarkup = resolveCharset(markup?.label);
  if (fromMarkup && markup && fromMarkup !== 'utf-8') return choice(b, fromMarkup, markup.source);
  const hint = resolveCharset(opts.hint);
  if (hint) return choice(b, hint, 'hint');
  // A declared UTF-8 that failed validation: keep UTF-8 (U+FFFD marks the bad bytes) rather than guess.
  if (header === 'utf-8') return choice(b, 'utf-8', 'header');
  if (fromMarkup === 'utf-8' && markup) return choice(b, 'utf-8', markup.source);
  if (isAscii(b)) return choice(b, 'utf-8', 'default');
  const guess = detected(b);
  if (guess) return choice(b, guess, 'detected');
  return choice(b, FALLBACK_CHARSET, 'default');
}

// Loaded on first use (~7 ms a thread): nearly every page names its charset, and each page worker imports this file.
let chardet: typeof import('chardet') | undefined;

/** chardet's best guess over the text between the tags of the first 64 KiB (ASCII markup dilutes its statistics;
 *  no legacy charset we read has '<' or '>' as a trail byte), as a WHATWG name, when it is sure enough. */
function detected(b: Uint8Array): string | undefined {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, SNIFF_BYTES)).toString('latin1');
  chardet ??= createRequire(import.meta.url)('chardet') as typeof import('chardet');
  const best = chardet.analyse(Buffer.from(stripTagsLinear(head), 'latin1'))[0];
  return best && best.confidence >= DETECT_MIN_CONFIDENCE ? resolveCharset(best.name) : undefined;
}
