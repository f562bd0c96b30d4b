// Stable story ids. A story keeps the id of the previous run's story it shares the most members with (each
// previous id goes to at most one new story, largest overlap first); a story with no such predecessor is named
// after its earliest member ("story-<candidate id>"), with "-2", "-3" … only if that name is already taken.
// So an item joining a story, even an earlier one, never renames it.

import type { PreviousStory } from './types.js';

export const STORY_ID_PREFIX = 'story-';

interface Overlap {
  cluster: number;
  previousId: string;
  shared: number;
}

/** `clusters[k]` lists the member ids of new story k, earliest first. Returns one id per cluster. */
export function assignStoryIds(clusters: readonly (readonly string[])[], previous: readonly PreviousStory[] = []): string[] {
  const previousOf = new Map<string, string>();
  for (const story of previous) for (const m of story.items) previousOf.set(m.id, story.id);
  const overlaps: Overlap[] = [];
  clusters.forEach((members, cluster) => {
    const counts = new Map<string, number>();
    for (const id of members) {
      const prev = previousOf.get(id);
      if (prev !== undefined) counts.set(prev, (counts.get(prev) ?? 0) + 1);
    }
    for (const [previousId, shared] of counts) overlaps.push({ cluster, previousId, shared });
  });
  overlaps.sort(
    (a, b) => b.shared - a.shared || (a.previousId < b.previousId ? -1 : a.previousId > b.previousId ? 1 : a.cluster - b.cluster),
  );
  const ids: (string | undefined)[] = clusters.map(() => undefined);
  const taken = new Set<string>();
  for (const o of overlaps) {
    if (ids[o.cluster] !== undefined || taken.has(o.previousId)) continue;
    ids[o.cluster] = o.previousId;
    taken.add(o.previousId);
  }
  return clusters.map((members, k) => {
    const carried = ids[k];
    if (carried !== undefined) return carried;
    const base = `${STORY_ID_PREFIX}${members[0] ?? k}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}
