// Is this body a feed? A bounded, single forward scan over the first SNIFF_CHARS characters: the prolog
// (whitespace, processing instructions, comments, one or more doctypes with an internal subset) is skipped
// with indexOf searches that never revisit a character, then the root element's name is read. No regular
// expression runs over the body, so a hostile prolog (megabytes of `<!DOCTYPE` and spaces, unclosed comments)
// costs time linear in its length and never more than the cap.

export const SNIFF_CHARS = 64 * 1024;
const MAX_NAME_CHARS = 128;
const FEED_ROOTS = new Set(['rss', 'feed', 'rdf']);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0xa0 || c === 0xfeff;
}

function startsWithFold(text: string, at: number, word: string): boolean {
  return text.slice(at, at + word.length).toUpperCase() === word;
}

/** The index just past a doctype starting at `at` (`<!DOCTYPE … [subset] >`), or -1 if it never closes. */
function skipDoctype(text: string, at: number, end: number): number {
  let i = at + 9;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x3e /* > */) return i + 1;
    if (c === 0x5b /* [ */) break;
    i++;
  }
  if (i >= end) return -1;
  // Internal subset: up to the first `]` followed by optional whitespace and `>`.
  for (;;) {
    const close = text.indexOf(']', i + 1);
    if (close < 0 || close >= end) return -1;
    let j = close + 1;
    while (j < end && isSpace(text.charCodeAt(j))) j++;
    if (j < end && text.charCodeAt(j) === 0x3e) return j + 1;
    i = Math.max(j - 1, close);
  }
}

/** Where the root element's `<` is, after the prolog; -1 when the prolog never ends within the cap. */
export function rootStart(text: string): number {
  const end = Math.min(text.length, SNIFF_CHARS);
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c !== 0x3c /* < */) return -1;
    let next: number;
    if (text.startsWith('<?', i)) next = closeAfter(text, '?>', i + 2, end);
    else if (text.startsWith('<!--', i)) next = closeAfter(text, '-->', i + 4, end);
    else if (startsWithFold(text, i, '<!DOCTYPE')) next = skipDoctype(text, i, end);
    else return i;
    if (next < 0) return -1;
    i = next;
  }
  return -1;
}

function closeAfter(text: string, marker: string, from: number, end: number): number {
  const at = text.indexOf(marker, from);
  return at < 0 || at + marker.length > end ? -1 : at + marker.length;
}

/** The root element's local name (lower-cased, prefix dropped), or undefined when there is none. */
export function rootName(text: string): string | undefined {
  const start = rootStart(text);
  if (start < 0) return undefined;
  let j = start + 1;
  const stop = Math.min(text.length, j + MAX_NAME_CHARS);
  while (j < stop && /[\w.:-]/.test(text[j]!)) j++;
  if (j === start + 1 || j >= text.length) return undefined;
  const after = text.charCodeAt(j);
  if (!isSpace(after) && after !== 0x3e && after !== 0x2f) return undefined;
  const name = text.slice(start + 1, j);
  return name.slice(name.lastIndexOf(':') + 1).toLowerCase();
}

/** The root element is rss, feed or RDF (prefixed or not), after any BOM, prolog, comments and doctype. */
export function looksLikeFeed(text: string): boolean {
  const name = rootName(text);
  return name !== undefined && FEED_ROOTS.has(name);
}

export interface MarkupLimits {
  maxDepth: number;
  /** Longest tag from `<` to `>`: sax keeps a longer one in a buffer and slows to a crawl on it. */
  maxTagChars: number;
}

/** Why this markup is refused before any XML parser sees it (too deep, or a tag that never ends), or
 *  undefined. One forward pass: every `<` and `>` is found by indexOf once, so the cost is linear. */
export function markupProblem(text: string, limits: MarkupLimits): string | undefined {
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i)) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x21 /* ! */) {
      const marker = text.startsWith('<![CDATA[', i) ? ']]>' : text.startsWith('<!--', i) ? '-->' : '>';
      const close = text.indexOf(marker, i + 2);
      if (close < 0) return undefined;
      i = close + marker.length;
      continue;
    }
    const closing = c === 0x2f;
    const first = closing ? text.charCodeAt(i + 2) : c;
    const letter = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a);
    if (!letter) {
      i++;
      continue;
    }
    const gt = text.indexOf('>', i);
    const tagChars = (gt < 0 ? text.length : gt) - i;
    if (tagChars > limits.maxTagChars) return `a tag longer than ${limits.maxTagChars} characters at offset ${i}`;
    if (gt < 0) return undefined;
    if (closing) depth--;
    else if (text.charCodeAt(gt - 1) !== 0x2f) depth++;
    if (depth > limits.maxDepth) return `elements nested deeper than ${limits.maxDepth}`;
    i = gt + 1;
  }
  return undefined;
}

/** Tags removed (each `<…>` becomes a space), in one pass: a `<` with no later `>` ends the stripping. */
export function stripTagsLinear(s: string): string {
  let out = '';
  let from = 0;
  for (let i = s.indexOf('<'); i >= 0; i = s.indexOf('<', from)) {
    const gt = s.indexOf('>', i + 1);
    if (gt < 0) break;
    out += s.slice(from, i) + ' ';
    from = gt + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
