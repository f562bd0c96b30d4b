// review.html's script: reads the items from the page's item block, filters, searches and sorts them as data, and shows
// only the cards on screen (vlist.ts). It never builds HTML from scraped data: a card's HTML was rendered and
// escaped by the server (review-assets/item.ts) and is put on screen as it came; everything else goes through
// textContent and data-* values. Decisions live in localStorage under a key per report. Timings for the
// benchmark: the mark `ww-first-items` when the first cards are on screen (the page's plain-HTML preview sets it
// as the parser passes it, long before this script runs on a large page), `ww-ready` when the live list has
// replaced the preview, and `data-apply-ms` on <html> after every filter change (filter, counts, cards on screen).
// Part of the page script: concatenated with vlist.ts into one function by scripts/build-desk.ts.

interface DeskRec {
  id: string;
  q: string;
  o: string;
  r: string[];
  l: string;
  s: string;
  d: string;
  day: string;
  /** Not in the item block: set from the story island (review.ts storyIsland). */
  st: string[];
  t: number;
  sc: number;
}
interface DeskData {
  report: string;
  generatedAt: string;
}
interface StoredDecision {
  decision?: string;
  comment?: string;
  at?: string;
}
type DeskFacet = 'outlet' | 'rule' | 'lang' | 'status' | 'decision' | 'story';
type DeskField = DeskFacet | 'from' | 'to' | 'q' | 'sort';

const DESK_FACETS: DeskFacet[] = ['outlet', 'rule', 'lang', 'status', 'decision', 'story'];
const DESK_FIELDS: DeskField[] = [...DESK_FACETS, 'from', 'to', 'q', 'sort'];
/** Search texts are prepared this many items at a time while the page is idle. */
const DESK_TEXT_SLICE = 2000;

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`review.html: #${id} is missing`);
  return el;
}

function foldText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\u0451/g, '\u0435');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** The searchable parts of a card (outlet, headline, excerpts, credit) as text: the server escaped every value,
 * so no `<` inside a part is data and stripping tags is exact. */
function cardText(h: string): string {
  const parts =
    h.match(/<span class="outlet">[\s\S]*?<\/span>|<h2[\s\S]*?<\/h2>|<blockquote[\s\S]*?<\/blockquote>|<p class="credit">[\s\S]*?<\/p>/g) ??
    [];
  return parts.map((p) => p.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)).join(' ');
}

function startDesk(): void {
  const root = document.documentElement;
  const data = JSON.parse(byId('ww-data').textContent ?? '{}') as DeskData;
  const recs: DeskRec[] = [];
  const cards: string[] = [];
  // The item block (review.ts deskItemText): per item its record as JSON, U+001F, its card's HTML, U+001E.
  for (const part of (byId('ww-items').textContent ?? '').split('\u001e')) {
    const sep = part.indexOf('\u001f');
    if (sep < 0) continue;
    recs.push(JSON.parse(part.slice(0, sep)) as DeskRec);
    cards.push(part.slice(sep + 1));
  }
  // Each item's stories: id → story tokens, listed for the items in at least one story.
  const storyTokens = JSON.parse(byId('ww-story-items').textContent || '{}') as Record<string, string[]>;
  for (const r of recs) r.st = Object.hasOwn(storyTokens, r.id) ? (storyTokens[r.id] as string[]) : [];
  const newest = recs.map((_r, i) => i).sort((a, b) => (recs[b] as DeskRec).t - (recs[a] as DeskRec).t || cmpId(a, b));
  const rank = new Map(newest.map((k, pos) => [k, pos]));
  const relevant = newest
    .slice()
    .sort((a, b) => (recs[b] as DeskRec).sc - (recs[a] as DeskRec).sc || (rank.get(a) as number) - (rank.get(b) as number));
  const indexOf = new Map(recs.map((r, i) => [r.id, i]));
  const KEY = `wirewatch:decisions:${data.report}`;
  const state: Record<DeskField, string> = {
    outlet: '',
    rule: '',
    lang: '',
    status: '',
    decision: '',
    story: '',
    from: '',
    to: '',
    q: '',
    sort: '',
  };
  const texts: (string | undefined)[] = new Array(recs.length);
  const actions = byId('ww-actions') as HTMLTemplateElement;
  const header = document.querySelector('header.top') as HTMLElement;
  let stored = loadDecisions();
  let view: number[] = [];
  let current = -1;

  function cmpId(a: number, b: number): number {
    const x = (recs[a] as DeskRec).id;
    const y = (recs[b] as DeskRec).id;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function loadDecisions(): Record<string, StoredDecision> {
    try {
      const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
      return v && typeof v === 'object' ? (v as Record<string, StoredDecision>) : {};
    } catch {
      return {};
    }
  }
  function save(): void {
    try {
      localStorage.setItem(KEY, JSON.stringify(stored));
    } catch (e) {
      say(`Could not save decisions: ${(e as Error).message}`);
    }
  }
  function say(msg: string): void {
    byId('status').textContent = msg;
  }
  function control(key: DeskField): HTMLInputElement | HTMLSelectElement | null {
    return document.getElementById(`f-${key}`) as HTMLInputElement | HTMLSelectElement | null;
  }
  function decisionOf(i: number): string {
    const entry = stored[(recs[i] as DeskRec).id];
    return entry && entry.decision ? entry.decision : (recs[i] as DeskRec).d;
  }
  function valuesOf(i: number, key: DeskFacet): string[] {
    const r = recs[i] as DeskRec;
    if (key === 'rule') return r.r;
    if (key === 'story') return r.st;
    if (key === 'decision') return [decisionOf(i)];
    return [key === 'outlet' ? r.o : key === 'lang' ? r.l : r.s];
  }
  function textOf(i: number): string {
    let t = texts[i];
    if (t === undefined) t = texts[i] = foldText(cardText(cards[i] as string));
    return t;
  }
  /** Dates and words: the filters that have no counts. */
  function passesRest(i: number, words: string[]): boolean {
    const day = (recs[i] as DeskRec).day;
    if (state.from && (!day || day < state.from)) return false;
    if (state.to && (!day || day > state.to)) return false;
    if (words.length === 0) return true;
    const text = textOf(i);
    return words.every((w) => text.indexOf(w) >= 0);
  }
  /** The facet the item fails, '' when it passes all, null when it fails two or more. */
  function failing(i: number): DeskFacet | '' | null {
    let failed: DeskFacet | '' = '';
    for (const key of DESK_FACETS) {
      const want = state[key];
      if (!want || valuesOf(i, key).indexOf(want) >= 0) continue;
      if (failed) return null;
      failed = key;
    }
    return failed;
  }
  /** One pass: the list, and per facet the counts against every other active filter. */
  function apply(): void {
    const t0 = performance.now();
    const words = foldText(state.q).split(/\s+/).filter(Boolean);
    const counts = new Map<DeskFacet, Map<string, number>>(DESK_FACETS.map((k) => [k, new Map()]));
    const order = state.sort === 'score' ? relevant : newest;
    view = [];
    for (const i of order) {
      if (!passesRest(i, words)) continue;
      const failed = failing(i);
      if (failed === null) continue;
      if (failed === '') view.push(i);
      for (const key of DESK_FACETS) {
        if (failed !== '' && failed !== key) continue;
        const c = counts.get(key) as Map<string, number>;
        c.set('', (c.get('') ?? 0) + 1);
        for (const v of valuesOf(i, key)) c.set(v, (c.get(v) ?? 0) + 1);
      }
    }
    showCounts(counts);
    byId('shown').textContent = String(view.length);
    byId('empty').hidden = view.length > 0 || recs.length === 0;
    byId('none').hidden = recs.length > 0;
    showStories();
    if (current >= 0 && view.indexOf(current) < 0) current = -1;
    list.setRows(view);
    list.render();
    root.dataset.applyMs = (performance.now() - t0).toFixed(1);
  }
  function showCounts(counts: Map<DeskFacet, Map<string, number>>): void {
    for (const key of DESK_FACETS) {
      const sel = control(key) as HTMLSelectElement | null;
      if (!sel) continue;
      const c = counts.get(key) as Map<string, number>;
      for (const opt of Array.from(sel.options)) {
        const text = `${opt.dataset.label ?? ''} (${c.get(opt.value) ?? 0})`;
        if (opt.textContent !== text) opt.textContent = text;
      }
    }
  }
  function showStories(): void {
    const view = document.getElementById('stories-view') as HTMLDetailsElement | null;
    if (!view) return;
    for (const st of Array.from(view.querySelectorAll<HTMLElement>('article.st-story'))) {
      st.hidden = Boolean(state.story) && encodeURIComponent(st.dataset.storyId ?? '') !== state.story;
    }
    if (state.story) view.open = true;
  }
  function makeCard(i: number): HTMLElement {
    const r = recs[i] as DeskRec;
    const el = document.createElement('article');
    el.className = 'item';
    el.tabIndex = -1;
    el.dataset.id = r.id;
    el.innerHTML = cards[i] as string;
    el.appendChild(actions.content.cloneNode(true));
    showDecision(el, i);
    if (i === current) el.classList.add('selected');
    return el;
  }
  function showDecision(el: HTMLElement, i: number): void {
    const decision = decisionOf(i);
    el.dataset.decision = decision;
    for (const b of Array.from(el.querySelectorAll<HTMLElement>('.actions button[data-act]'))) {
      if (b.dataset.act !== 'copy') b.setAttribute('aria-pressed', String(b.dataset.act === decision));
    }
    const entry = stored[(recs[i] as DeskRec).id];
    const input = el.querySelector<HTMLInputElement>('.comment');
    if (input && entry && typeof entry.comment === 'string') input.value = entry.comment;
  }
  function select(i: number): void {
    for (const el of Array.from(document.querySelectorAll('article.item.selected'))) el.classList.remove('selected');
    current = i;
    if (i < 0) return;
    const pos = view.indexOf(i);
    if (pos < 0) return;
    list.reveal(pos, header.offsetHeight);
    const el = list.element(i);
    if (el) {
      el.classList.add('selected');
      el.focus({ preventScroll: true });
    }
  }
  function readHash(): void {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    for (const key of DESK_FIELDS) {
      state[key] = params.get(key) ?? '';
      const c = control(key);
      if (c) {
        c.value = state[key];
        if (c.value !== state[key]) state[key] = c.value = '';
      }
    }
    const id = params.get('item');
    current = id !== null && indexOf.has(id) ? (indexOf.get(id) as number) : -1;
  }
  function writeHash(): void {
    const params = new URLSearchParams();
    for (const key of DESK_FIELDS) if (state[key]) params.set(key, state[key]);
    if (current >= 0) params.set('item', (recs[current] as DeskRec).id);
    const hash = params.toString();
    try {
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    } catch {
      location.hash = hash;
    }
  }
  function reveal(id: string): void {
    const i = indexOf.get(id);
    if (i === undefined) return;
    if (view.indexOf(i) < 0) {
      for (const key of DESK_FIELDS)
        if (key !== 'sort') {
          state[key] = '';
          const c = control(key);
          if (c) c.value = '';
        }
      apply();
    }
    select(i);
    writeHash();
  }
  /** A changed filter shows its first results: back to the top when the window is scrolled into the list. */
  function toListTop(): void {
    const vl = byId('vl');
    const listTop = vl.getBoundingClientRect().top + window.scrollY - header.offsetHeight;
    if (window.scrollY > listTop) window.scrollTo(0, Math.max(0, listTop));
  }
  function step(dir: number): void {
    const pos = current >= 0 ? view.indexOf(current) : dir > 0 ? -1 : view.length;
    const next = view[pos + dir];
    if (next === undefined) return;
    select(next);
    writeHash();
  }
  function copyQuote(i: number): void {
    const r = recs[i] as DeskRec;
    const done = (): void => say(`Copied quote: ${cardHeadline(i)}`);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(r.q).then(done, () => (legacyCopy(r.q) ? done() : say('Copy failed')));
    } else if (legacyCopy(r.q)) done();
    else say('Copy failed');
  }
  function cardHeadline(i: number): string {
    const el = list.element(i);
    return el?.querySelector('.headline')?.textContent ?? (recs[i] as DeskRec).id;
  }
  function legacyCopy(text: string): boolean {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
  function openArticle(i: number): void {
    const a = list.element(i)?.querySelector<HTMLAnchorElement>('a.open');
    if (a) window.open(a.href, '_blank', 'noopener,noreferrer');
    else say('This item has no web link');
  }
  function decide(i: number, decision: string): void {
    const id = (recs[i] as DeskRec).id;
    const entry = stored[id] ?? {};
    entry.decision = decisionOf(i) === decision ? 'none' : decision;
    entry.at = new Date().toISOString();
    stored[id] = entry;
    save();
    const el = list.element(i);
    if (el) showDecision(el, i);
    apply();
  }
  function comment(i: number, text: string): void {
    const id = (recs[i] as DeskRec).id;
    const entry = stored[id] ?? { decision: decisionOf(i) };
    entry.comment = text;
    entry.at = new Date().toISOString();
    stored[id] = entry;
    save();
  }
  function exportDecisions(): void {
    const out: { id: string; decision: string; at: string; comment?: string }[] = [];
    recs.forEach((r, i) => {
      const entry = stored[r.id];
      const d = decisionOf(i);
      if (!entry || d === 'none') return;
      out.push({ id: r.id, decision: d, at: entry.at ?? data.generatedAt, ...(entry.comment ? { comment: entry.comment } : {}) });
    });
    const doc = {
      schemaVersion: 1,
      report: data.report,
      generatedAt: data.generatedAt,
      exportedAt: new Date().toISOString(),
      decisions: out,
    };
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'decisions.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(`Exported ${out.length} decisions`);
  }
  function cardIndex(target: EventTarget | null): number {
    const el = (target as Element | null)?.closest<HTMLElement>('article.item');
    const i = el ? indexOf.get(el.dataset.id ?? '') : undefined;
    return i === undefined ? -1 : i;
  }
  /** Search texts for every item in slices while the page is idle, so the first search does not pay for them. */
  function prepareTexts(from: number): void {
    const end = Math.min(recs.length, from + DESK_TEXT_SLICE);
    for (let i = from; i < end; i++) textOf(i);
    if (end < recs.length) setTimeout(() => prepareTexts(end), 0);
  }

  const list = createVirtualList(byId('vl'), recs.length, makeCard);
  const filters = byId('filters');
  filters.addEventListener('input', (ev) => {
    const target = ev.target as HTMLInputElement;
    const key = target.dataset.facet as DeskField | undefined;
    if (!key) return;
    state[key] = target.value;
    toListTop();
    apply();
    writeHash();
  });
  filters.addEventListener('submit', (ev) => ev.preventDefault());
  byId('f-clear').addEventListener('click', () => {
    location.hash = '';
    readHash();
    apply();
    writeHash();
  });
  byId('export-decisions').addEventListener('click', exportDecisions);
  byId('vl').addEventListener('click', (ev) => {
    const i = cardIndex(ev.target);
    if (i < 0) return;
    if (i !== current) {
      select(i);
      writeHash();
    }
    const act = (ev.target as Element).closest<HTMLElement>('button[data-act]');
    if (!act) return;
    if (act.dataset.act === 'copy') copyQuote(i);
    else decide(i, act.dataset.act ?? 'none');
  });
  byId('vl').addEventListener('change', (ev) => {
    const target = ev.target as HTMLInputElement;
    const i = cardIndex(target);
    if (i >= 0 && target.classList.contains('comment')) comment(i, target.value);
  });
  const storiesView = document.getElementById('stories-view');
  if (storiesView)
    storiesView.addEventListener('click', (ev) => {
      const target = ev.target as Element;
      const li = target.closest<HTMLElement>('li.st-member');
      if (li && !target.closest('a')) reveal(li.dataset.itemId ?? '');
    });
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const target = ev.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') {
      if (ev.key === 'Escape') target.blur();
      return;
    }
    if (ev.key === 'j') step(1);
    else if (ev.key === 'k') step(-1);
    else if (ev.key === 'o' && current >= 0) openArticle(current);
    else if (ev.key === 'c' && current >= 0) copyQuote(current);
    else if (ev.key === '/') control('q')?.focus();
    else return;
    ev.preventDefault();
  });
  window.addEventListener('hashchange', () => {
    readHash();
    apply();
    select(current);
  });
  window.addEventListener('storage', (ev) => {
    if (ev.key !== KEY) return;
    stored = loadDecisions();
    apply();
  });
  let pending = false;
  const onScroll = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      list.render();
    });
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onScroll);
  readHash();
  apply();
  select(current);
  // The page's preview (review.ts) marked the first items already when it had any; the live list is ready now.
  if (performance.getEntriesByName('ww-first-items').length === 0) performance.mark('ww-first-items');
  performance.mark('ww-ready');
  root.dataset.ready = '1';
  setTimeout(() => prepareTexts(0), 0);
}
