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
  return new VList(host, totalKeys, make);
}

class VList implements VirtualList {
  /** Per item key: its measured height, or the estimate until it has been on screen. */
  private readonly heights: Float64Array;
  private keys: number[] = [];
  /** offsets[pos]: the top of row pos within the host; offsets[keys.length] is the list's height. */
  private offsets = new Float64Array(1);
  private shown = new Map<number, HTMLElement>();
  /** The margin below a card, read from the first card measured. */
  private gapPx = -1;

  constructor(
    private readonly host: HTMLElement,
    totalKeys: number,
    private readonly make: (key: number) => HTMLElement,
  ) {
    this.heights = new Float64Array(totalKeys).fill(VL_ESTIMATE_PX);
  }

  setRows(list: number[]): void {
    this.keys = list;
    this.layout();
  }

  render(): void {
    // Measured heights can pull more cards into range; two more passes settle it in practice.
    for (let pass = 0; pass < 3 && this.renderOnce(); pass++);
  }

  reveal(pos: number, coveredTopPx: number): void {
    for (let pass = 0; pass < 2; pass++) {
      const rowTop = this.hostTop() + (this.offsets[pos] as number);
      const rowBottom = this.hostTop() + (this.offsets[pos + 1] as number);
      const viewTop = window.scrollY + coveredTopPx;
      if (rowTop < viewTop) window.scrollTo(0, rowTop - coveredTopPx - 8);
      else if (rowBottom > window.scrollY + window.innerHeight)
        window.scrollTo(0, Math.min(rowTop - coveredTopPx - 8, rowBottom - window.innerHeight + 8));
      this.render();
    }
  }

  element(key: number): HTMLElement | undefined {
    return this.shown.get(key);
  }

  private layout(): void {
    const { keys, heights } = this;
    const offsets = new Float64Array(keys.length + 1);
    for (let pos = 0; pos < keys.length; pos++) offsets[pos + 1] = (offsets[pos] as number) + (heights[keys[pos] as number] as number);
    this.offsets = offsets;
  }

  /** First position whose bottom edge is below `y`. */
  private firstBelow(y: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.offsets[mid + 1] as number) <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private hostTop(): number {
    return this.host.getBoundingClientRect().top + window.scrollY;
  }

  private place(wanted: HTMLElement[]): void {
    const { host } = this;
    const keep = new Set(wanted);
    for (const el of Array.from(host.children)) if (!keep.has(el as HTMLElement)) el.remove();
    let cursor = host.firstElementChild;
    for (const el of wanted) {
      if (el === cursor) cursor = cursor.nextElementSibling;
      else host.insertBefore(el, cursor);
    }
  }

  /** Measures the cards on screen; true when an estimate or an old height changed. */
  private measure(): boolean {
    let changed = false;
    for (const [key, el] of this.shown) {
      if (this.gapPx < 0) this.gapPx = parseFloat(getComputedStyle(el).marginBottom) || 0;
      const h = el.offsetHeight + this.gapPx;
      if (h > 0 && Math.abs(h - (this.heights[key] as number)) > 0.5) {
        this.heights[key] = h;
        changed = true;
      }
    }
    return changed;
  }

  private pad(first: number, last: number): void {
    const { offsets } = this;
    this.host.style.paddingTop = `${offsets[first] as number}px`;
    this.host.style.paddingBottom = `${(offsets[this.keys.length] as number) - (offsets[last] as number)}px`;
  }

  private renderOnce(): boolean {
    // After a filter shortened the list the window may still be scrolled past its end (the browser clamps the
    // scroll only after this layout): show the end of the list then, not nothing.
    const { keys, offsets } = this;
    const total = offsets[keys.length] as number;
    const top = Math.max(0, Math.min(window.scrollY - this.hostTop(), total - window.innerHeight));
    const first = this.firstBelow(top - VL_OVERSCAN_PX);
    let last = first;
    while (last < keys.length && (offsets[last] as number) < top + window.innerHeight + VL_OVERSCAN_PX) last++;
    const next = new Map<number, HTMLElement>();
    const wanted: HTMLElement[] = [];
    for (let pos = first; pos < last; pos++) {
      const key = keys[pos] as number;
      const el = this.shown.get(key) ?? this.make(key);
      next.set(key, el);
      wanted.push(el);
    }
    this.shown = next;
    this.pad(first, last);
    this.place(wanted);
    if (!this.measure()) return false;
    this.layout();
    this.pad(first, last);
    return true;
  }
}
