// Bounds on the page DOM, so one hostile page costs time and memory linear in its bytes and can never
// overflow the stack of the recursive walks in the extractors:
//   - before parsing, runs of more than two <br> (whitespace between) become two: a paragraph break stays a
//     paragraph break, and a million <br>s no longer become a million elements (1.6 GB for a 4 MB page);
//   - before parsing, a page with more than maxElements start tags is refused (`page_too_complex`): a
//     real article has a few thousand;
//   - after parsing, an element deeper than maxDepth keeps its text as one text node and loses its
//     element structure (an iterative walk, so 200,000 nested <div>s cost one pass, not a stack overflow).
import { load, type CheerioAPI } from 'cheerio/slim';
import { Text, type AnyNode, type Element, type ParentNode } from 'domhandler';
import { CrawlError } from '../errors.js';
import { NON_TEXT_TAGS, isTag } from './dom.js';
import { withTagIndex } from './query.js';

export const PAGE_BOUNDS = {
  maxDepth: 128,
  maxElements: 300_000,
};

/** A page as boundHtml returns it: what the parsers below may be given (parseBounded, scoped.ts). */
export type BoundedHtml = string & { readonly bounded: unique symbol };

const BR = /<br\s*\/?>/gi;
/** Elements with no end tag, or whose end tag is implied by a sibling: they never deepen the tree. */
const NON_NESTING = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'option',
  'optgroup',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'rp',
  'rt',
]);
/** Raw-text elements: their content is skipped to the end tag (a `<div>` inside a script is not an element). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

/**
 * The HTML with <br> runs collapsed and tags beyond maxDepth removed (their text stays), in one forward
 * pass; throws `page_too_complex` past maxElements start tags. The parser keeps its open elements in an
 * array it shifts at the front, so a tree 200,000 deep costs it minutes: the depth must be bounded before
 * it sees the page. The depth here is an estimate that ignores void and implied-end elements.
 */
export function boundHtml(html: string, url: string): BoundedHtml {
  const text = collapseBrRuns(html);
  // One reader for the whole walk, not a closure per tag (garbage in the thousands per page).
  const at = (k: number): number => text.charCodeAt(k);
  const parts: string[] = [];
  let from = 0;
  let depth = 0;
  let tags = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) break;
      i = close + 2;
      continue;
    }
    const closing = text.charCodeAt(i + 1) === 0x2f;
    const nameStart = closing ? i + 2 : i + 1;
    let j = nameStart;
    while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
    if (j === nameStart || !isLetter(text.charCodeAt(nameStart))) continue;
    const gt = text.indexOf('>', j);
    if (gt < 0) break;
    if (!closing && ++tags > PAGE_BOUNDS.maxElements) throw tooComplex(url);
    const selfClosing = text.charCodeAt(gt - 1) === 0x2f;
    const kind = tagKind(at, nameStart, j);
    if (!closing && kind === RAW) {
      const end = indexOfEndTag(text, text.slice(nameStart, j).toLowerCase(), gt + 1);
      i = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if (kind === FLAT || (selfClosing && !closing)) {
      i = gt;
      continue;
    }
    const drop = closing ? depth-- > PAGE_BOUNDS.maxDepth : ++depth > PAGE_BOUNDS.maxDepth;
    if (depth < 0) depth = 0;
    if (drop) {
      parts.push(text.slice(from, i), ' ');
      from = gt + 1;
    }
    i = gt;
  }
  if (from === 0) return text as BoundedHtml;
  parts.push(text.slice(from));
  return parts.join('') as BoundedHtml;
}

/** Runs of <br> (only whitespace between) keep their first two; one pass over the <br> tokens. */
function collapseBrRuns(html: string): string {
  if (!/<br/i.test(html)) return html;
  const parts: string[] = [];
  let from = 0;
  let prevEnd = -1;
  let run = 0;
  const at = (k: number): number => html.charCodeAt(k);
  BR.lastIndex = 0;
  for (let m = BR.exec(html); m; m = BR.exec(html)) {
    run = prevEnd >= 0 && isBlank(at, prevEnd, m.index) ? run + 1 : 1;
    const end = m.index + m[0].length;
    if (run > 2) {
      parts.push(html.slice(from, prevEnd));
      from = end;
    }
    prevEnd = end;
  }
  if (from === 0) return html;
  parts.push(html.slice(from));
  return parts.join('');
}

/** What boundHtml throws for a page past maxElements start tags. */
export function tooComplex(url: string): CrawlError {
  return new CrawlError('page_too_complex', `more than ${PAGE_BOUNDS.maxElements} elements in one page`, { disposition: 'skip', url });
}

/** A tag name's kind for the bounds walk (tagKind): raw text, or an element that never nests. */
export const RAW = 1;
export const FLAT = 2;
/** Longest name in RAW_TEXT or NON_NESTING; a name packs into a number below 2^53 up to this length. */
const PACKED_MAX_CHARS = 8;

/** A tag name (ASCII letters either case, digits, '-', ':', '_') as a base-40 number: set lookups without
 *  slicing a string per tag, which was most of this pass's cost. -1 past PACKED_MAX_CHARS. */
function packName(at: (k: number) => number, from: number, to: number): number {
  if (to - from > PACKED_MAX_CHARS) return -1;
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = at(k) | 0x20;
    const d = c >= 0x61 && c <= 0x7a ? c - 0x60 : c >= 0x30 && c <= 0x39 ? c - 0x30 + 27 : c === 0x2d ? 37 : c === 0x3a ? 38 : 39;
    n = n * 40 + d;
  }
  return n;
}

if ([...RAW_TEXT, ...NON_NESTING].some((name) => name.length > PACKED_MAX_CHARS)) throw new Error('a bounded tag name is too long to pack');
const NAME_KINDS = new Map<number, number>([
  ...[...RAW_TEXT].map((name) => [packName((k) => name.charCodeAt(k), 0, name.length), RAW] as [number, number]),
  ...[...NON_NESTING].map((name) => [packName((k) => name.charCodeAt(k), 0, name.length), FLAT] as [number, number]),
]);

/** RAW, FLAT or 0 for the tag name at from..to, its characters read by `at`. */
export function tagKind(at: (k: number) => number, from: number, to: number): number {
  return NAME_KINDS.get(packName(at, from, to)) ?? 0;
}

export function isBlank(at: (k: number) => number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = at(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return false;
  }
  return true;
}

export function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a || c === 0x5f;
}

/** Where `</name` starts after `from` (case-insensitive), or -1. */
function indexOfEndTag(text: string, name: string, from: number): number {
  for (let k = text.indexOf('</', from); k >= 0; k = text.indexOf('</', k + 2)) {
    if (text.slice(k + 2, k + 2 + name.length).toLowerCase() === name) return k;
  }
  return -1;
}

/** Text under `n` (no script/style), with a line break after each block-ish element; iterative. */
function flatText(n: ParentNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [...n.children].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (c.type === 'text') parts.push((c as unknown as { data: string }).data);
    else if (isTag(c) && !NON_TEXT_TAGS.has(c.name)) {
      parts.push(' ');
      for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]!);
    }
  }
  return parts.join('').replace(/[ \t\r\n\f]+/g, ' ');
}

/** Elements below maxDepth keep only their text. Returns how many subtrees were flattened; `onElement` sees every
 *  element left in the tree, in document order (the tag index is built in this same walk). */
export function boundDepth(root: ParentNode, maxDepth = PAGE_BOUNDS.maxDepth, onElement?: (el: Element) => void): number {
  let flattened = 0;
  // Two parallel stacks rather than [node, depth] pairs: this walk visits every element of every page.
  const nodes: ParentNode[] = [root];
  const depths: number[] = [0];
  while (nodes.length) {
    const node = nodes.pop() as ParentNode;
    const depth = depths.pop() as number;
    if (isTag(node)) onElement?.(node);
    if (depth >= maxDepth) {
      const text = new Text(flatText(node));
      text.parent = node;
      node.children = [text];
      flattened++;
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i] as AnyNode;
      if (isTag(c) || c.type === 'root') {
        nodes.push(c as ParentNode);
        depths.push(depth + 1);
      }
    }
  }
  return flattened;
}

/** The one way a page becomes a DOM: bounded before parsing and after, root queries through a tag index. */
export function loadBoundedHtml(html: string, url = ''): CheerioAPI {
  return parseBounded(boundHtml(html, url));
}

/** loadBoundedHtml's parse, for a caller that bounded the page already (src/page.ts bounds it once for two parses). */
export function parseBounded(bounded: BoundedHtml): CheerioAPI {
  const $ = load(bounded);
  const elements: Element[] = [];
  boundDepth($.root()[0] as unknown as ParentNode, PAGE_BOUNDS.maxDepth, (el) => elements.push(el));
  return withTagIndex($, elements);
}
