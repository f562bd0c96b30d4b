// The desk's filters over the items as data: the facets (outlet, rule, language, status, decision, story), the
// date range and the words, in one pass that gives the list to show and, per facet, the counts each option would
// show against every other active filter. No DOM here.
// Part of the page script: concatenated with the other client files into one function by scripts/build-desk.ts.

type DeskFacet = 'outlet' | 'rule' | 'lang' | 'status' | 'decision' | 'story';
type DeskField = DeskFacet | 'from' | 'to' | 'q' | 'sort';
/** Every filter's value, '' when it is off (the URL's hash holds the same keys). */
type DeskState = Record<DeskField, string>;
type FacetCounts = Map<DeskFacet, Map<string, number>>;

const DESK_FACETS: DeskFacet[] = ['outlet', 'rule', 'lang', 'status', 'decision', 'story'];
const DESK_FIELDS: DeskField[] = [...DESK_FACETS, 'from', 'to', 'q', 'sort'];

function emptyState(): DeskState {
  return { outlet: '', rule: '', lang: '', status: '', decision: '', story: '', from: '', to: '', q: '', sort: '' };
}

/** What the filters read of an item beyond its record: its decision now and its search text. */
interface FilterSource {
  items: DeskItems;
  decisionOf(i: number): string;
  textOf(i: number): string;
}

function valuesOf(src: FilterSource, i: number, key: DeskFacet): string[] {
  const r = src.items.recs[i] as DeskRec;
  if (key === 'rule') return r.r;
  if (key === 'story') return r.st;
  if (key === 'decision') return [src.decisionOf(i)];
  return [key === 'outlet' ? r.o : key === 'lang' ? r.l : r.s];
}

/** Dates and words: the filters that have no counts. */
function passesRest(src: FilterSource, state: DeskState, i: number, words: string[]): boolean {
  const day = (src.items.recs[i] as DeskRec).day;
  if (state.from && (!day || day < state.from)) return false;
  if (state.to && (!day || day > state.to)) return false;
  if (words.length === 0) return true;
  const text = src.textOf(i);
  return words.every((w) => text.indexOf(w) >= 0);
}

/** The facet the item fails, '' when it passes all, null when it fails two or more. */
function failing(src: FilterSource, state: DeskState, i: number): DeskFacet | '' | null {
  let failed: DeskFacet | '' = '';
  for (const key of DESK_FACETS) {
    const want = state[key];
    if (!want || valuesOf(src, i, key).indexOf(want) >= 0) continue;
    if (failed) return null;
    failed = key;
  }
  return failed;
}

/** One pass: the items to show in the chosen order, and per facet the counts against every other active filter. */
function filterItems(src: FilterSource, state: DeskState): { view: number[]; counts: FacetCounts } {
  const words = foldText(state.q).split(/\s+/).filter(Boolean);
  const counts: FacetCounts = new Map(DESK_FACETS.map((k) => [k, new Map()]));
  const view: number[] = [];
  for (const i of state.sort === 'score' ? src.items.relevant : src.items.newest) {
    if (!passesRest(src, state, i, words)) continue;
    const failed = failing(src, state, i);
    if (failed === null) continue;
    if (failed === '') view.push(i);
    for (const key of DESK_FACETS) {
      if (failed !== '' && failed !== key) continue;
      const c = counts.get(key) as Map<string, number>;
      c.set('', (c.get('') ?? 0) + 1);
      for (const v of valuesOf(src, i, key)) c.set(v, (c.get(v) ?? 0) + 1);
    }
  }
  return { view, counts };
}
