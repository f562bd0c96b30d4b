// A page read from its bytes: valid UTF-8 (or pure ASCII under a charset that reads ASCII as itself), or GB18030.
// Every ASCII character of the text (each '<', tag name, quote and '>') is the same byte at its offset. UTF-8 uses
// no ASCII byte inside a longer character; GB18030 does (its trail bytes 0x40-0x7E, and digits in its four-byte
// form), but never one of `< > / = ! ? - " '` or whitespace, and every byte after one of those starts a character.
// So a scan that decides on those bytes and on the names and words right after them (boundView below,
// scope-scan.ts) reads the bytes as it would read the text, and a span that starts and ends at one of them decodes
// on its own to exactly the text's span there. The one search across a GB18030 page's content for other ASCII,
// CDATA's `]]>`, is not made: such a page is parsed whole (scope-scan.ts).
// A scoped page is planned on its bytes and only its kept parts are decoded: decoding it whole made one string of
// the page, a V8 large object (over 128 KiB), whose allocation cost ~0.7 ms for a bench page here (its own mapping,
// faulted in, unmapped at the next collection), and for Cyrillic or Chinese text a string of two bytes per character.
// Guarantee: `span(v, start, end)` equals the whole decode's slice between the characters at those byte offsets,
// for offsets at those characters or the ends.
import { legacyDecode } from '../fetch/legacy.js';
import { FLAT, PAGE_BOUNDS, RAW, isBlank, isLetter, isNameChar, tagKind, tooComplex } from './bounds.js';
import { endTagFrom, find, findText } from './scope-scan.js';

/** What a view's bytes are: UTF-8 (ASCII read as UTF-8), or GB18030 (people.com.cn serves it). */
export type ViewCharset = 'utf-8' | 'gb18030';

export interface ByteView {
  readonly bytes: Buffer;
  readonly charset: ViewCharset;
}

/** A page read from its bytes that boundHtml would leave as it is: what scoped.ts may plan on. */
export type BoundedView = ByteView & { readonly bounded: unique symbol };

/** The view of `bytes` in `charset` (page.ts `readableDocument` says when a page has one). */
export function byteView(bytes: Uint8Array, charset: ViewCharset = 'utf-8'): ByteView {
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset };
}

/** The text of bytes start..end: a string of its own, sharing no storage with the view. GB18030 bytes of ASCII alone
 *  (most tags) are read as Latin-1, the same characters, without a decoder for each. */
export function span(v: ByteView, start: number, end: number): string {
  if (v.charset === 'utf-8') return v.bytes.toString('utf8', start, end);
  for (let i = start; i < end; i++) if ((v.bytes[i] as number) >= 0x80) return legacyDecode(v.bytes.subarray(start, end), 'gb18030');
  return v.bytes.toString('latin1', start, end);
}

/**
 * The view when boundHtml would leave its page's text unchanged, else undefined (the text is then decoded and
 * bounded itself); throws `page_too_complex` exactly when boundHtml would. The same walk as boundHtml over the bytes,
 * deciding on ASCII bytes alone, which are the text's ASCII characters; where the text's Unicode \s could see a space
 * the bytes do not show (a `<br` followed by a byte past ASCII), the answer is undefined.
 */
export function boundView(view: ByteView, url: string): BoundedView | undefined {
  const b = view.bytes;
  if (!brRunsHold(b)) return undefined;
  // One reader for the whole walk: a closure made per tag was ~250 KB of garbage for a bench page.
  const at = (k: number): number => b[k] as number;
  let depth = 0;
  let tags = 0;
  for (let i = find(b, 0x3c, 0); i >= 0; i = find(b, 0x3c, i + 1)) {
    if (b[i + 1] === 0x21 && b[i + 2] === 0x2d && b[i + 3] === 0x2d) {
      const close = findText(b, '-->', i + 4);
      if (close < 0) break;
      i = close + 2;
      continue;
    }
    const closing = b[i + 1] === 0x2f;
    const nameStart = closing ? i + 2 : i + 1;
    let j = nameStart;
    while (j < b.length && isNameChar(b[j] as number)) j++;
    if (j === nameStart || !isLetter(b[nameStart] as number)) continue;
    const gt = find(b, 0x3e, j);
    if (gt < 0) break;
    if (!closing && ++tags > PAGE_BOUNDS.maxElements) throw tooComplex(url);
    const kind = tagKind(at, nameStart, j);
    if (!closing && kind === RAW) {
      const end = endTagFrom(b, b.toString('latin1', nameStart, j).toLowerCase(), gt + 1, false);
      i = (end < 0 ? b.length : end) - 1;
      continue;
    }
    if (kind === FLAT || (b[gt - 1] === 0x2f && !closing)) {
      i = gt;
      continue;
    }
    if (closing ? depth-- > PAGE_BOUNDS.maxDepth : ++depth > PAGE_BOUNDS.maxDepth) return undefined;
    if (depth < 0) depth = 0;
    i = gt;
  }
  return view as BoundedView;
}

/** \s in a JS RegExp, over ASCII: tab, LF, VT, FF, CR, space. */
const isAsciiSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Whether collapseBrRuns would leave the page as it is, read on its bytes: no run of more than two <br> (BR's
 *  matches, only blanks between). False too when a `<br` is followed, past ASCII spaces, by a byte past ASCII.
 *  Only tags that start `<b` or `<B` can be one, and those are found by Buffer#indexOf (native): walking every `<`
 *  in JavaScript was over a third of the bounds check. */
function brRunsHold(b: Buffer): boolean {
  const at = (k: number): number => b[k] as number;
  let prevEnd = -1;
  let run = 0;
  let lower = b.indexOf('<b', 0, 'latin1');
  let upper = b.indexOf('<B', 0, 'latin1');
  while (lower >= 0 || upper >= 0) {
    const i = upper < 0 || (lower >= 0 && lower < upper) ? lower : upper;
    let next = i + 1;
    if (((b[i + 2] as number) | 0x20) === 0x72) {
      let e = i + 3;
      while (e < b.length && isAsciiSpace(b[e] as number)) e++;
      if ((b[e] as number) >= 0x80) return false;
      if (b[e] === 0x2f) e++;
      if (b[e] === 0x3e) {
        run = prevEnd >= 0 && isBlank(at, prevEnd, i) ? run + 1 : 1;
        if (run > 2) return false;
        prevEnd = e + 1;
        next = e + 1;
      }
    }
    if (lower >= 0 && lower < next) lower = b.indexOf('<b', next, 'latin1');
    if (upper >= 0 && upper < next) upper = b.indexOf('<B', next, 'latin1');
  }
  return true;
}
