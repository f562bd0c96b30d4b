// Root queries, `$('selector')`, through a tag index built once per page. cheerio answers each one by walking
// every node of the page (0.2 ms for a 3,000-element article here, whatever the selector), and an adapter's
// detect, extract and the shared helpers ask 15–30 of them per page: as much CPU as parsing the page. Most
// selectors we write name a tag in their last compound (`div.text-content > p`, `meta[name="…"]`), so only the
// page's elements with that tag can match: the index hands those to css-select's compiled test, the same test
// cheerio-select runs, in document order. A selector without one (`.author`, `#content`) has its test run on every
// element in document order: what cheerio does, without parsing and compiling the selector at every call.
// Guarantee: the same elements, in the same order, as cheerio's own query (tests/adapters/query-index.test.ts
// runs every selector literal of the extractors on every fixture page both ways). A selector the index cannot
// answer exactly (positional pseudos such as :first, :scope/:root, anything that looks like HTML, a context
// argument) goes to cheerio unchanged. The index holds the page as it was when it
// was built: an element removed later is left out of answers, but one added later is not seen, so a page must
// not gain elements once it is indexed (our extractors change clones only; tests that edit a fixture parse the
// edited HTML again).
import type { CheerioAPI } from 'cheerio/slim';
import { compile } from 'css-select';
import { parse, type Selector } from 'css-what';
import { isTag, type AnyNode, type Element } from 'domhandler';

export const QUERY_DEFAULTS = {
  /** Compiled selectors kept (adapters and helpers use a few hundred distinct ones); past it the cache restarts. */
  maxCompiledSelectors: 2_000,
};

interface Plan {
  /** The tag of each comma branch's last compound (lowercase, deduplicated); null when a branch names none, and
   *  every element is tested. */
  tags: string[] | null;
  test: (el: Element) => boolean;
}

interface TagIndex {
  root: AnyNode;
  byTag: Map<string, Element[]>;
  /** Every element, in document order: what a selector without a tag is tested on. */
  all: readonly Element[];
  /** Document order, for merging the lists of a selector with several tags. */
  order: Map<Element, number>;
}

/** css-what token types that join compounds (a selector's combinators). */
export const TRAVERSALS: ReadonlySet<string> = new Set(['descendant', 'child', 'sibling', 'adjacent', 'parent', 'column-combinator']);
const plans = new Map<string, Plan | null>();
const tests = new Map<string, (el: Element) => boolean>();

/**
 * css-select's compiled test for `selector`, the test cheerio's `.is()` and `.filter()` compile again at every call,
 * compiled once per thread (people-zh asked it of every paragraph of a page: ~0.3 ms of selector parsing a page, and
 * css-what's parser hot enough for V8 to optimise in each worker). Throws for what css-select cannot compile
 * (positional pseudos such as :first), which only cheerio answers.
 */
export function selectorTest(selector: string): (el: Element) => boolean {
  let test = tests.get(selector);
  if (test === undefined) {
    if (tests.size >= QUERY_DEFAULTS.maxCompiledSelectors) tests.clear();
    test = compile<AnyNode, Element>(selector, { xmlMode: false });
    tests.set(selector, test);
  }
  return test;
}

/** For an element inside `stop`: it or an ancestor below `stop` passes `test`, which is
 *  `$(el).is(s) || $(el).parentsUntil(stop).filter(s).length > 0` with s compiled once. */
export function inMatching(el: Element, stop: AnyNode, test: (el: Element) => boolean): boolean {
  for (let node: AnyNode | null = el; node !== null && node !== stop; node = node.parent) {
    if (isTag(node) && test(node)) return true;
  }
  return false;
}

/** The tag a branch's last compound requires, or undefined when it names none (or a namespace). */
function lastTag(branch: readonly Selector[]): string | undefined {
  let k = branch.length - 1;
  while (k >= 0 && !TRAVERSALS.has((branch[k] as Selector).type)) k--;
  for (const token of branch.slice(k + 1)) {
    if (token.type === 'tag' && !token.namespace) return token.name.toLowerCase();
  }
  return undefined;
}

function makePlan(selector: string): Plan | null {
  if (selector.includes('<') || /:(?:scope|root)\b/i.test(selector) || /^\s*[>+~]/.test(selector)) return null;
  try {
    const tags = parse(selector).map(lastTag);
    if (tags.length === 0) return null;
    // css-select knows no positional pseudos (:first, :eq …): compile throws, and cheerio-select answers them.
    const test = selectorTest(selector);
    return { tags: tags.some((t) => t === undefined) ? null : [...new Set(tags as string[])], test };
  } catch {
    return null;
  }
}

function planFor(selector: string): Plan | null {
  let plan = plans.get(selector);
  if (plan === undefined) {
    if (plans.size >= QUERY_DEFAULTS.maxCompiledSelectors) plans.clear();
    plan = makePlan(selector);
    plans.set(selector, plan);
  }
  return plan;
}

/** Every element (script and style included, as cheerio queries them) by tag, from a pre-order walk. */
function indexOf(root: AnyNode, elements: readonly Element[]): TagIndex {
  const byTag = new Map<string, Element[]>();
  const order = new Map<Element, number>();
  for (const el of elements) {
    order.set(el, order.size);
    const list = byTag.get(el.name);
    if (list) list.push(el);
    else byTag.set(el.name, [el]);
  }
  return { root, byTag, all: elements, order };
}

/** Every element under `root`, in document order. */
function elementsUnder(root: AnyNode): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isTag(node)) out.push(node);
    const children = (node as { children?: AnyNode[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as AnyNode);
  }
  return out;
}

/** Still in the page: an element removed after the index was built is not answered (one added is not seen). */
function attached(el: Element, root: AnyNode): boolean {
  let node: AnyNode | null = el;
  while (node.parent) node = node.parent;
  return node === root;
}

function run(index: TagIndex, plan: Plan): Element[] {
  const matches = (el: Element): boolean => plan.test(el) && attached(el, index.root);
  if (plan.tags === null) return index.all.filter(matches);
  if (plan.tags.length === 1) return (index.byTag.get(plan.tags[0] as string) ?? []).filter(matches);
  const found = plan.tags.flatMap((t) => (index.byTag.get(t) ?? []).filter(matches));
  return found.sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
}

/** `$` whose one-argument string queries go through the page's tag index; everything else is cheerio's own.
 *  `elements`: every element of the page in document order, when the caller has just walked it (loadBoundedHtml);
 *  otherwise the page is walked at the first query. */
export function withTagIndex($: CheerioAPI, elements?: readonly Element[]): CheerioAPI {
  let index: TagIndex | undefined;
  return new Proxy($, {
    apply(target, self, args: unknown[]) {
      const selector = args[0];
      const plan = typeof selector === 'string' && (args.length === 1 || args[1] === undefined) ? planFor(selector) : null;
      if (!plan) return Reflect.apply(target, self, args);
      if (!index) {
        const root = target.root()[0] as AnyNode;
        index = indexOf(root, elements ?? elementsUnder(root));
      }
      return target(run(index, plan));
    },
  });
}
