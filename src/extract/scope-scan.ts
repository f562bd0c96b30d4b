// Where a scoped page's kept subtrees lie in the HTML, found without building anything for the rest. htmlparser2
// tokenizes every byte and reports every tag and attribute even when the scoped handler then drops them (most of
// a page); this pass reads the same bytes with indexOf and a small attribute state machine, and replays the
// parser's element stack on the tag names (src/extract/scope-stack.ts), so that it knows the parser's tree without
// asking the parser. Measured on the bench pages (~170 KB, Node 20): the scoped DOM in 1.4 ms instead of 3.3.
// Guarantee: every construct is read as htmlparser2 10 reads it (comments, declarations, CDATA, processing
// instructions, raw-text elements, quoted `>` in attributes). What this pass cannot follow the same way (a
// construct cut off by the end of the page, most scope roots inside <svg> or <math>) gives 'whole', and the caller parses the page whole. src/extract/scoped.ts checks each kept
// part against the parser as it builds it; tests/adapters/scope-scan.test.ts holds both paths to the same DOM.

import { BY_EOF, Scan, type KeepTag, type ScopePlan } from './scope-stack.js';

export type { KeepTag, ScopePlan, ScopeStep } from './scope-stack.js';

/** Raw-text elements: their content runs to `</name` followed by whitespace or `>`, case-insensitively. */
const SPECIAL_END = new Map(['script', 'style', 'title', 'textarea', 'xmp'].map((n) => [n, new RegExp(`</${n}[\\t\\n\\f\\r >]`, 'gi')]));

/** HTML's whitespace (space, LF, tab, FF, CR), as htmlparser2 and css-select's class lists read it. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

function isAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Lowercase tag names of up to 5 ASCII letters or digits, by their bijective base-37 number: most of a page's
 *  tags (div, span, a, li, meta …) get their name without a new string each. */
const SHORT_NAMES = new Map<number, string>();
const SHORT_NAMES_MAX = 4096;

/** The lowercase name in html.slice(from, to). */
function tagName(s: string, from: number, to: number): string {
  if (to - from > 5) return s.slice(from, to).toLowerCase();
  let key = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    const lower = c | 0x20;
    if (lower >= 0x61 && lower <= 0x7a && c >= 0x41) key = key * 37 + (lower - 0x60);
    else if (c >= 0x30 && c <= 0x39) key = key * 37 + (c - 0x30 + 27);
    else return s.slice(from, to).toLowerCase();
  }
  let name = SHORT_NAMES.get(key);
  if (name === undefined) {
    name = s.slice(from, to).toLowerCase();
    if (SHORT_NAMES.size < SHORT_NAMES_MAX) SHORT_NAMES.set(key, name);
  }
  return name;
}

/** A name read from a byte view with a byte past ASCII: its text (and so its lowercase form, which htmlparser2 compares:
 *  the Kelvin sign lowercases to "k") is known only decoded, so the page is planned on its text instead. */
function foreignName(scan: Scan, name: string): boolean {
  if (!scan.bytes) return false;
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) >= 0x80) return true;
  return false;
}

/** The `>` ending a start tag whose name ends at `from` (htmlparser2's attribute states: quotes hide `>`, an
 *  unquoted value runs to whitespace or `>`), or -1 at the end of the page. Sets scan.selfClosing. */
function startTagEnd(scan: Scan, from: number): number {
  const s = scan.s;
  let state = 0; // 0 before a name, 1 after `/`, 2 in a name, 3 after a name, 4 before a value, 5 unquoted value
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
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
        j = s.indexOf(c === 0x22 ? '"' : "'", j + 1);
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
  const name = tagName(s, lt + 1, nameEnd);
  if (foreignName(scan, name)) return scan.whole('a tag name past ASCII in a byte view');
  scan.open(name, lt, gt);
  const end = scan.selfClosing ? undefined : SPECIAL_END.get(name);
  if (!end) return gt + 1;
  end.lastIndex = gt + 1;
  const m = end.exec(s);
  if (!m) return scan.whole(`the page ends inside <${name}>`);
  const close = s.indexOf('>', m.index + 2 + name.length);
  if (close < 0) return scan.whole('the page ends inside an end tag');
  scan.close(name, m.index, close);
  return close + 1;
}

/** After `</` at lt. */
function endTag(scan: Scan, lt: number): number {
  const s = scan.s;
  let k = lt + 2;
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  if (k >= s.length) return scan.whole('the page ends inside an end tag');
  const c = s.charCodeAt(k);
  if (c === 0x3e) return k + 1; // `</>` is nothing
  if (!isAlpha(c)) {
    const gt = s.indexOf('>', k + 1); // a bogus comment
    return gt < 0 ? scan.whole('the page ends inside a bogus comment') : gt + 1;
  }
  let e = k + 1;
  while (e < s.length && s.charCodeAt(e) !== 0x3e && !isSpace(s.charCodeAt(e))) e++;
  const gt = s.indexOf('>', e);
  if (gt < 0) return scan.whole('the page ends inside an end tag');
  const name = tagName(s, k, e);
  if (foreignName(scan, name)) return scan.whole('a tag name past ASCII in a byte view');
  scan.close(name, lt, gt);
  return gt + 1;
}

/** After `<!` at lt: a comment, CDATA section or declaration. */
function markup(scan: Scan, lt: number): number {
  const s = scan.s;
  let end: number;
  if (s.startsWith('--', lt + 2)) {
    const k = s.indexOf('-->', lt + 2); // `<!-->` and `<!--->` are whole comments
    end = k < 0 ? -1 : k + 3;
  } else if (s.startsWith('[CDATA[', lt + 2)) {
    const k = s.indexOf(']]>', lt + 9);
    end = k < 0 ? -1 : k + 3;
  } else {
    // The character after `<!` (after `<!-` or `<![`, and up to where `CDATA[` stops matching) never ends it.
    let from = lt + 3;
    if (s.charCodeAt(lt + 2) === 0x2d) from = lt + 4;
    else if (s.charCodeAt(lt + 2) === 0x5b) {
      let m = 0;
      while (m < 6 && s.charCodeAt(lt + 3 + m) === 'CDATA['.charCodeAt(m)) m++;
      from = lt + 3 + m;
    }
    const k = s.indexOf('>', from);
    end = k < 0 ? -1 : k + 1;
  }
  return end < 0 ? scan.whole('the page ends inside a comment or declaration') : end;
}

/**
 * The plan for a scoped DOM of `html`: each kept part and shell tag in order. `keep` decides roots as the scoped
 * handler does (outside kept parts, never a shell element). `bytes`: `html` is a byte view (byte-view.ts).
 */
export function planScope(html: string, keep: KeepTag, maxDepth: number, bytes = false): ScopePlan {
  const scan = new Scan(html, keep, maxDepth, bytes);
  let i = html.indexOf('<');
  while (i >= 0 && !scan.stop) {
    const c = html.charCodeAt(i + 1);
    let next: number;
    if (isAlpha(c)) {
      let e = i + 2;
      while (e < html.length && !isSpace(html.charCodeAt(e)) && html.charCodeAt(e) !== 0x2f && html.charCodeAt(e) !== 0x3e) e++;
      next = startTag(scan, i, e);
    } else if (c === 0x2f) next = endTag(scan, i);
    else if (c === 0x21) next = markup(scan, i);
    else if (c === 0x3f) {
      const k = html.indexOf('>', i + 2);
      next = k < 0 ? scan.whole('the page ends inside a processing instruction') : k + 1;
    } else next = i + 1; // `<` before anything else is text
    if (next < 0) break;
    i = html.indexOf('<', next);
  }
  if (scan.stop) return scan.stop;
  scan.popTo(0, BY_EOF, -1, -1);
  return { kind: 'plan', steps: scan.steps };
}
