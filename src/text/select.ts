// Shared selector helpers for site adapters. The guarantee: a required field either comes from exactly one
// element or throws SelectorMissError; it never degrades silently into an empty string.
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { SelectorMissError } from '../errors.js';

/** Collapse every whitespace run (JS \s, which includes U+3000 and U+00A0) to one space and trim. */
export function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Copy a string so it does not pin the page it was sliced from (V8 keeps a slice's parent string alive). */
export function own(s: string): string {
  return (' ' + s).slice(1);
}

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe']);

const BR_MARK = '\u0000';

/**
 * Text of a node without script/style/noscript content or comments; inline elements join with no space,
 * a <br> becomes `br` (a newline unless asked otherwise).
 */
export function textOf(node: AnyNode | Cheerio<AnyNode>, br = '\n'): string {
  const out: string[] = [];
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') out.push((n as unknown as { data: string }).data);
    else if (n.type === 'tag' || n.type === 'root' || n.type === 'script' || n.type === 'style') {
      const el = n as Element;
      if (n.type !== 'root' && SKIP_TAGS.has(el.name)) return;
      if (el.name === 'br') out.push(br);
      for (const c of el.children ?? []) walk(c);
    }
  };
  const maybe = node as { toArray?: () => AnyNode[] };
  if (typeof maybe.toArray === 'function') for (const n of maybe.toArray()) walk(n);
  else walk(node as AnyNode);
  return out.join('');
}

/** Exactly one element for `selector`, else SelectorMissError naming the field. */
export function one($: CheerioAPI, selector: string, field: string, url?: string): Cheerio<Element> {
  const found = $(selector);
  if (found.length !== 1) throw new SelectorMissError(field, selector, found.length, url);
  return found as Cheerio<Element>;
}

/** The first selector of `selectors` that matches exactly once; a miss on all of them throws. */
export function oneOf($: CheerioAPI, selectors: readonly string[], field: string, url?: string): Cheerio<Element> {
  let last = 0;
  for (const sel of selectors) {
    const found = $(sel);
    if (found.length === 1) return found as Cheerio<Element>;
    last = found.length;
  }
  throw new SelectorMissError(field, selectors.join(' | '), last, url);
}

/** Required cleaned text of exactly one element; an empty text counts as a miss. */
export function requiredText($: CheerioAPI, selector: string, field: string, url?: string): string {
  const t = clean(textOf(one($, selector, field, url)));
  if (!t) throw new SelectorMissError(field, selector, 0, url);
  return own(t);
}

/** Optional text: the first match's cleaned text, or undefined when nothing matches or it is empty. */
export function optionalText($: CheerioAPI, selector: string): string | undefined {
  const found = $(selector).first();
  if (found.length === 0) return undefined;
  const t = clean(textOf(found));
  return t ? own(t) : undefined;
}

export function meta($: CheerioAPI, name: string): string | undefined {
  const v = $(`meta[name="${name}"], meta[property="${name}"], meta[itemprop="${name}"]`).first().attr('content');
  const t = v === undefined ? '' : clean(v);
  return t ? own(t) : undefined;
}

/**
 * Paragraph texts of the elements matched by `selector`, cleaned, empties dropped. A required body that
 * yields no paragraph throws, so a layout change cannot pass as an empty article.
 */
export function paragraphs($: CheerioAPI, selector: string, field = 'body', url?: string): string[] {
  const out: string[] = [];
  $(selector).each((_, el) => {
    const t = clean(textOf(el));
    if (t) out.push(own(t));
  });
  if (out.length === 0) throw new SelectorMissError(field, selector, 0, url);
  return out;
}

/** Text blocks separated by <br> inside one element (Global Times bodies): one paragraph per block. */
export function brBlocks(el: Cheerio<AnyNode>): string[] {
  return textOf(el, BR_MARK)
    .split(BR_MARK)
    .map(clean)
    .filter((t) => t.length > 0)
    .map(own);
}

/** Resolve `href` against `base`; undefined when it is not a valid URL. */
export function absUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href.trim(), base).toString();
  } catch {
    return undefined;
  }
}
