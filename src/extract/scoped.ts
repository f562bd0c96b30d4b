// A page parsed in part: the DOM holds the shell, <html>, <head> and <body> (with their attributes but not their
// content), and only those subtrees that an adapter version reads (its `scope`) or every page's helpers read
// (SCOPE_ALWAYS), each whole, wherever they are in the page. Building the DOM is two thirds of parsing a page; the
// menus, teaser grids and footers an adapter never reads are most of a page's elements, and the scripts and styles
// of its head a quarter of its bytes.
// Guarantee: for a selector whose leftmost compound matches a scope root (or is a shell element), the scoped page gives
// the same elements, text and attributes as the whole page, because a root keeps its subtree unchanged and every
// element matching a root is kept. A selector that reaches outside its roots (a sibling of a root, an ancestor via
// closest()) may see less: such a version keeps that ancestor whole too (tass-ru.ts keeps every <a>) or declares no
// scope, and tests/adapters/scoped.test.ts extracts every fixture page both ways. A page deeper than PAGE_BOUNDS.maxDepth gets no scoped DOM (the depth bound
// flattens by full-tree depth, which a scoped tree does not have).
import { load, type CheerioAPI } from 'cheerio/slim';
import { parse, type Selector } from 'css-what';
import { DomHandler, type Document, type Element, type ParentNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { PAGE_BOUNDS, boundDepth, boundHtml, type BoundedHtml } from './bounds.js';
import { byteView, span, type BoundedView, type ByteView } from './byte-view.js';
import { isSpace, planScope, type KeepTag, type ScopePlan } from './scope-scan.js';
import { isShell } from './scope-stack.js';
import { TRAVERSALS, withTagIndex } from './query.js';
import { mayMatch, mayMatchBytes, needle, type Needle, type NeedleBranch } from './scope-needles.js';

/** Kept on every scoped page, whatever the version reads: the helpers (JSON-LD, canonical, meta) look for them. */
export const SCOPE_ALWAYS: readonly string[] = ['script[type="application/ld+json"]', 'meta', 'link', 'title'];

type Attribs = Record<string, string>;
/** Whether an element (by tag name and attributes) roots a kept subtree. */
export type ScopeTest = (name: string, attribs: Attribs) => boolean;

/** `want` is one of the whitespace-separated words of `v` (a class list), without splitting it. */
function hasWord(v: string, want: string): boolean {
  for (let i = v.indexOf(want); i >= 0; i = v.indexOf(want, i + 1)) {
    const end = i + want.length;
    if ((i === 0 || isSpace(v.charCodeAt(i - 1))) && (end === v.length || isSpace(v.charCodeAt(end)))) return true;
  }
  return false;
}

/**
 * One attribute condition of a compound, and a text its start tag must then contain. `.class` and `#id` compare
 * as css-select compares them outside quirks mode, case-sensitively; other values fold case (css-select folds
 * `type` and its kin in HTML), a superset.
 */
function attributeTest(token: Extract<Selector, { type: 'attribute' }>): { test: (attribs: Attribs) => boolean; needle?: Needle } {
  const { name, action } = token;
  const fold = token.ignoreCase !== 'quirks' && token.ignoreCase !== false;
  const want = fold ? token.value.toLowerCase() : token.value;
  const value = fold ? (a: Attribs): string | undefined => a[name]?.toLowerCase() : (a: Attribs): string | undefined => a[name];
  const wanted = want === '' ? undefined : needle(want, fold);
  if (action === 'exists') return { test: (a) => a[name] !== undefined, needle: needle(name.toLowerCase(), true) };
  if (action === 'equals') return { test: (a) => value(a) === want, needle: wanted };
  if (action === 'element') return { test: (a) => hasWord(value(a) ?? '', want), needle: wanted };
  if (action === 'start') return { test: (a) => want !== '' && (value(a)?.startsWith(want) ?? false), needle: wanted };
  if (action === 'end') return { test: (a) => want !== '' && (value(a)?.endsWith(want) ?? false), needle: wanted };
  if (action === 'any') return { test: (a) => want !== '' && (value(a)?.includes(want) ?? false), needle: wanted };
  if (action === 'hyphen') return { test: (a) => value(a) === want || (value(a)?.startsWith(`${want}-`) ?? false), needle: wanted };
  return { test: () => true }; // 'not' and anything newer: keep rather than guess
}

/** A branch's leftmost compound, past leading shell ones (the shell is always kept, so the next compound is the
 *  one that must root a subtree: `html[data-app] div.header` keeps div.header). */
function rootCompound(branch: readonly Selector[]): Selector[] {
  const compounds: Selector[][] = [[]];
  for (const token of branch) {
    if (TRAVERSALS.has(token.type)) compounds.push([]);
    else compounds.at(-1)?.push(token);
  }
  const shell = (c: Selector[]): boolean => c.some((t) => t.type === 'tag' && isShell(t.name));
  const first = compounds.findIndex((c) => !shell(c));
  return compounds[Math.max(first, 0)] ?? [];
}

/** A compiled scope: the root test on an element, and a cheap test on a start tag's source that every root passes
 *  (so most tags of a page are ruled out without their attributes). */
export interface Scope {
  test: ScopeTest;
  /** Whether the start tag html.slice(lt, gt + 1), of this name, roots a kept subtree, as far as its name and source
   *  tell: false when no branch names the tag or the source lacks a text every branch needs, true when a branch
   *  needs no attribute, undefined when only its parsed attributes tell. */
  rootByTag(name: string, html: string, lt: number, gt: number): boolean | undefined;
  /** rootByTag as far as the name alone tells (undefined: the tag's source must be read). */
  rootByName(name: string): boolean | undefined;
  /** rootByTag on the start tag's bytes b[lt, gt], undefined also when the bytes cannot tell (not all ASCII). */
  rootByBytes(name: string, b: Uint8Array, lt: number, gt: number): boolean | undefined;
}

interface Branch extends NeedleBranch {
  test: (a: Attribs) => boolean;
  /** No attribute condition: any element of the tag is a root. */
  bare: boolean;
}

/** The test of a selector's leftmost compound in each comma branch: tag and attributes; pseudos are ignored (a
 *  superset again). Throws on a selector css-what cannot parse, so a bad scope fails its adapter's tests. */
export function compileScope(selectors: readonly string[]): Scope {
  // By tag, so an element whose tag no compound names costs one map lookup: most of a page's elements.
  const byTag = new Map<string, Branch[]>();
  const anyTag: Branch[] = [];
  for (const selector of selectors) {
    for (const branch of parse(selector)) {
      let tag: string | undefined;
      const attrs: ReturnType<typeof attributeTest>[] = [];
      for (const token of rootCompound(branch)) {
        if (token.type === 'tag') tag = token.name.toLowerCase();
        else if (token.type === 'attribute') attrs.push(attributeTest(token));
      }
      const b: Branch = {
        test: (a) => attrs.every((t) => t.test(a)),
        needles: attrs.flatMap((t) => (t.needle ? [t.needle] : [])),
        bare: attrs.length === 0,
      };
      if (tag === undefined) anyTag.push(b);
      else byTag.set(tag, [...(byTag.get(tag) ?? []), b]);
    }
  }
  // Per tag name, the branches that can root it: its own and the tagless ones; and whether one of them needs no
  // attribute (a bare `meta`), so that its tags are roots without parsing them.
  const candidates = new Map([...byTag].map(([t, list]) => [t, [...list, ...anyTag]] as const));
  const bare = new Set([...candidates].filter(([, list]) => list.some((b) => b.bare)).map(([t]) => t));
  const anyBare = anyTag.some((b) => b.bare);
  const rootByName = (name: string): boolean | undefined => {
    if ((candidates.get(name) ?? anyTag).length === 0) return false;
    return anyBare || bare.has(name) ? true : undefined;
  };
  return {
    test: (name, attribs) => anyTag.some((b) => b.test(attribs)) || (byTag.get(name)?.some((b) => b.test(attribs)) ?? false),
    rootByTag(name, html, lt, gt) {
      return rootByName(name) ?? (mayMatch(candidates.get(name) ?? anyTag, html.slice(lt, gt + 1)) ? undefined : false);
    },
    rootByName,
    rootByBytes(name, b, lt, gt) {
      return rootByName(name) ?? (mayMatchBytes(candidates.get(name) ?? anyTag, b, lt, gt + 1) === false ? false : undefined);
    },
  };
}

const SHELL = 0;
const KEPT = 1;
const SKIPPED = 2;

/** A DomHandler that is told only of the kept elements; htmlparser2 closes every element it opens, so one state
 *  per open element is enough to route each close. */
class ScopedHandler extends DomHandler {
  private readonly states: number[] = [];
  private keptDepth = 0;
  /** The whole tree's depth passed the bound: this page gets no scoped DOM. */
  tooDeep = false;
  /** How many kept subtrees have begun: the check that a planned part made its root. */
  roots = 0;

  constructor(private readonly keep: ScopeTest) {
    super(undefined, { xmlMode: false });
  }

  override onopentag(name: string, attribs: Attribs): void {
    let state: number;
    if (this.keptDepth > 0) state = KEPT;
    else if (isShell(name)) state = SHELL;
    else if (this.keep(name, attribs)) (state = KEPT), this.roots++;
    else state = SKIPPED;
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

  /** A planned page's parts are parsed one after another by one parser, reset before each: the DOM stays. */
  override onreset(): void {}

  /** Elements open, kept or not. */
  get depth(): number {
    return this.states.length;
  }

  private get forwarding(): boolean {
    return this.keptDepth > 0;
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

const PARSER_OPTIONS = { decodeEntities: true } as const;

let lastAttribs: Attribs = {};
/** One parser for every start tag read on its own (attribsOf), reset before each. */
const tagParser = new Parser({ onopentag: (_name, attribs) => void (lastAttribs = attribs) }, PARSER_OPTIONS);

/** The attributes htmlparser2 gives the start tag `tag` (its source). */
function attribsOf(tag: string): Attribs {
  lastAttribs = {};
  tagParser.reset();
  tagParser.end(tag);
  // The parser keeps what it was given until its next reset: let go of it now.
  tagParser.reset();
  const attribs = lastAttribs;
  lastAttribs = {};
  return attribs;
}

/** The planned DOM into `handler`: the shell's tags, and each part parsed on its own. False as soon as the parser does not
 *  agree with the plan (a part that does not close, or does not start with a root); then the page is parsed whole. */
function build(handler: ScopedHandler, part: (start: number, end: number) => string, plan: Extract<ScopePlan, { kind: 'plan' }>): boolean {
  const parser = new Parser(handler, PARSER_OPTIONS);
  for (const step of plan.steps) {
    if (step.kind === 'shellOpen') handler.onopentag(step.name, attribsOf(part(step.start, step.end)));
    else if (step.kind === 'shellClose') {
      if (handler.depth === 0) return false;
      handler.onclosetag();
    } else {
      const { depth, roots } = handler;
      const closes = step.closes.map((name) => `</${name}>`).join('');
      parser.reset();
      parser.write(part(step.start, step.end) + closes);
      if (handler.depth !== depth || handler.roots !== roots + 1) return false;
    }
  }
  handler.onend();
  return true;
}

/** The scoped DOM's root, and whether it was built from the plan (false: the page was parsed whole, by the
 *  scoped handler alone); undefined for a page too deep to scope. The plan reads the bounded page's bytes
 *  (scope-scan.ts), and each kept part and tag it needs is decoded from them. A page the plan cannot follow is
 *  parsed whole from `text`, its bounded text, when the caller has it; undefined otherwise (a byte view: the caller
 *  decodes the page then). */
export function scopedDom(view: ByteView, scope: Scope, text?: BoundedHtml): { root: Document; planned: boolean } | undefined {
  const keepTag: KeepTag = (name, lt, gt) => {
    if (lt < 0) return scope.test(name, {});
    const byBytes = scope.rootByBytes(name, view.bytes, lt, gt);
    if (byBytes !== undefined) return byBytes;
    const tag = span(view, lt, gt + 1);
    return scope.rootByTag(name, tag, 0, tag.length - 1) ?? scope.test(name, attribsOf(tag));
  };
  const plan = planScope(view.bytes, keepTag, PAGE_BOUNDS.maxDepth, view.charset === 'gb18030');
  if (plan.kind === 'tooDeep') return undefined;
  if (plan.kind === 'plan') {
    const handler = new ScopedHandler(scope.test);
    if (build(handler, (start, end) => span(view, start, end), plan)) return { root: handler.root, planned: true };
  }
  if (text === undefined) return undefined;
  const root = wholeScopedDom(text, scope);
  return root ? { root, planned: false } : undefined;
}

/** The scoped DOM with every byte through htmlparser2 and the scoped handler: the reference the plan must equal. */
export function wholeScopedDom(bounded: string, scope: Scope): Document | undefined {
  const handler = new ScopedHandler(scope.test);
  new Parser(handler, PARSER_OPTIONS).end(bounded);
  return handler.tooDeep ? undefined : handler.root;
}

/** The page with only its shell and the scope's subtrees, bounded and tag-indexed like loadBoundedHtml; undefined
 *  for a page too deep to scope. Throws `page_too_complex` exactly when loadBoundedHtml does. */
export function loadScopedHtml(html: string, url: string, scope: Scope): CheerioAPI | undefined {
  return parseScoped(boundHtml(html, url), scope);
}

/** loadScopedHtml for a page bounded already: its text, or its bytes (byte-view.ts `boundView`), in which case a page
 *  the plan cannot follow gives undefined (the caller decodes it). */
export function parseScoped(bounded: BoundedHtml | BoundedView, scope: Scope): CheerioAPI | undefined {
  const dom = typeof bounded === 'string' ? scopedDom(byteView(Buffer.from(bounded, 'utf8')), scope, bounded) : scopedDom(bounded, scope);
  if (!dom) return undefined;
  const $ = load(dom.root);
  const elements: Element[] = [];
  boundDepth($.root()[0] as unknown as ParentNode, PAGE_BOUNDS.maxDepth, (el) => elements.push(el));
  return withTagIndex($, elements);
}
