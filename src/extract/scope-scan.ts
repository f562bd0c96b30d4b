// Where a scoped page's kept subtrees lie in the HTML, found without building anything for the rest. htmlparser2
// tokenizes every byte and reports every tag and attribute even when the scoped handler then drops them (most of
// a page); this pass reads the same bytes with a small attribute state machine, and replays the parser's element
// stack on the tag names (src/extract/scope-stack.ts), so that it knows the parser's tree without asking the
// parser. Measured on the bench pages (~170 KB, Node 20): the scoped DOM in 1.4 ms instead of 3.3.
// It reads the page's bytes, UTF-8 or GB18030, not a string: the bytes it decides on read as the text's characters
// (byte-view.ts says why, and why CDATA is the one exception in GB18030), and a string of a whole page is one V8
// large object, whose allocation (its own mapping, faulted in and unmapped again) cost ~0.7 ms per 180 KB page
// here, more than this pass. A page decoded from another charset is planned on its text's UTF-8 (scoped.ts).
// Guarantee: every construct is read as htmlparser2 10 reads it (comments, declarations, CDATA, processing
// instructions, raw-text elements, quoted `>` in attributes). What this pass cannot follow the same way (a
// construct cut off by the end of the page, most scope roots inside <svg> or <math>) gives 'whole', and the caller parses the page whole. src/extract/scoped.ts checks each kept
// part against the parser as it builds it; tests/adapters/scope-scan.test.ts holds both paths to the same DOM.

import { BY_EOF, Scan, tagOf, type KeepTag, type ScopePlan, type Tag } from './scope-stack.js';

export type { KeepTag, ScopePlan, ScopeStep } from './scope-stack.js';

/** Bytes `find` reads itself before it hands the rest to the native search. */
const FIND_LOOP_BYTES = 32;

/** The first `c` at or after `from`, or -1. Most searches end within a few bytes, where a call of the builtin costs
 *  more than the search: a loop reads those; a longer one (text between tags, a script) goes to indexOf, a memchr.
 *  On the bench pages the bounds check took 0.70 → 0.58 ms a page from this alone. */
export function find(b: Uint8Array, c: number, from: number): number {
  const near = Math.min(b.length, from + FIND_LOOP_BYTES);
  for (let i = from; i < near; i++) if (b[i] === c) return i;
  return near < b.length ? b.indexOf(c, near) : -1;
}

/** Whether the ASCII `text` is at `at`. */
function bytesAt(b: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > b.length) return false;
  for (let k = 0; k < text.length; k++) if (b[at + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** The first ASCII `text` at or after `from`, or -1. */
export function findText(b: Uint8Array, text: string, from: number): number {
  const c = text.charCodeAt(0);
  for (let i = find(b, c, from); i >= 0; i = find(b, c, i + 1)) if (bytesAt(b, i, text)) return i;
  return -1;
}

/** Where `</name` starts at or after `from` (name lowercase ASCII, either case in the page), -1 if none. `delimited`:
 *  only where whitespace or `>` follows the name, as htmlparser2 ends a raw-text element; else wherever the name
 *  starts, as boundHtml does (byte-view.ts). */
export function endTagFrom(b: Uint8Array, name: string, from: number, delimited: boolean): number {
  for (let i = find(b, 0x3c, from); i >= 0; i = find(b, 0x3c, i + 1)) {
    if (b[i + 1] !== 0x2f) continue;
    let k = 0;
    while (k < name.length && ((b[i + 2 + k] as number) | 0x20) === name.charCodeAt(k)) k++;
    if (k < name.length) continue;
    const c = b[i + 2 + k] as number;
    if (!delimited || c === 0x3e || isSpace(c)) return i;
  }
  return -1;
}

/** HTML's whitespace (space, LF, tab, FF, CR), as htmlparser2 and css-select's class lists read it. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

function isAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Lowercase tag names of up to 10 ASCII letters or digits, by their bijective base-37 number (below 2^53): most
 *  of a page's tags get their name, and what the stack asks of it, without a new string or object each. */
const SHORT_NAMES = new Map<number, Tag>();
const SHORT_NAMES_MAX = 4096;
const SHORT_NAME_CHARS = 10;

/** The tag of the lowercase name in bytes from..to, or undefined when a byte is past ASCII: then the name is known
 *  only decoded (htmlparser2 lowercases the text's characters: the Kelvin sign becomes "k"), and the page is parsed
 *  whole. */
function tagName(b: Uint8Array, from: number, to: number): Tag | undefined {
  let key = 0;
  let keyed = to - from <= SHORT_NAME_CHARS;
  for (let k = from; k < to; k++) {
    const c = b[k] as number;
    if (c >= 0x80) return undefined;
    const lower = c | 0x20;
    if (lower >= 0x61 && lower <= 0x7a && c >= 0x41) key = key * 37 + (lower - 0x60);
    else if (c >= 0x30 && c <= 0x39) key = key * 37 + (c - 0x30 + 27);
    else keyed = false;
  }
  let tag = keyed ? SHORT_NAMES.get(key) : undefined;
  if (tag === undefined) {
    const name = Buffer.from(b.buffer, b.byteOffset + from, to - from)
      .toString('latin1')
      .toLowerCase();
    const kept = keyed && SHORT_NAMES.size < SHORT_NAMES_MAX;
    tag = tagOf(name, kept ? SHORT_NAMES.size : -1);
    if (kept) SHORT_NAMES.set(key, tag);
  }
  return tag;
}

/** The `>` ending a start tag whose name ends at `from` (htmlparser2's attribute states: quotes hide `>`, an
 *  unquoted value runs to whitespace or `>`), or -1 at the end of the page. Sets scan.selfClosing. */
function startTagEnd(scan: Scan, from: number): number {
  const s = scan.s;
  let state = 0; // 0 before a name, 1 after `/`, 2 in a name, 3 after a name, 4 before a value, 5 unquoted value
  for (let j = from; j < s.length; j++) {
    const c = s[j] as number;
    if (state === 0) {
      if (c === 0x3e) return ((scan.selfClosing = false), j);
      if (c === 0x2f) state = 1;
      else if (!isSpace(c)) state = 2;
    } else if (state === 1) {
      if (c === 0x3e) return ((scan.selfClosing = true), j);
      if (!isSpace(c)) (state = 0), j--;
    } else if (state === 2) {
      if (c === 0x3d || c === 0x2f || c === 0x3e || isSpace(c)) (state = 3), j--;
    } else if (state === 3) {
      if (c === 0x3d) state = 4;
      else if (c === 0x2f || c === 0x3e) (state = 0), j--;
      else if (!isSpace(c)) state = 2;
    } else if (state === 4) {
      if (c === 0x22 || c === 0x27) {
        j = find(s, c, j + 1);
        if (j < 0) return -1;
        state = 0;
      } else if (!isSpace(c)) (state = 5), j--;
    } else if (isSpace(c) || c === 0x3e) (state = 0), j--;
  }
  return -1;
}

/** After a start tag's name (its `<` at lt): the tag, and a raw-text element's content. Returns where to go on. */
function startTag(scan: Scan, lt: number, nameEnd: number): number {
  const s = scan.s;
  const gt = startTagEnd(scan, nameEnd);
  if (gt < 0) return scan.whole('the page ends inside a start tag');
  const tag = tagName(s, lt + 1, nameEnd);
  if (tag === undefined) return scan.whole('a tag name past ASCII');
  scan.open(tag, lt, gt);
  if (scan.selfClosing || !tag.rawText) return gt + 1;
  const at = endTagFrom(s, tag.name, gt + 1, true);
  if (at < 0) return scan.whole(`the page ends inside <${tag.name}>`);
  const close = find(s, 0x3e, at + 2 + tag.name.length);
  if (close < 0) return scan.whole('the page ends inside an end tag');
  scan.close(tag, at, close);
  return close + 1;
}

/** After `</` at lt. */
function endTag(scan: Scan, lt: number): number {
  const s = scan.s;
  let k = lt + 2;
  while (k < s.length && isSpace(s[k] as number)) k++;
  if (k >= s.length) return scan.whole('the page ends inside an end tag');
  const c = s[k] as number;
  if (c === 0x3e) return k + 1; // `</>` is nothing
  if (!isAlpha(c)) {
    const gt = find(s, 0x3e, k + 1); // a bogus comment
    return gt < 0 ? scan.whole('the page ends inside a bogus comment') : gt + 1;
  }
  let e = k + 1;
  while (e < s.length && s[e] !== 0x3e && !isSpace(s[e] as number)) e++;
  const gt = find(s, 0x3e, e);
  if (gt < 0) return scan.whole('the page ends inside an end tag');
  const tag = tagName(s, k, e);
  if (tag === undefined) return scan.whole('a tag name past ASCII');
  scan.close(tag, lt, gt);
  return gt + 1;
}

/** After `<!` at lt: a comment, CDATA section or declaration. */
function markup(scan: Scan, lt: number): number {
  const s = scan.s;
  let end: number;
  if (bytesAt(s, lt + 2, '--')) {
    const k = findText(s, '-->', lt + 2); // `<!-->` and `<!--->` are whole comments
    end = k < 0 ? -1 : k + 3;
  } else if (bytesAt(s, lt + 2, '[CDATA[')) {
    // `]` can be a GB18030 trail byte: its `]]>` may lie inside a character (byte-view.ts).
    if (scan.asciiTrails) return scan.whole('CDATA in a charset whose characters can hold ASCII bytes');
    const k = findText(s, ']]>', lt + 9);
    end = k < 0 ? -1 : k + 3;
  } else {
    // The character after `<!` (after `<!-` or `<![`, and up to where `CDATA[` stops matching) never ends it.
    let from = lt + 3;
    if (s[lt + 2] === 0x2d) from = lt + 4;
    else if (s[lt + 2] === 0x5b) {
      let m = 0;
      while (m < 6 && s[lt + 3 + m] === 'CDATA['.charCodeAt(m)) m++;
      from = lt + 3 + m;
    }
    const k = find(s, 0x3e, from);
    end = k < 0 ? -1 : k + 1;
  }
  return end < 0 ? scan.whole('the page ends inside a comment or declaration') : end;
}

/**
 * The plan for a scoped DOM of the page whose bytes are `html` (UTF-8, or with `asciiTrails` GB18030: byte-view.ts):
 * each kept part and shell tag in order, by byte offsets. `keep` decides roots as the scoped handler does (outside
 * kept parts, never a shell element).
 */
export function planScope(html: Uint8Array, keep: KeepTag, maxDepth: number, asciiTrails = false): ScopePlan {
  const scan = new Scan(html, keep, maxDepth, asciiTrails);
  let i = find(html, 0x3c, 0);
  while (i >= 0 && !scan.stop) {
    const c = html[i + 1] as number;
    let next: number;
    if (isAlpha(c)) {
      let e = i + 2;
      while (e < html.length && !isSpace(html[e] as number) && html[e] !== 0x2f && html[e] !== 0x3e) e++;
      next = startTag(scan, i, e);
    } else if (c === 0x2f) next = endTag(scan, i);
    else if (c === 0x21) next = markup(scan, i);
    else if (c === 0x3f) {
      const k = find(html, 0x3e, i + 2);
      next = k < 0 ? scan.whole('the page ends inside a processing instruction') : k + 1;
    } else next = i + 1; // `<` before anything else is text
    if (next < 0) break;
    i = find(html, 0x3c, next);
  }
  if (scan.stop) return scan.stop;
  scan.popTo(0, BY_EOF, -1, -1);
  return { kind: 'plan', steps: scan.steps };
}
