// A page parsed in part: the DOM holds <html> and <body> (with their attributes), everything before <body>, and
// only those subtrees of the rest that an adapter version reads (its `scope`), each whole. Building the DOM is
// two thirds of parsing a page (htmlparser2 alone tokenizes and assembles tags in ~2.5 of ~7 ms per bench page);
// the menus, teaser grids and footers an adapter never reads are most of a page's elements.
// Guarantee: for a selector whose leftmost compound matches a scope root (or is html/body), the scoped page gives
// the same elements, text and attributes as the whole page, because a root keeps its subtree unchanged and every
// element matching a root is kept. A selector that reaches outside its roots (a sibling of a root, an ancestor via
// closest()) may see less: such a version declares no scope, and tests/adapters/scoped.test.ts extracts every
// fixture page both ways. A page deeper than PAGE_BOUNDS.maxDepth gets no scoped DOM (the depth bound
// flattens by full-tree depth, which a scoped tree does not have).
import { load, type CheerioAPI } from 'cheerio/slim';
import { parse, type Selector } from 'css-what';
import { DomHandler, type Element, type ParentNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { PAGE_BOUNDS, boundDepth, boundHtml } from './bounds.js';
import { TRAVERSALS, withTagIndex } from './query.js';

/** Kept on every scoped page, whatever the version reads: the helpers (JSON-LD, canonical, meta) look for them. */
export const SCOPE_ALWAYS: readonly string[] = ['script[type="application/ld+json"]', 'meta', 'link', 'title'];

type Attribs = Record<string, string>;
/** Whether an element (by tag name and attributes) roots a kept subtree. */
export type ScopeTest = (name: string, attribs: Attribs) => boolean;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

/** `want` is one of the whitespace-separated words of `v` (a class list), without splitting it. */
function hasWord(v: string, want: string): boolean {
  for (let i = v.indexOf(want); i >= 0; i = v.indexOf(want, i + 1)) {
    const end = i + want.length;
    if ((i === 0 || isSpace(v.charCodeAt(i - 1))) && (end === v.length || isSpace(v.charCodeAt(end)))) return true;
  }
  return false;
}

/**
 * One attribute condition of a compound. `.class` and `#id` compare as css-select compares them outside quirks
 * mode, case-sensitively; other values fold case (css-select folds `type` and its kin in HTML), a superset.
 */
function attributeTest(token: Extract<Selector, { type: 'attribute' }>): (attribs: Attribs) => boolean {
  const { name, action } = token;
  const fold = token.ignoreCase !== 'quirks' && token.ignoreCase !== false;
  const want = fold ? token.value.toLowerCase() : token.value;
  const value = fold ? (a: Attribs): string | undefined => a[name]?.toLowerCase() : (a: Attribs): string | undefined => a[name];
  if (action === 'exists') return (a) => a[name] !== undefined;
  if (action === 'equals') return (a) => value(a) === want;
  if (action === 'element') return (a) => hasWord(value(a) ?? '', want);
  if (action === 'start') return (a) => want !== '' && (value(a)?.startsWith(want) ?? false);
  if (action === 'end') return (a) => want !== '' && (value(a)?.endsWith(want) ?? false);
  if (action === 'any') return (a) => want !== '' && (value(a)?.includes(want) ?? false);
  if (action === 'hyphen') return (a) => value(a) === want || (value(a)?.startsWith(`${want}-`) ?? false);
  return () => true; // 'not' and anything newer: keep rather than guess
}

/** A branch's leftmost compound, past a leading `html` or `body` one (the shell is always kept, so the next
 *  compound is the one that must root a subtree: `html[data-app] div.header` keeps div.header). */
function rootCompound(branch: readonly Selector[]): Selector[] {
  const compounds: Selector[][] = [[]];
  for (const token of branch) {
    if (TRAVERSALS.has(token.type)) compounds.push([]);
    else compounds.at(-1)?.push(token);
  }
  const isShell = (c: Selector[]): boolean => c.some((t) => t.type === 'tag' && (t.name === 'html' || t.name === 'body'));
  const first = compounds.findIndex((c) => !isShell(c));
  return compounds[Math.max(first, 0)] ?? [];
}

/** The test of a selector's leftmost compound in each comma branch: tag and attributes; pseudos are ignored (a
 *  superset again). Throws on a selector css-what cannot parse, so a bad scope fails its adapter's tests. */
export function compileScope(selectors: readonly string[]): ScopeTest {
  // By tag, so an element whose tag no compound names costs one map lookup: most of a page's elements.
  const byTag = new Map<string, ((a: Attribs) => boolean)[]>();
  const anyTag: ((a: Attribs) => boolean)[] = [];
  for (const selector of selectors) {
    for (const branch of parse(selector)) {
      let tag: string | undefined;
      const attrs: ((a: Attribs) => boolean)[] = [];
      for (const token of rootCompound(branch)) {
        if (token.type === 'tag') tag = token.name.toLowerCase();
        else if (token.type === 'attribute') attrs.push(attributeTest(token));
      }
      const test = (a: Attribs): boolean => attrs.every((t) => t(a));
      if (tag === undefined) anyTag.push(test);
      else byTag.set(tag, [...(byTag.get(tag) ?? []), test]);
    }
  }
  return (name, attribs) => anyTag.some((t) => t(attribs)) || (byTag.get(name)?.some((t) => t(attribs)) ?? false);
}

const SHELL = 0;
const KEPT = 1;
const SKIPPED = 2;

/** A DomHandler that is told only of the kept elements; htmlparser2 closes every element it opens, so one state
 *  per open element is enough to route each close. */
class ScopedHandler extends DomHandler {
  private readonly states: number[] = [];
  private keptDepth = 0;
  private beforeBody = true;
  /** The whole tree's depth passed the bound: this page gets no scoped DOM. */
  tooDeep = false;

  constructor(private readonly keep: ScopeTest) {
    super(undefined, { xmlMode: false });
  }

  override onopentag(name: string, attribs: Attribs): void {
    let state: number;
    if (this.keptDepth > 0) state = KEPT;
    else if (name === 'html' || name === 'body') state = SHELL;
    else state = this.beforeBody || this.keep(name, attribs) ? KEPT : SKIPPED;
    if (name === 'body') this.beforeBody = false;
    if (state === KEPT) this.keptDepth++;
    this.states.push(state);
    if (this.states.length >= PAGE_BOUNDS.maxDepth) this.tooDeep = true;
    if (state !== SKIPPED) super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    const state = this.states.pop();
    if (state === KEPT) this.keptDepth--;
    if (state !== SKIPPED) super.onclosetag();
  }

  private get forwarding(): boolean {
    return this.keptDepth > 0 || this.beforeBody;
  }

  override ontext(data: string): void {
    if (this.forwarding) super.ontext(data);
  }

  override oncomment(data: string): void {
    if (this.forwarding) super.oncomment(data);
  }

  override oncommentend(): void {
    if (this.forwarding) super.oncommentend();
  }

  override oncdatastart(): void {
    if (this.forwarding) super.oncdatastart();
  }

  override oncdataend(): void {
    if (this.forwarding) super.oncdataend();
  }

  override onprocessinginstruction(name: string, data: string): void {
    if (this.forwarding) super.onprocessinginstruction(name, data);
  }
}

/** The page with only the scope's subtrees under <body>, bounded and tag-indexed like loadBoundedHtml; undefined
 *  for a page too deep to scope. Throws `page_too_complex` exactly when loadBoundedHtml does. */
export function loadScopedHtml(html: string, url: string, keep: ScopeTest): CheerioAPI | undefined {
  const handler = new ScopedHandler(keep);
  const parser = new Parser(handler, { decodeEntities: true });
  parser.end(boundHtml(html, url));
  if (handler.tooDeep) return undefined;
  const $ = load(handler.root);
  const elements: Element[] = [];
  boundDepth($.root()[0] as unknown as ParentNode, PAGE_BOUNDS.maxDepth, (el) => elements.push(el));
  return withTagIndex($, elements);
}
