import { describe, expect, it } from 'vitest';
import { NEIGHBOUR_DEFAULTS, NeighbourSums } from '../../src/stories/neighbours.js';
import { pairKey, pairScoresFrom } from '../../src/stories/pair-scores.js';
import { lcg } from './synthetic.js';

/** The Map per group that NeighbourSums replaced: the reference its rows must equal after every step. */
type Model = Map<number, number>[];

function row(rows: NeighbourSums, g: number): [number, number][] {
  const out: [number, number][] = [];
  const from = rows.start[g] as number;
  for (let k = from; k < from + (rows.len[g] as number); k++)
    if ((rows.sums[k] as number) > 0) out.push([rows.ids[k] as number, rows.sums[k] as number]);
  return out;
}

/** Merges as averageLinkClusters does them (merge, then relink every neighbour of the kept group), on a random
 *  graph, checking every row against the Map model after each merge. */
function mergeAll(seed: number, n: number, density: number, d = NEIGHBOUR_DEFAULTS): NeighbourSums {
  const rand = lcg(seed);
  const keys: number[] = [];
  const scores: number[] = [];
  const model: Model = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rand() >= density) continue;
      const s = 0.1 + Math.floor(rand() * 9) / 10;
      keys.push(pairKey(i, j, n));
      scores.push(s);
      model[i]?.set(j, s);
      model[j]?.set(i, s);
    }
  }
  const rows = new NeighbourSums(n, pairScoresFrom(n, keys, scores), d);
  const alive = Array.from({ length: n }, (_, g) => g);
  while (alive.length > 1) {
    const i = Math.floor(rand() * alive.length);
    const j = (i + 1 + Math.floor(rand() * (alive.length - 1))) % alive.length;
    const [lo, hi] = [alive[i] as number, alive[j] as number].sort((p, q) => p - q) as [number, number];
    alive.splice(alive.indexOf(hi), 1);
    rows.merge(lo, hi);
    const union = new Map(model[lo]);
    for (const [x, s] of model[hi] ?? []) union.set(x, (union.get(x) ?? 0) + s);
    union.delete(lo);
    union.delete(hi);
    model[lo] = union;
    model[hi] = new Map();
    for (const [x, s] of union) {
      rows.relink(x, hi, lo, s);
      model[x]?.delete(hi);
      model[x]?.set(lo, s);
    }
    for (let g = 0; g < n; g++) expect(row(rows, g)).toEqual([...(model[g] ?? [])].sort((p, q) => p[0] - q[0]));
  }
  return rows;
}

describe('NeighbourSums rows equal a Map per group through every merge', () => {
  it.each([
    // seed, items, edge density, headroom share, compactions at least, pool growths
    [1, 40, 0.3, NEIGHBOUR_DEFAULTS.headroomShare, 1, 0],
    [2, 80, 0.1, NEIGHBOUR_DEFAULTS.headroomShare, 1, 0],
    [3, 60, 0.6, NEIGHBOUR_DEFAULTS.headroomShare, 1, 0],
    // No headroom at all: the first merge finds the pool full, and compacting frees nothing yet, so it grows.
    [4, 40, 0.3, 0, 1, 1],
  ])('seed %i: %i items, density %f, headroom %f', (seed, n, density, headroomShare, compacted, grown) => {
    const rows = mergeAll(seed, n, density, { ...NEIGHBOUR_DEFAULTS, headroomShare });
    expect(rows.moves.compacted).toBeGreaterThanOrEqual(compacted);
    expect(rows.moves.grown).toBe(grown);
  });
});
