// Average-link agglomerative clustering over sparse pair scores, with a time-span limit.
//
// Guarantees: two groups merge only when the MEAN score over all their cross pairs reaches `threshold`
// (one strong pair cannot drag in an unrelated story: no single-link chaining), and no group ever spans more
// than `windowMs` from its first to its last member. A pair missing from `scores` counts as 0 in the mean.
// Ties break on input order, so the result is deterministic.
//
// Sparse: groups with no positive pair between them have mean 0 < threshold and never merge, so a group only
// looks at the groups it has positive pairs with (its row in neighbours.ts, typed arrays, no Map per group).
// Merge order and tie-breaks are those of the dense all-pairs algorithm this replaces (the highest
// best-neighbour mean merges first, the lower index on ties, each group's best neighbour cached and refreshed
// when it merges), so the groups are the same (tests/stories/scale.test.ts checks it against that algorithm).
// One queue serves all connected components: merges in one component never touch another's groups, sums or
// queue entries, and the queue pops in one total order (score, then index), so each component sees the merge
// sequence it would see alone. Cost: O(edges · log) overall.

import { pairKey, type PairScores } from './pair-scores.js';
import { NeighbourSums } from './neighbours.js';

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

/** Groups of input indices; each group's indices ascending, groups ordered by their first index. */
export function averageLinkClusters(input: ClusterInput): number[][] {
  if (!(input.threshold > 0)) throw new RangeError(`averageLinkClusters: threshold must be > 0, got ${input.threshold}`);
  const n = input.timesMs.length;
  const rows = new NeighbourSums(n, input.scores);
  const groups = new GroupState(input.timesMs);
  const queue = new BestQueue();
  // A group is known by its lowest index; size 0 once it merged away.
  const { size, minMs, maxMs, best, bestScore } = groups;
  const mean = (i: number, j: number, sum: number): number => {
    if (size[j] === 0) return -1;
    const span = Math.max(maxMs[i] as number, maxMs[j] as number) - Math.min(minMs[i] as number, minMs[j] as number);
    if (span > input.windowMs) return -1;
    return sum / ((size[i] as number) * (size[j] as number));
  };
  const refreshBest = (i: number): void => {
    best[i] = -1;
    bestScore[i] = -1;
    const from = rows.start[i] as number;
    const to = from + (rows.len[i] as number);
    for (let k = from; k < to; k++) {
      const sum = rows.sums[k] as number;
      if (!(sum > 0)) continue;
      const j = rows.ids[k] as number;
      const s = mean(i, j, sum);
      if (s > 0 && (s > (bestScore[i] as number) || (s === bestScore[i] && j < (best[i] as number)))) [best[i], bestScore[i]] = [j, s];
    }
    if ((bestScore[i] as number) >= input.threshold) queue.push(bestScore[i] as number, i);
  };
  const merge = (i: number, j: number): void => {
    const [keep, gone] = i < j ? [i, j] : [j, i];
    if (size[keep] === 0 || size[gone] === 0) return;
    rows.merge(keep, gone);
    groups.join(keep, gone);
    refreshBest(keep);
    const from = rows.start[keep] as number;
    const to = from + (rows.len[keep] as number);
    for (let k = from; k < to; k++) {
      const x = rows.ids[k] as number;
      const sum = rows.sums[k] as number;
      if (size[x] === 0) continue;
      rows.relink(x, gone, keep, sum);
      if (best[x] === keep || best[x] === gone) refreshBest(x);
      else {
        const m = mean(x, keep, sum);
        if (m > (bestScore[x] as number)) {
          [best[x], bestScore[x]] = [keep, m];
          if (m >= input.threshold) queue.push(m, x);
        }
      }
    }
  };
  for (let i = 0; i < n; i++) if ((rows.len[i] as number) > 0) refreshBest(i);
  for (;;) {
    const i = queue.popValid((k, score) => size[k] !== 0 && bestScore[k] === score);
    if (i < 0) break;
    merge(i, best[i] as number);
  }
  return groups.members();
}

/** Per group (by lowest index): size, time span, cached best neighbour; members as a chain through `next`. */
class GroupState {
  readonly size: Int32Array;
  readonly minMs: Float64Array;
  readonly maxMs: Float64Array;
  readonly best: Int32Array;
  readonly bestScore: Float64Array;
  private readonly next: Int32Array;
  private readonly last: Int32Array;

  constructor(timesMs: readonly number[]) {
    const n = timesMs.length;
    this.size = new Int32Array(n).fill(1);
    this.minMs = Float64Array.from(timesMs, (t) => t ?? Number.NaN);
    this.maxMs = Float64Array.from(this.minMs);
    this.best = new Int32Array(n).fill(-1);
    this.bestScore = new Float64Array(n).fill(-1);
    this.next = new Int32Array(n).fill(-1);
    this.last = Int32Array.from({ length: n }, (_, i) => i);
  }

  join(keep: number, gone: number): void {
    this.size[keep] = (this.size[keep] as number) + (this.size[gone] as number);
    this.size[gone] = 0;
    this.next[this.last[keep] as number] = gone;
    this.last[keep] = this.last[gone] as number;
    this.minMs[keep] = Math.min(this.minMs[keep] as number, this.minMs[gone] as number);
    this.maxMs[keep] = Math.max(this.maxMs[keep] as number, this.maxMs[gone] as number);
  }

  /** Live groups by lowest index (so ordered by first member), each ascending. */
  members(): number[][] {
    const out: number[][] = [];
    for (let g = 0; g < this.size.length; g++) {
      if (this.size[g] === 0) continue;
      const group: number[] = [];
      for (let x = g; x >= 0; x = this.next[x] as number) group.push(x);
      out.push(group.sort((a, b) => a - b));
    }
    return out;
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
