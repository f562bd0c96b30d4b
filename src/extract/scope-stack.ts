// The element stack htmlparser2 10 builds (Parser.ts), replayed from tag names alone for the scoped plan
// (src/extract/scope-scan.ts reads the tags): implied end tags, void elements, end tags that close what is open above
// them, `</p>` and `</br>` that make their element, and the foreign-content flag that decides whether `<x/>` closes
// x. Alongside, the state the scoped handler (src/extract/scoped.ts) gives each element, so the replay knows where
// each kept part begins and ends, and what must close it when the page closes it from outside.
// Guarantee: the same pushes and pops as the parser, in the same order, for the same tags.

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/** htmlparser2 10's implied end tags (Parser.ts openImpliesClose): opening one of the keys closes an open element
 *  of the set while one is on top of the stack. */
const IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>();
for (const [keys, closes] of [
  ['tr', 'tr th td'],
  ['th', 'th'],
  ['td', 'thead th td'],
  ['body', 'head link script'],
  ['li', 'li'],
  ['option', 'option'],
  ['optgroup', 'optgroup option'],
  ['dd dt', 'dd dt'],
  ['rt rp', 'rt rp'],
  ['tbody tfoot', 'thead tbody'],
  ['select input output button datalist textarea', 'input option optgroup select button datalist textarea'],
  [
    'p h1 h2 h3 h4 h5 h6 address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul',
    'p',
  ],
] as const) {
  const set = words(closes);
  for (const key of keys.split(' ')) IMPLIES_CLOSE.set(key, set);
}
const VOID = words('area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr');
const FOREIGN = words('math svg');
const INTEGRATION = words('mi mo mn ms mtext annotation-xml foreignobject desc title');

/** Raw-text elements (the tokenizer's, scope-scan.ts): their content runs to `</name` followed by whitespace or `>`,
 *  case-insensitively. */
const RAW_TEXT = words('script style title textarea xmp');

/** A tag name with what the tokenizer and the stack ask of it. scope-scan.ts keeps one per short name it has met,
 *  so a tag costs one lookup instead of one per set below: those lookups were most of the stack's own time (bench
 *  pages, ~3,000 tags each). */
export interface Tag {
  readonly name: string;
  /** Its index among the names scope-scan.ts keeps (0, 1, …), for a scope's own memo of its answer
   *  (scope-compile.ts `rootByBytes`); -1 for a name not kept. */
  readonly id: number;
  /** Opening it closes an open element of this set while one is on top (IMPLIES_CLOSE). */
  readonly closes: ReadonlySet<string> | undefined;
  readonly isVoid: boolean;
  readonly foreign: boolean;
  readonly integration: boolean;
  readonly rawText: boolean;
}

/** The tag record of a lowercase name; `id` as Tag.id says. */
export function tagOf(name: string, id = -1): Tag {
  return {
    name,
    id,
    closes: IMPLIES_CLOSE.get(name),
    isVoid: VOID.has(name),
    foreign: FOREIGN.has(name),
    integration: INTEGRATION.has(name),
    rawText: RAW_TEXT.has(name),
  };
}

/** One step of building the scoped DOM: parse a kept part, or open or close a shell element (html, head, body) or a
 *  frame. */
export type ScopeStep =
  /** html.slice(start, end) is a kept subtree; `closes` are the end tags (innermost first) that close what the
   *  part leaves open, where the page closed it implicitly or from outside the part. */
  | { kind: 'part'; start: number; end: number; closes: string[] }
  /** A shell's or frame's start tag (html.slice(start, end)) outside every kept part. */
  | { kind: 'shellOpen'; name: string; start: number; end: number }
  | { kind: 'shellClose' };

export type ScopePlan = { kind: 'plan'; steps: ScopeStep[] } | { kind: 'tooDeep' } | { kind: 'whole'; reason: string };

/** What the scoped handler makes of an element outside kept parts: drops it, roots a kept subtree at it, or keeps it
 *  as a frame, with its attributes but not its content, like the shell (roots inside it hang under it). */
export const TAG_DROP = 0;
export const TAG_ROOT = 1;
export const TAG_FRAME = 2;
export type TagRole = typeof TAG_DROP | typeof TAG_ROOT | typeof TAG_FRAME;

/** The role of the element opened by the start tag html.slice(lt, gt + 1), never asked of a shell element; lt < 0
 *  for an element htmlparser2 makes from an end tag (`</p>`, `</br>`), which has no attributes and is never a frame
 *  (scope-compile.ts refuses such frames). */
export type KeepTag = (tag: Tag, lt: number, gt: number) => TagRole;

/** The elements every scoped page keeps with their attributes but not their content: roots hang under them. */
export function isShell(name: string): boolean {
  return name === 'html' || name === 'head' || name === 'body';
}

const BR = tagOf('br');
const P = tagOf('p');

const SHELL = 0;
const SKIPPED = 1;
const IN_PART = 2;
const ROOT = 3;

/** What pops elements: an end tag (or a self-closing tag in foreign content) at [lt, gt], a start tag's implied
 *  ends at lt, the page's end. Plain numbers, not an object per pop: this runs for most tags of a page. */
const BY_END = 0;
const BY_OPEN = 1;
export const BY_EOF = 2;

export class Scan {
  /** The open elements' names and states, outermost first, in fixed arrays: the stack never passes maxDepth (the
   *  plan stops there), and arrays that grow and shrink with every tag reallocate their storage over and over. */
  readonly names: string[];
  readonly states: Uint8Array;
  depth = 0;
  /** The parser's foreign-content flags, innermost last, and how many of them are true. */
  readonly foreign: boolean[] = [false];
  foreignTrue = 0;
  /** Stack index of the open kept part's root, -1 outside one; where its start tag begins. */
  part = -1;
  partStart = 0;
  /** For a part rooted in foreign content: the flags' length under its root, which must not be popped from inside
   *  the part (the part's own parser starts with no foreign content). -1 otherwise. */
  partForeign = -1;
  selfClosing = false;
  readonly steps: ScopeStep[] = [];
  stop: ScopePlan | undefined;

  constructor(
    /** The page's bytes (scope-scan.ts). */
    readonly s: Uint8Array,
    readonly keep: KeepTag,
    readonly maxDepth: number,
    /** The bytes are GB18030, whose trail bytes can be ASCII (byte-view.ts). */
    readonly asciiTrails = false,
  ) {
    this.names = new Array<string>(maxDepth + 1).fill('');
    this.states = new Uint8Array(maxDepth + 1);
  }

  whole(reason: string): number {
    this.stop ??= { kind: 'whole', reason };
    return -1;
  }

  /** One more element would reach maxDepth (the scoped handler counts a void one too): the plan stops. */
  tooDeep(): boolean {
    if (this.depth + 1 < this.maxDepth) return false;
    this.stop ??= { kind: 'tooDeep' };
    return true;
  }

  /** A new root must parse alike on its own: inside <svg> or <math>, only one that sets the flag itself (svg, math,
   *  title …) does. */
  checkRootForeign(tag: Tag): void {
    if (this.foreignTrue > 0 && !tag.foreign && !tag.integration) this.whole('a scope root inside foreign content');
  }

  /** Pops the stack down to `index` (inclusive), innermost first: ends the kept part when its root goes. */
  popTo(index: number, why: number, lt: number, gt: number): void {
    if (this.part >= index && this.part >= 0) {
      // An end tag that pops the root itself belongs to the part; anything else ends it from outside.
      const exact = why === BY_END && index === this.part;
      const end = exact ? gt + 1 : why === BY_EOF ? this.s.length : lt;
      const closes: string[] = [];
      if (!exact) for (let k = this.depth - 1; k >= this.part; k--) closes.push(this.names[k] as string);
      this.steps.push({ kind: 'part', start: this.partStart, end, closes });
      this.part = -1;
      this.partForeign = -1;
    }
    for (let k = this.depth - 1; k >= index; k--) {
      if (this.states[k] === SHELL) this.steps.push({ kind: 'shellClose' });
    }
    this.depth = index;
  }

  /** A start tag html.slice(lt, gt + 1) opens an element (Parser.emitOpenTag, then endOpenTag at its `>`). */
  open(tag: Tag, lt: number, gt: number): void {
    const { name } = tag;
    const implied = tag.closes;
    if (implied) {
      let k = this.depth;
      while (k > 0 && implied.has(this.names[k - 1] as string)) k--;
      if (k < this.depth) this.popTo(k, BY_OPEN, lt, lt);
    }
    if (this.tooDeep()) return;
    const state = this.stateOf(tag, lt, gt);
    if (tag.isVoid) {
      if (state === ROOT) this.steps.push({ kind: 'part', start: lt, end: gt + 1, closes: [] });
      return;
    }
    const at = this.depth++;
    this.names[at] = name;
    this.states[at] = state === ROOT ? IN_PART : state;
    const inForeign = this.foreignTrue > 0;
    if (tag.foreign) this.pushForeign(true);
    else if (tag.integration) this.pushForeign(false);
    if (state === ROOT) {
      this.part = at;
      this.partStart = lt;
      if (inForeign) this.partForeign = this.foreign.length;
    }
    // Parser.onselfclosingtag: `<x/>` closes x only in foreign content.
    if (this.selfClosing && this.foreign[this.foreign.length - 1] === true) this.popTo(at, BY_END, lt, gt);
  }

  /** The new element's state as the scoped handler sets it; ROOT for the root of a new kept part. Records the
   *  start tags of the shell and the frames. */
  stateOf(tag: Tag, lt: number, gt: number): number {
    if (this.part >= 0) return IN_PART;
    const { name } = tag;
    const role = isShell(name) ? TAG_FRAME : this.keep(tag, lt, gt);
    if (role === TAG_FRAME) {
      this.steps.push({ kind: 'shellOpen', name, start: lt, end: gt + 1 });
      return SHELL;
    }
    if (role === TAG_DROP) return SKIPPED;
    this.checkRootForeign(tag);
    return ROOT;
  }

  pushForeign(v: boolean): void {
    this.foreign.push(v);
    if (v) this.foreignTrue++;
  }

  /** An end tag (Parser.onclosetag) spanning html.slice(lt, gt + 1). */
  close(tag: Tag, lt: number, gt: number): void {
    const { name } = tag;
    if ((tag.foreign || tag.integration) && this.foreign.length > 0 && this.foreign.pop() === true) this.foreignTrue--;
    if (tag.isVoid) {
      if (name === 'br') this.impliedByEnd(BR, lt, gt);
      return;
    }
    let at = this.depth - 1;
    while (at >= 0 && this.names[at] !== name) at--;
    if (at >= 0) this.popTo(at, BY_END, lt, gt);
    else if (name === 'p') this.impliedByEnd(P, lt, gt);
    if (this.part >= 0 && this.foreign.length < this.partForeign) this.whole('a part pops the foreign content around it');
  }

  /** `</p>` with no open <p>, or `</br>`: the parser makes the element (no attributes) and closes it at once. */
  impliedByEnd(tag: Tag, lt: number, gt: number): void {
    if (this.tooDeep() || this.part >= 0) return;
    if (this.keep(tag, -1, -1) === TAG_ROOT) {
      this.checkRootForeign(tag);
      this.steps.push({ kind: 'part', start: lt, end: gt + 1, closes: [] });
    }
  }
}
