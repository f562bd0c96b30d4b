// Outlets: one newsroom behind several sources (its language editions). sources.json declares each source's
// outlet (its `outlet` field, the newsletter's name for it); the order in which outlets first appear there is
// their display order (as shipped: the Russian side, then the Chinese side). A source no declaration covers
// (a source retired from sources.json whose items are still within the retention window, a test's) is its
// own outlet, shown under the source's name.

export interface StoryOutlets {
  /** Source id → outlet; a source not declared is its own outlet. */
  outletOf: (sourceId: string) => string;
  /** The declared outlets in display order; each is shown by its own name. */
  outletOrder: readonly string[];
}

/** The outlets sources.json declares, for buildStories. */
export function storyOutlets(sources: readonly { id: string; outlet: string }[]): StoryOutlets {
  const bySource = new Map(sources.map((s) => [s.id, s.outlet] as const));
  return { outletOf: (id) => bySource.get(id) ?? id, outletOrder: [...new Set(sources.map((s) => s.outlet))] };
}

/** No declarations: every source is its own outlet. */
export const OWN_OUTLETS: StoryOutlets = { outletOf: (id) => id, outletOrder: [] };

/** Sort: declared outlets in display order, then the rest alphabetically. */
export function outletComparator(order: readonly string[]): (a: string, b: string) => number {
  const rank = (o: string) => {
    const i = order.indexOf(o);
    return i < 0 ? order.length : i;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** "A", "A and B", "A, B and C". */
export function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
