// A page read from its bytes: valid UTF-8 (or pure ASCII under a charset that reads ASCII as itself). Every ASCII
// character of the text (each '<', tag name, quote and '>') is the same byte at its offset, and no byte of a
// multi-byte character is ASCII, so a scan that decides only on ASCII (bounds.ts `boundsHold`, scope-scan.ts) reads
// the bytes as it would read the text, and a span that starts and ends at an ASCII character decodes on its own to
// exactly the text's span there. A scoped page is planned on its bytes and only its kept parts are decoded: decoding
// it whole made one string of the page, a V8 large object (over 128 KiB), whose allocation cost ~0.7 ms for a bench
// page here (its own mapping, faulted in, unmapped at the next collection), and for Cyrillic or Chinese text a
// string of two bytes per character.
// Guarantee: `span(v, start, end)` equals the whole decode's slice between the characters at those byte offsets,
// for offsets at ASCII characters or the ends.
import { FLAT, PAGE_BOUNDS, RAW, isBlank, isLetter, isNameChar, tagKind, tooComplex } from './bounds.js';
import { find, findText } from './scope-scan.js';

export interface ByteView {
  readonly bytes: Buffer;
}

/** A page read from its bytes that boundHtml would leave as it is: what scoped.ts may plan on. */
export type BoundedView = ByteView & { readonly bounded: unique symbol };

/** The view of `bytes`, which must be valid UTF-8 or ASCII (page.ts `readableDocument` says when). */
export function byteView(bytes: Uint8Array): ByteView {
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** The text of bytes start..end: a string of its own, sharing no storage with the view. */
export function span(v: ByteView, start: number, end: number): string {
  return v.bytes.toString('utf8', start, end);
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
    const kind = tagKind((k) => b[k] as number, nameStart, j);
    if (!closing && kind === RAW) {
      const end = endTagAt(b, nameStart, j, gt + 1);
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

/** indexOfEndTag on bytes: where `</` and the name at b[from..to) start (ASCII case folded), at or after `at`. */
function endTagAt(b: Uint8Array, from: number, to: number, at: number): number {
  for (let k = find(b, 0x3c, at); k >= 0; k = find(b, 0x3c, k + 1)) {
    if (b[k + 1] !== 0x2f) continue;
    let n = 0;
    while (n < to - from && ((b[k + 2 + n] as number) | 0x20) === ((b[from + n] as number) | 0x20)) n++;
    if (n === to - from) return k;
  }
  return -1;
}

/** \s in a JS RegExp, over ASCII: tab, LF, VT, FF, CR, space. */
const isAsciiSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Whether collapseBrRuns would leave the page as it is, read on its bytes: no run of more than two <br> (BR's
 *  matches, only blanks between). False too when a `<br` is followed, past ASCII spaces, by a byte past ASCII. */
function brRunsHold(b: Uint8Array): boolean {
  let prevEnd = -1;
  let run = 0;
  for (let i = find(b, 0x3c, 0); i >= 0; i = find(b, 0x3c, i + 1)) {
    if (((b[i + 1] as number) | 0x20) !== 0x62 || ((b[i + 2] as number) | 0x20) !== 0x72) continue;
    let e = i + 3;
    while (e < b.length && isAsciiSpace(b[e] as number)) e++;
    if ((b[e] as number) >= 0x80) return false;
    if (b[e] === 0x2f) e++;
    if (b[e] !== 0x3e) continue;
    run = prevEnd >= 0 && isBlank((k) => b[k] as number, prevEnd, i) ? run + 1 : 1;
    if (run > 2) return false;
    prevEnd = e + 1;
    i = e;
  }
  return true;
}
