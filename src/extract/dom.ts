// Small helpers over the domhandler tree that cheerio/slim builds. The generic extractor walks nodes
// directly instead of going through `$()` per node: a page has thousands of elements and the scoring
// visits each a few times.
import type { AnyNode, Element, ParentNode } from 'domhandler';

/** Elements whose content is never article text. */
export const NON_TEXT_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'embed',
  'canvas',
  'math',
  'button',
  'input',
  'select',
  'textarea',
  'option',
  'link',
  'meta',
  'head',
  'video',
  'audio',
  'map',
]);

/** Block-level tags: a paragraph boundary before and after. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'html',
  'caption',
]);

export function isTag(n: AnyNode | null | undefined): n is Element {
  return !!n && (n.type === 'tag' || n.type === 'script' || n.type === 'style');
}

export function tagName(n: AnyNode): string {
  return isTag(n) ? n.name.toLowerCase() : '';
}

export function childTags(el: ParentNode): Element[] {
  return el.children.filter(isTag);
}

/** "class id" of an element, lower-cased, for the boilerplate/positive regexes. */
export function classId(el: Element): string {
  return `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`.toLowerCase();
}

/** Remove a node from its parent, keeping the sibling links consistent. */
export function detach(n: AnyNode): void {
  const p = n.parent;
  if (p) {
    const i = p.children.indexOf(n as never);
    if (i >= 0) p.children.splice(i, 1);
  }
  if (n.prev) n.prev.next = n.next;
  if (n.next) n.next.prev = n.prev;
  n.parent = null;
  n.prev = null;
  n.next = null;
}

/** Raw text (no script/style), whitespace not collapsed. */
export function rawText(n: AnyNode): string {
  if (n.type === 'text') return (n as unknown as { data: string }).data;
  if (!isTag(n) && n.type !== 'root') return '';
  if (isTag(n) && NON_TEXT_TAGS.has(n.name)) return '';
  let s = '';
  for (const c of (n as ParentNode).children) s += rawText(c);
  return s;
}

/** Collapsed text length: what a reader would count, whitespace runs as one. */
export function textLength(n: AnyNode): number {
  return rawText(n).replace(/\s+/g, ' ').trim().length;
}

/** Length of the text inside <a> elements under `n`. */
export function linkTextLength(n: AnyNode): number {
  if (!isTag(n)) return 0;
  if (n.name === 'a') return textLength(n);
  let s = 0;
  for (const c of n.children) s += linkTextLength(c);
  return s;
}

/** Share of the text that is link text (0 for an empty element). */
export function linkDensity(n: AnyNode): number {
  const len = textLength(n);
  return len === 0 ? 0 : linkTextLength(n) / len;
}

/** All elements under `root` in document order (root excluded). */
export function descendants(root: ParentNode, out: Element[] = []): Element[] {
  for (const c of root.children) {
    if (isTag(c)) {
      out.push(c);
      descendants(c, out);
    }
  }
  return out;
}

/** Count of descendant elements named `name`. */
export function countTags(root: ParentNode, name: string): number {
  let n = 0;
  for (const el of descendants(root)) if (el.name === name) n++;
  return n;
}

/** True when `el` holds a block-level descendant (then it is a container, not a paragraph). */
export function hasBlockChild(el: Element): boolean {
  for (const c of el.children) {
    if (!isTag(c)) continue;
    if (BLOCK_TAGS.has(c.name) || hasBlockChild(c)) return true;
  }
  return false;
}

export function ancestors(n: AnyNode, max = Infinity): Element[] {
  const out: Element[] = [];
  let p = n.parent;
  while (p && isTag(p) && out.length < max) {
    out.push(p);
    p = p.parent;
  }
  return out;
}

/** Han, kana and hangul characters count as words on their own for length thresholds. */
const CJK_RE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

/** A length comparable across scripts: a CJK character weighs about as much as 3 Latin letters. */
export function weightedLength(text: string): number {
  const cjk = text.match(CJK_RE)?.length ?? 0;
  return text.length + cjk * 2;
}

/**
 * Memoised text and link-text counts (non-whitespace characters) per node, for one pass over a tree that
 * is not modified meanwhile: scoring asks for the link density of every candidate and of their ancestors,
 * which would otherwise walk the same subtrees again and again.
 */
export class TextStats {
  private readonly memo = new Map<AnyNode, { chars: number; links: number }>();

  of(n: AnyNode, inLink = false): { chars: number; links: number } {
    const hit = this.memo.get(n);
    if (hit && !inLink) return hit;
    let out = { chars: 0, links: 0 };
    if (n.type === 'text') {
      const chars = (n as unknown as { data: string }).data.replace(/\s+/g, '').length;
      out = { chars, links: inLink ? chars : 0 };
    } else if (isTag(n) && !NON_TEXT_TAGS.has(n.name)) {
      const link = inLink || n.name === 'a';
      for (const c of n.children) {
        const s = this.of(c, link);
        out.chars += s.chars;
        out.links += s.links;
      }
    }
    if (!inLink) this.memo.set(n, out);
    return out;
  }

  density(n: AnyNode): number {
    const s = this.of(n);
    return s.chars === 0 ? 0 : s.links / s.chars;
  }
}
