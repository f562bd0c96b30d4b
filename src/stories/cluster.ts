// Average-link agglomerative clustering over pair scores, with a time-span limit.
//
// Guarantees: two groups merge only when the MEAN score over all their cross pairs reaches `threshold`
// (one strong pair cannot drag in an unrelated story: no single-link chaining), and no group ever spans more
// than `windowMs` from its first to its last member. Ties break on input order, so the result is deterministic.
// Cost: O(n²) memory; merges keep a best-neighbour cache per group, typically O(n²) time.

export interface ClusterInput {
  /** Pair scores, row-major n×n, symmetric; the diagonal is ignored. */
  scores: Float64Array;
  /** Item times (ms), in input order. */
  timesMs: readonly number[];
  threshold: number;
  windowMs: number;
}

interface Group {
  members: number[];
  minMs: number;
  maxMs: number;
  best: number;
  bestScore: number;
}

/** Groups of input indices; each group's indices ascending, groups ordered by their first index. */
export function averageLinkClusters(input: ClusterInput): number[][] {
  const n = input.timesMs.length;
  const sums = Float64Array.from(input.scores);
  const groups: (Group | null)[] = input.timesMs.map((t, i) => ({ members: [i], minMs: t, maxMs: t, best: -1, bestScore: -1 }));
  const mean = (i: number, j: number): number => {
    const gi = groups[i];
    const gj = groups[j];
    if (!gi || !gj || i === j) return -1;
    if (Math.max(gi.maxMs, gj.maxMs) - Math.min(gi.minMs, gj.minMs) > input.windowMs) return -1;
    return (sums[i * n + j] ?? 0) / (gi.members.length * gj.members.length);
  };
  const refreshBest = (i: number): void => {
    const g = groups[i];
    if (!g) return;
    g.best = -1;
    g.bestScore = -1;
    for (let j = 0; j < n; j++) {
      const s = mean(i, j);
      if (s > g.bestScore) [g.best, g.bestScore] = [j, s];
    }
  };
  for (let i = 0; i < n; i++) refreshBest(i);
  for (;;) {
    let i = -1;
    for (let k = 0; k < n; k++) {
      const g = groups[k];
      if (g && g.best >= 0 && (i < 0 || g.bestScore > (groups[i]?.bestScore ?? -1))) i = k;
    }
    const gi = i >= 0 ? groups[i] : null;
    if (!gi || gi.bestScore < input.threshold) break;
    merge(i, gi.best);
  }
  return groups.filter((g): g is Group => g !== null).map((g) => g.members.sort((a, b) => a - b));

  function merge(i: number, j: number): void {
    const [keep, gone] = i < j ? [i, j] : [j, i];
    const gk = groups[keep];
    const gg = groups[gone];
    if (!gk || !gg) return;
    for (let x = 0; x < n; x++) {
      const s = (sums[keep * n + x] ?? 0) + (sums[gone * n + x] ?? 0);
      sums[keep * n + x] = s;
      sums[x * n + keep] = s;
    }
    gk.members.push(...gg.members);
    gk.minMs = Math.min(gk.minMs, gg.minMs);
    gk.maxMs = Math.max(gk.maxMs, gg.maxMs);
    groups[gone] = null;
    refreshBest(keep);
    for (let x = 0; x < n; x++) {
      const gx = groups[x];
      if (!gx || x === keep) continue;
      if (gx.best === keep || gx.best === gone) refreshBest(x);
      else {
        const s = mean(x, keep);
        if (s > gx.bestScore) [gx.best, gx.bestScore] = [keep, s];
      }
    }
  }
}
