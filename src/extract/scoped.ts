// A page parsed in part: the DOM holds the shell, <html>, <head> and <body>, and the adapter's frames (with their
// attributes but not their content), and only those subtrees that an adapter version reads (its `scope`) or every
// page's helpers read (SCOPE_ALWAYS), each whole, wherever they are in the page (scope-compile.ts says which
// elements those are). Building the DOM is two thirds of parsing a page; the menus, teaser grids and footers an
// adapter never reads are most of a page's elements, and the scripts and styles of its head a quarter of its bytes.
// Guarantee: for a selector whose leftmost compound matches a scope root (or is a shell element, or a frame followed by
// a descendant combinator), the scoped page gives the same elements, text and attributes as the whole page, because a
// root keeps its subtree unchanged, every element matching a root or a frame is kept, and a kept element's ancestors
// in the scoped page are its kept ancestors. A selector that reaches outside its roots (a sibling of a root, an
// ancestor via closest()) may see less: such a version keeps that ancestor too (tass-ru.ts keeps every <a> as a
// frame) or declares no scope, and tests/adapters/scoped.test.ts extracts every fixture page both ways. A page
// deeper than PAGE_BOUNDS.maxDepth gets no scoped DOM (the depth bound flattens by full-tree depth, which a scoped
// tree does not have).
import { load, type CheerioAPI } from 'cheerio/slim';
import { DomHandler, type Document, type Element, type ParentNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { PAGE_BOUNDS, boundDepth, boundHtml, type BoundedHtml } from './bounds.js';
import { byteView, span, type BoundedView, type ByteView } from './byte-view.js';
import type { Scope, ScopeTest } from './scope-compile.js';
import { planScope, type KeepTag, type ScopePlan } from './scope-scan.js';
import { TAG_DROP, TAG_FRAME, TAG_ROOT, isShell, type Tag } from './scope-stack.js';
import { withTagIndex } from './query.js';

type Attribs = Record<string, string>;

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

  constructor(
    private readonly keep: ScopeTest,
    private readonly frame?: ScopeTest,
  ) {
    super(undefined, { xmlMode: false });
  }

  override onopentag(name: string, attribs: Attribs): void {
    let state: number;
    if (this.keptDepth > 0) state = KEPT;
    else if (isShell(name)) state = SHELL;
    else if (this.keep(name, attribs)) (state = KEPT), this.roots++;
    else if (this.frame?.(name, attribs)) state = SHELL;
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

/** Whether the tag between `lt` and `gt` is one of `s`'s roots: by its bytes when that decides, else by its decoded
 *  source. A module function, not a closure per page: V8 compiled a fresh closure of it again on most pages
 *  (25 TurboFan compiles in a 5,000-page crawl against one per worker). */
function tagIn(view: ByteView, s: Scope, tag: Tag, lt: number, gt: number): boolean {
  const byBytes = s.rootByBytes(tag, view.bytes, lt, gt);
  if (byBytes !== undefined) return byBytes;
  const source = span(view, lt, gt + 1);
  return s.rootByTag(tag.name, source, 0, source.length - 1) ?? s.test(tag.name, attribsOf(source));
}

/** The scoped DOM's root, and whether it was built from the plan (false: the page was parsed whole, by the
 *  scoped handler alone); undefined for a page too deep to scope. The plan reads the bounded page's bytes
 *  (scope-scan.ts), and each kept part and tag it needs is decoded from them. A page the plan cannot follow is
 *  parsed whole from `text`, its bounded text, when the caller has it; undefined otherwise (a byte view: the caller
 *  decodes the page then). */
export function scopedDom(view: ByteView, scope: Scope, text?: BoundedHtml): { root: Document; planned: boolean } | undefined {
  const { frames } = scope;
  const keepTag: KeepTag = (tag, lt, gt) => {
    if (lt < 0) return scope.test(tag.name, {}) ? TAG_ROOT : TAG_DROP;
    if (tagIn(view, scope, tag, lt, gt)) return TAG_ROOT;
    return frames && tagIn(view, frames, tag, lt, gt) ? TAG_FRAME : TAG_DROP;
  };
  const plan = planScope(view.bytes, keepTag, PAGE_BOUNDS.maxDepth, view.charset === 'gb18030');
  if (plan.kind === 'tooDeep') return undefined;
  if (plan.kind === 'plan') {
    const handler = new ScopedHandler(scope.test, frames?.test);
    if (build(handler, (start, end) => span(view, start, end), plan)) return { root: handler.root, planned: true };
  }
  if (text === undefined) return undefined;
  const root = wholeScopedDom(text, scope);
  return root ? { root, planned: false } : undefined;
}

/** The scoped DOM with every byte through htmlparser2 and the scoped handler: the reference the plan must equal. */
export function wholeScopedDom(bounded: string, scope: Scope): Document | undefined {
  const handler = new ScopedHandler(scope.test, scope.frames?.test);
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
