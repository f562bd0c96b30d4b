// A scope compiled: which elements root a scoped page's kept subtrees (src/extract/scoped.ts), told from a start tag's
// name, then its source or bytes (scope-needles.ts), then its parsed attributes, each step only when the last cannot
// tell; and which are frames, kept like the shell.
// Guarantee: a tag is ruled out early only when its full test would fail too (tests/extract/scope-needles.test.ts).
import { parse, type Selector } from 'css-what';
import { TRAVERSALS } from './query.js';
import { isSpace } from './scope-scan.js';
import { isShell, type Tag } from './scope-stack.js';
import { mayMatch, mayMatchBytes, needle, needleSet, type Needle, type NeedleBranch, type NeedleSet } from './scope-needles.js';

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
 *  one that must root a subtree: `html[data-app] div.header` keeps div.header), and past leading frames followed by
 *  a descendant combinator (`#app .x` keeps every .x; a frame is kept wherever it is, and a scoped element's
 *  ancestors are its kept ancestors, so "inside #app" reads the same; `#app > .x` would not, so #app roots it). */
function rootCompound(branch: readonly Selector[], frames: ReadonlySet<string>): Selector[] {
  const compounds: Selector[][] = [[]];
  const joins: string[] = [];
  for (const token of branch) {
    if (TRAVERSALS.has(token.type)) compounds.push([]), joins.push(token.type);
    else compounds.at(-1)?.push(token);
  }
  const skipped = (c: Selector[], i: number): boolean =>
    c.some((t) => t.type === 'tag' && isShell(t.name)) || (joins[i] === 'descendant' && frames.has(JSON.stringify(c)));
  let first = 0;
  while (first < compounds.length - 1 && skipped(compounds[first] as Selector[], first)) first++;
  return compounds[first] ?? [];
}

/** Elements htmlparser2 also makes from an end tag (`</p>`, `</br>`), which the plan cannot open as a frame. */
const MADE_BY_END_TAG = new Set(['p', 'br']);

/** Frames as the compounds rootCompound compares; throws unless each is one compound naming a tag other than p and
 *  br, or with an attribute condition (a frame is opened from its start tag). */
function frameKeys(frames: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const frame of frames) {
    for (const branch of parse(frame)) {
      const named = branch.some((t) => t.type === 'tag' && !MADE_BY_END_TAG.has(t.name.toLowerCase()));
      if (branch.some((t) => TRAVERSALS.has(t.type)) || !(named || branch.some((t) => t.type === 'attribute'))) {
        throw new Error(`scope frame "${frame}": must be one compound, naming a tag other than p and br or an attribute`);
      }
      keys.add(JSON.stringify(branch));
    }
  }
  return keys;
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
  /** rootByTag on the start tag's bytes b[lt, gt], undefined also when the bytes cannot tell (not all ASCII). What
   *  the name tells is remembered by the tag's id (scope-stack.ts `Tag`): one array read for most tags of a page. */
  rootByBytes(tag: Pick<Tag, 'name' | 'id'>, b: Uint8Array, lt: number, gt: number): boolean | undefined;
  /** The frames, as a scope of their own (their `test` tells a frame), when the scope declares any. */
  frames?: Scope;
}

interface Branch extends NeedleBranch {
  test: (a: Attribs) => boolean;
  /** No attribute condition: any element of the tag is a root. */
  bare: boolean;
}

const ROOT_NO = 0;
const ROOT_YES = 1;
const ROOT_ASK = 2;

/** The test of a selector's root compound (rootCompound) in each comma branch: tag and attributes; pseudos are
 *  ignored (a superset again). `frames`: elements kept like the shell, with their attributes but not their content.
 *  Throws on a selector css-what cannot parse or a frame of more than one compound, so a bad scope fails its
 *  adapter's tests. */
export function compileScope(selectors: readonly string[], frames: readonly string[] = []): Scope {
  const frameKeySet = frameKeys(frames);
  // By tag, so an element whose tag no compound names costs one map lookup: most of a page's elements.
  const byTag = new Map<string, Branch[]>();
  const anyTag: Branch[] = [];
  for (const selector of selectors) {
    for (const branch of parse(selector)) {
      let tag: string | undefined;
      const attrs: ReturnType<typeof attributeTest>[] = [];
      for (const token of rootCompound(branch, frameKeySet)) {
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
  const sets = new Map([...candidates].map(([t, list]) => [t, needleSet(list)] as const));
  const anySet = needleSet(anyTag);
  // By tag id: what rootByName answers (ROOT_NO, ROOT_YES or ROOT_ASK) and the needles the bytes are then asked.
  const byId: number[] = [];
  const setById: NeedleSet[] = [];
  const byName = (tag: Pick<Tag, 'name' | 'id'>): number => {
    let known = tag.id >= 0 ? byId[tag.id] : undefined;
    if (known === undefined) {
      const r = rootByName(tag.name);
      known = r === undefined ? ROOT_ASK : r ? ROOT_YES : ROOT_NO;
      if (tag.id >= 0) (byId[tag.id] = known), (setById[tag.id] = sets.get(tag.name) ?? anySet);
    }
    return known;
  };
  return {
    ...(frames.length > 0 ? { frames: compileScope(frames) } : {}),
    test: (name, attribs) => anyTag.some((b) => b.test(attribs)) || (byTag.get(name)?.some((b) => b.test(attribs)) ?? false),
    rootByTag(name, html, lt, gt) {
      return rootByName(name) ?? (mayMatch(candidates.get(name) ?? anyTag, html.slice(lt, gt + 1)) ? undefined : false);
    },
    rootByName,
    rootByBytes(tag, b, lt, gt) {
      const known = byName(tag);
      if (known !== ROOT_ASK) return known === ROOT_YES;
      const set = tag.id >= 0 ? (setById[tag.id] as NeedleSet) : (sets.get(tag.name) ?? anySet);
      return mayMatchBytes(set, b, lt, gt + 1) === false ? false : undefined;
    },
  };
}
