// The review page's virtual list: of a list of thousands of cards of varying height, only those on screen (and a
// margin above and below) are in the DOM; padding above and below stands in for the rest. Heights start as an
// estimate and are replaced by measured ones as cards are shown, kept per item across filter changes. The
// window scrolls (the filter bar is sticky), so positions are relative to the host element's top.
// Part of the page script: concatenated with the other client files into one function by scripts/build-desk.ts.

/** Pixels rendered beyond the viewport on each side, so a short scroll shows cards already laid out. */
const VL_OVERSCAN_PX = 900;
/** A card's height before it was measured: about a card with one excerpt. */
const VL_ESTIMATE_PX = 230;

interface VirtualList {
  /** The rows now listed: `keys[pos]` is the item shown at position pos (heights are kept per key). */
  setRows(keys: number[]): void;
  /** Puts the cards in range on screen and measures them. */
  render(): void;
  /** Scrolls the least distance that shows row `pos` whole below `coveredTopPx`, then renders. */
  reveal(pos: number, coveredTopPx: number): void;
  /** The card element of an item key if it is on screen now. */
  element(key: number): HTMLElement | undefined;
}

function createVirtualList(host: HTMLElement, totalKeys: number, make: (key: number) => HTMLElement): VirtualList {
  const heights = new Float64Array(totalKeys).fill(VL_ESTIMATE_PX);
  let keys: number[] = [];
  let offsets = new Float64Array(1);
  let shown = new Map<number, HTMLElement>();
  let gapPx = -1;

  function layout(): void {
    offsets = new Float64Array(keys.length + 1);
    for (let pos = 0; pos < keys.length; pos++) offsets[pos + 1] = (offsets[pos] as number) + (heights[keys[pos] as number] as number);
  }

  /** First position whose bottom edge is below `y`. */
  function firstBelow(y: number): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((offsets[mid + 1] as number) <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function hostTop(): number {
    return host.getBoundingClientRect().top + window.scrollY;
  }

  function place(wanted: HTMLElement[]): void {
    const keep = new Set(wanted);
    for (const el of Array.from(host.children)) if (!keep.has(el as HTMLElement)) el.remove();
    let cursor = host.firstElementChild;
    for (const el of wanted) {
      if (el === cursor) cursor = cursor.nextElementSibling;
      else host.insertBefore(el, cursor);
    }
  }

  /** Measures the cards on screen; true when an estimate or an old height changed. */
  function measure(): boolean {
    let changed = false;
    for (const [key, el] of shown) {
      if (gapPx < 0) gapPx = parseFloat(getComputedStyle(el).marginBottom) || 0;
      const h = el.offsetHeight + gapPx;
      if (h > 0 && Math.abs(h - (heights[key] as number)) > 0.5) {
        heights[key] = h;
        changed = true;
      }
    }
    return changed;
  }

  function pad(first: number, last: number): void {
    host.style.paddingTop = `${offsets[first] as number}px`;
    host.style.paddingBottom = `${(offsets[keys.length] as number) - (offsets[last] as number)}px`;
  }

  function renderOnce(): boolean {
    // After a filter shortened the list the window may still be scrolled past its end (the browser clamps the
    // scroll only after this layout): show the end of the list then, not nothing.
    const total = offsets[keys.length] as number;
    const top = Math.max(0, Math.min(window.scrollY - hostTop(), total - window.innerHeight));
    const first = firstBelow(top - VL_OVERSCAN_PX);
    let last = first;
    while (last < keys.length && (offsets[last] as number) < top + window.innerHeight + VL_OVERSCAN_PX) last++;
    const next = new Map<number, HTMLElement>();
    const wanted: HTMLElement[] = [];
    for (let pos = first; pos < last; pos++) {
      const key = keys[pos] as number;
      const el = shown.get(key) ?? make(key);
      next.set(key, el);
      wanted.push(el);
    }
    shown = next;
    pad(first, last);
    place(wanted);
    if (!measure()) return false;
    layout();
    pad(first, last);
    return true;
  }

  function render(): void {
    // Measured heights can pull more cards into range; two more passes settle it in practice.
    for (let pass = 0; pass < 3 && renderOnce(); pass++);
  }

  return {
    setRows(list) {
      keys = list;
      layout();
    },
    render,
    reveal(pos, coveredTopPx) {
      for (let pass = 0; pass < 2; pass++) {
        const rowTop = hostTop() + (offsets[pos] as number);
        const rowBottom = hostTop() + (offsets[pos + 1] as number);
        const viewTop = window.scrollY + coveredTopPx;
        if (rowTop < viewTop) window.scrollTo(0, rowTop - coveredTopPx - 8);
        else if (rowBottom > window.scrollY + window.innerHeight)
          window.scrollTo(0, Math.min(rowTop - coveredTopPx - 8, rowBottom - window.innerHeight + 8));
        render();
      }
    },
    element: (key) => shown.get(key),
  };
}
