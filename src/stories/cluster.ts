// Average-link agglomerative clustering over sparse pair scores, with a time-span limit.
//
// Guarantees: two groups merge only when the MEAN score over all their cross pairs reaches `threshold`
// (one strong pair cannot drag in an unrelated story: no single-link chaining), and no group ever spans more
// than `windowMs` from its first to its last member. A pair missing from `scores` counts as 0 in the mean.
// Ties break on input order, so the result is deterministic.
//
// Sparse: groups with no positive pair between them have mean 0 < threshold and never merge, so the graph of
// positive pairs is cut into connected components first and each is clustered on its own; within one, a group
// only looks at the groups it has positive pairs with. Merge order and tie-breaks are those of the dense
// all-pairs algorithm this replaces (the highest best-neighbour mean merges first, the lower index on ties,
// each group's best neighbour cached and refreshed when it merges), so the groups are the same
// (tests/stories/scale.test.ts checks it against that algorithm). Cost: O(edges · log) per component.

import { pairKey, type PairScores } from './pair-scores.js';

export { pairKey };

export interface ClusterInput {
  /** Positive pair scores over n = timesMs.length items; a missing pair scores 0. */
  scores: PairScores;
  /** Item times (ms), in input order. */
  timesMs: readonly number[];
  /** Must be > 0: a mean of 0 (no evidence at all) never merges. */
  threshold: number;
  windowMs: number;
}

interface Group {
  members: number[];
  minMs: number;
  maxMs: number;
  /** Sum of pair scores to each neighbouring group (by its lowest index); only positive sums are kept. */
  sums: Map<number, number>;
  best: number;
  bestScore: number;
}

/** Groups of input indices; each group's indices ascending, groups ordered by their first index. */
export function averageLinkClusters(input: ClusterInput): number[][] {
  if (!(input.threshold > 0)) throw new RangeError(`averageLinkClusters: threshold must be > 0, got ${input.threshold}`);
  const n = input.timesMs.length;
  const sums = input.timesMs.map(() => new Map<number, number>());
  for (let k = 0; k < input.scores.keys.length; k++) {
    const key = input.scores.keys[k] as number;
    const s = input.scores.scores[k] as number;
    const i = Math.floor(key / n);
    const j = key - i * n;
    if (!(s > 0) || i === j || j >= n) continue;
    sums[i]?.set(j, s);
    sums[j]?.set(i, s);
  }
  const out: number[][] = [];
  for (const component of components(sums)) {
    if (component.length === 1) out.push(component);
    else out.push(...clusterComponent(component, sums, input));
  }
  return out.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Connected components of the positive-pair graph, each ascending. */
function components(adjacent: readonly Map<number, number>[]): number[][] {
  const seen = new Uint8Array(adjacent.length);
  const out: number[][] = [];
  for (let start = 0; start < adjacent.length; start++) {
    if (seen[start]) continue;
    seen[start] = 1;
    const component = [start];
    for (let k = 0; k < component.length; k++) {
      for (const j of adjacent[component[k] as number]?.keys() ?? []) {
        if (seen[j]) continue;
        seen[j] = 1;
        component.push(j);
      }
    }
    out.push(component.sort((a, b) => a - b));
  }
  return out;
}

function clusterComponent(component: readonly number[], sums: readonly Map<number, number>[], input: ClusterInput): number[][] {
  const groups = new Map<number, Group>();
  for (const i of component) {
    const t = input.timesMs[i] ?? Number.NaN;
    groups.set(i, { members: [i], minMs: t, maxMs: t, sums: sums[i] ?? new Map(), best: -1, bestScore: -1 });
  }
  const queue = new BestQueue();
  const mean = (gi: Group, j: number): number => {
    const gj = groups.get(j);
    if (!gj) return -1;
    if (Math.max(gi.maxMs, gj.maxMs) - Math.min(gi.minMs, gj.minMs) > input.windowMs) return -1;
    return (gi.sums.get(j) ?? 0) / (gi.members.length * gj.members.length);
  };
  const refreshBest = (i: number, g: Group): void => {
    g.best = -1;
    g.bestScore = -1;
    for (const j of g.sums.keys()) {
      const s = mean(g, j);
      if (s > 0 && (s > g.bestScore || (s === g.bestScore && j < g.best))) [g.best, g.bestScore] = [j, s];
    }
    if (g.bestScore >= input.threshold) queue.push(g.bestScore, i);
  };
  for (const [i, g] of groups) refreshBest(i, g);
  for (;;) {
    const i = queue.popValid((k, score) => groups.get(k)?.bestScore === score);
    if (i < 0) break;
    merge(i, (groups.get(i) as Group).best);
  }
  return [...groups.values()].map((g) => g.members.sort((a, b) => a - b));

  function merge(i: number, j: number): void {
    const [keep, gone] = i < j ? [i, j] : [j, i];
    const gk = groups.get(keep);
    const gg = groups.get(gone);
    if (!gk || !gg) return;
    for (const [x, s] of gg.sums) if (x !== keep) gk.sums.set(x, (gk.sums.get(x) ?? 0) + s);
    gk.sums.delete(gone);
    gk.members.push(...gg.members);
    gk.minMs = Math.min(gk.minMs, gg.minMs);
    gk.maxMs = Math.max(gk.maxMs, gg.maxMs);
    groups.delete(gone);
    refreshBest(keep, gk);
    for (const [x, s] of gk.sums) {
      const gx = groups.get(x);
      if (!gx) continue;
      gx.sums.delete(gone);
      gx.sums.set(keep, s);
      if (gx.best === keep || gx.best === gone) refreshBest(x, gx);
      else {
        const m = mean(gx, keep);
        if (m > gx.bestScore) {
          [gx.best, gx.bestScore] = [keep, m];
          if (m >= input.threshold) queue.push(m, x);
        }
      }
    }
  }
}

/** Max-heap of (score, group): highest score first, the lower index on ties. Entries go stale when a group's
 *  best score changes or it merges away; `popValid` skips those. */
class BestQueue {
  private readonly scores: number[] = [];
  private readonly ids: number[] = [];

  push(score: number, id: number): void {
    this.scores.push(score);
    this.ids.push(id);
    let k = this.scores.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.before(k, parent)) break;
      this.swap(k, parent);
      k = parent;
    }
  }

  /** The first entry still valid, or -1 when none is left. */
  popValid(valid: (id: number, score: number) => boolean): number {
    while (this.scores.length > 0) {
      const score = this.scores[0] as number;
      const id = this.ids[0] as number;
      this.removeTop();
      if (valid(id, score)) return id;
    }
    return -1;
  }

  private removeTop(): void {
    const lastScore = this.scores.pop() as number;
    const lastId = this.ids.pop() as number;
    if (this.scores.length === 0) return;
    [this.scores[0], this.ids[0]] = [lastScore, lastId];
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let top = k;
      if (l < this.scores.length && this.before(l, top)) top = l;
      if (r < this.scores.length && this.before(r, top)) top = r;
      if (top === k) return;
      this.swap(k, top);
      k = top;
    }
  }

  private before(a: number, b: number): boolean {
    const sa = this.scores[a] as number;
    const sb = this.scores[b] as number;
    return sa > sb || (sa === sb && (this.ids[a] as number) < (this.ids[b] as number));
  }

  private swap(a: number, b: number): void {
    [this.scores[a], this.scores[b]] = [this.scores[b] as number, this.scores[a] as number];
    [this.ids[a], this.ids[b]] = [this.ids[b] as number, this.ids[a] as number];
  }
}
