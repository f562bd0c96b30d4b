// review.html's script: reads the items from the page's item block, filters, searches and sorts them as data, and shows
// only the cards on screen (vlist.ts). It never builds HTML from scraped data: a card's HTML was rendered and
// escaped by the server (review-assets/item.ts) and is put on screen as it came; everything else goes through
// textContent and data-* values. Decisions live in localStorage under a key per report. Timings for the
// benchmark: the mark `ww-first-items` when the first cards are on screen (the page's plain-HTML preview sets it
// as the parser passes it, long before this script runs on a large page), `ww-ready` when the live list has
// replaced the preview, and `data-apply-ms` on <html> after every filter change (filter, counts, cards on screen).
// This file holds the desk's state (the filters, the list shown, the item selected) and the page's events; the
// items (desk-items.ts), the filters (desk-filter.ts), the decisions (desk-decisions.ts) and the page outside the
// list (desk-view.ts) are in their own files.
// Part of the page script: concatenated with the other client files into one function by scripts/build-desk.ts.

/** The desk's state and what changes it. The URL's hash mirrors the filters and the selected item. */
class Desk {
  readonly state: DeskState = emptyState();
  /** Item numbers on the list, in order, and the selected item (-1: none). */
  view: number[] = [];
  current = -1;
  readonly texts: SearchTexts;
  readonly decisions: Decisions;
  readonly list: VirtualList;
  readonly header = document.querySelector('header.top') as HTMLElement;
  private readonly actions = byId('ww-actions') as HTMLTemplateElement;
  private readonly source: FilterSource;

  constructor(
    readonly data: DeskData,
    readonly items: DeskItems,
  ) {
    this.texts = searchTexts(items.cards);
    this.decisions = createDecisions(data, items.recs, say);
    this.source = { items, decisionOf: this.decisions.of, textOf: this.texts.textOf };
    this.list = createVirtualList(byId('vl'), items.recs.length, (i) => this.makeCard(i));
  }

  /** Filters, counts and the cards on screen, after any change of the filters or of a decision. */
  apply(): void {
    const t0 = performance.now();
    const { view, counts } = filterItems(this.source, this.state);
    this.view = view;
    const total = this.items.recs.length;
    showCounts(counts);
    byId('shown').textContent = String(view.length);
    byId('empty').hidden = view.length > 0 || total === 0;
    byId('none').hidden = total > 0;
    showStories(this.state.story);
    if (this.current >= 0 && view.indexOf(this.current) < 0) this.current = -1;
    this.list.setRows(view);
    this.list.render();
    document.documentElement.dataset.applyMs = (performance.now() - t0).toFixed(1);
  }

  private makeCard(i: number): HTMLElement {
    const el = document.createElement('article');
    el.className = 'item';
    el.tabIndex = -1;
    el.dataset.id = (this.items.recs[i] as DeskRec).id;
    el.innerHTML = this.items.cards[i] as string;
    el.appendChild(this.actions.content.cloneNode(true));
    showDecision(el, this.decisions.of(i), this.decisions.stored(i));
    if (i === this.current) el.classList.add('selected');
    return el;
  }

  select(i: number): void {
    for (const el of Array.from(document.querySelectorAll('article.item.selected'))) el.classList.remove('selected');
    this.current = i;
    if (i < 0) return;
    const pos = this.view.indexOf(i);
    if (pos < 0) return;
    this.list.reveal(pos, this.header.offsetHeight);
    const el = this.list.element(i);
    if (el) {
      el.classList.add('selected');
      el.focus({ preventScroll: true });
    }
  }

  /** The filters and the selected item from the URL's hash; a value no control offers is dropped. */
  readHash(): void {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    for (const key of DESK_FIELDS) {
      this.state[key] = params.get(key) ?? '';
      const c = control(key);
      if (c) {
        c.value = this.state[key];
        if (c.value !== this.state[key]) this.state[key] = c.value = '';
      }
    }
    const id = params.get('item');
    this.current = id !== null && this.items.indexOf.has(id) ? (this.items.indexOf.get(id) as number) : -1;
  }

  writeHash(): void {
    const params = new URLSearchParams();
    for (const key of DESK_FIELDS) if (this.state[key]) params.set(key, this.state[key]);
    if (this.current >= 0) params.set('item', (this.items.recs[this.current] as DeskRec).id);
    const hash = params.toString();
    try {
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    } catch {
      location.hash = hash;
    }
  }

  /** Selects an item by id (a story's member), clearing the filters (not the order) when they hide it. */
  reveal(id: string): void {
    const i = this.items.indexOf.get(id);
    if (i === undefined) return;
    if (this.view.indexOf(i) < 0) {
      for (const key of DESK_FIELDS)
        if (key !== 'sort') {
          this.state[key] = '';
          const c = control(key);
          if (c) c.value = '';
        }
      this.apply();
    }
    this.select(i);
    this.writeHash();
  }

  step(dir: number): void {
    const pos = this.current >= 0 ? this.view.indexOf(this.current) : dir > 0 ? -1 : this.view.length;
    const next = this.view[pos + dir];
    if (next === undefined) return;
    this.select(next);
    this.writeHash();
  }

  copyQuote(i: number): void {
    copyText((this.items.recs[i] as DeskRec).q, () => say(`Copied quote: ${this.headlineOf(i)}`));
  }

  private headlineOf(i: number): string {
    return this.list.element(i)?.querySelector('.headline')?.textContent ?? (this.items.recs[i] as DeskRec).id;
  }

  openArticle(i: number): void {
    const a = this.list.element(i)?.querySelector<HTMLAnchorElement>('a.open');
    if (a) window.open(a.href, '_blank', 'noopener,noreferrer');
    else say('This item has no web link');
  }

  decide(i: number, decision: string): void {
    this.decisions.toggle(i, decision);
    const el = this.list.element(i);
    if (el) showDecision(el, this.decisions.of(i), this.decisions.stored(i));
    this.apply();
  }

  exportDecisions(): void {
    const doc = this.decisions.exported(this.data);
    downloadJson('decisions.json', doc);
    say(`Exported ${doc.decisions.length} decisions`);
  }

  /** The item whose card holds `target`, or -1. */
  cardIndex(target: EventTarget | null): number {
    const el = (target as Element | null)?.closest<HTMLElement>('article.item');
    const i = el ? this.items.indexOf.get(el.dataset.id ?? '') : undefined;
    return i === undefined ? -1 : i;
  }
}

/** The filter bar: a changed control filters at once and shows the first results; Clear empties the hash. */
function listenFilters(desk: Desk): void {
  const filters = byId('filters');
  filters.addEventListener('input', (ev) => {
    const target = ev.target as HTMLInputElement;
    const key = target.dataset.facet as DeskField | undefined;
    if (!key) return;
    desk.state[key] = target.value;
    toListTop(desk.header);
    desk.apply();
    desk.writeHash();
  });
  filters.addEventListener('submit', (ev) => ev.preventDefault());
  byId('f-clear').addEventListener('click', () => {
    location.hash = '';
    desk.readHash();
    desk.apply();
    desk.writeHash();
  });
  byId('export-decisions').addEventListener('click', () => desk.exportDecisions());
}

/** A click on a card selects it, and its buttons copy the quote or set a decision; a comment is kept on change. A
 *  story's member selects its item. */
function listenCards(desk: Desk): void {
  byId('vl').addEventListener('click', (ev) => {
    const i = desk.cardIndex(ev.target);
    if (i < 0) return;
    if (i !== desk.current) {
      desk.select(i);
      desk.writeHash();
    }
    const act = (ev.target as Element).closest<HTMLElement>('button[data-act]');
    if (!act) return;
    if (act.dataset.act === 'copy') desk.copyQuote(i);
    else desk.decide(i, act.dataset.act ?? 'none');
  });
  byId('vl').addEventListener('change', (ev) => {
    const target = ev.target as HTMLInputElement;
    const i = desk.cardIndex(target);
    if (i >= 0 && target.classList.contains('comment')) desk.decisions.comment(i, target.value);
  });
  const storiesView = document.getElementById('stories-view');
  if (storiesView)
    storiesView.addEventListener('click', (ev) => {
      const target = ev.target as Element;
      const li = target.closest<HTMLElement>('li.st-member');
      if (li && !target.closest('a')) desk.reveal(li.dataset.itemId ?? '');
    });
}

/** j / k move the selection, o opens the selected article, c copies its quote, / goes to the search; Escape
 *  leaves a control. Keys with a modifier are the browser's. */
function listenKeys(desk: Desk): void {
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const target = ev.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') {
      if (ev.key === 'Escape') target.blur();
      return;
    }
    if (ev.key === 'j') desk.step(1);
    else if (ev.key === 'k') desk.step(-1);
    else if (ev.key === 'o' && desk.current >= 0) desk.openArticle(desk.current);
    else if (ev.key === 'c' && desk.current >= 0) desk.copyQuote(desk.current);
    else if (ev.key === '/') control('q')?.focus();
    else return;
    ev.preventDefault();
  });
}

/** The hash edited by hand or by history, decisions changed in another tab, and the list kept on screen while
 *  scrolling (one render per frame). */
function listenWindow(desk: Desk): void {
  window.addEventListener('hashchange', () => {
    desk.readHash();
    desk.apply();
    desk.select(desk.current);
  });
  window.addEventListener('storage', (ev) => {
    if (ev.key !== desk.decisions.key) return;
    desk.decisions.reload();
    desk.apply();
  });
  let pending = false;
  const onScroll = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      desk.list.render();
    });
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onScroll);
}

function startDesk(): void {
  const data = JSON.parse(byId('ww-data').textContent ?? '{}') as DeskData;
  const desk = new Desk(data, readItems());
  listenFilters(desk);
  listenCards(desk);
  listenKeys(desk);
  listenWindow(desk);
  desk.readHash();
  desk.apply();
  desk.select(desk.current);
  // The page's preview (review.ts) marked the first items already when it had any; the live list is ready now.
  if (performance.getEntriesByName('ww-first-items').length === 0) performance.mark('ww-first-items');
  performance.mark('ww-ready');
  document.documentElement.dataset.ready = '1';
  setTimeout(() => desk.texts.prepare(0), 0);
}
