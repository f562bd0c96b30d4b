// What the desk writes to the page outside the list: the status line, the filter bar's counts, which stories the
// story view shows, a card's decision buttons and comment, and copying a quote. Everything goes through
// textContent, attributes and data-* values; nothing here builds HTML.
// Part of the page script: concatenated with the other client files into one function by scripts/build-desk.ts.

function say(msg: string): void {
  byId('status').textContent = msg;
}

function control(key: DeskField): HTMLInputElement | HTMLSelectElement | null {
  return document.getElementById(`f-${key}`) as HTMLInputElement | HTMLSelectElement | null;
}

/** Each facet option's label with its count, e.g. "TASS (12)"; untouched where it already reads so. */
function showCounts(counts: FacetCounts): void {
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

/** With a story chosen, the story view shows that story alone, open. */
function showStories(story: string): void {
  const view = document.getElementById('stories-view') as HTMLDetailsElement | null;
  if (!view) return;
  for (const st of Array.from(view.querySelectorAll<HTMLElement>('article.st-story'))) {
    st.hidden = Boolean(story) && encodeURIComponent(st.dataset.storyId ?? '') !== story;
  }
  if (story) view.open = true;
}

/** A card's decision (its buttons pressed or not) and its stored comment. */
function showDecision(el: HTMLElement, decision: string, entry: StoredDecision | undefined): void {
  el.dataset.decision = decision;
  for (const b of Array.from(el.querySelectorAll<HTMLElement>('.actions button[data-act]'))) {
    if (b.dataset.act !== 'copy') b.setAttribute('aria-pressed', String(b.dataset.act === decision));
  }
  const input = el.querySelector<HTMLInputElement>('.comment');
  if (input && entry && typeof entry.comment === 'string') input.value = entry.comment;
}

/** A changed filter shows its first results: back to the top when the window is scrolled into the list. */
function toListTop(header: HTMLElement): void {
  const vl = byId('vl');
  const listTop = vl.getBoundingClientRect().top + window.scrollY - header.offsetHeight;
  if (window.scrollY > listTop) window.scrollTo(0, Math.max(0, listTop));
}

/** The clipboard API where the page may use it (not always from file://), else a selected textarea. */
function copyText(text: string, done: () => void): void {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, () => (legacyCopy(text) ? done() : say('Copy failed')));
  } else if (legacyCopy(text)) done();
  else say('Copy failed');
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
