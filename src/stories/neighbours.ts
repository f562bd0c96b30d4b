// Each group's sums of pair scores to its neighbouring groups, for average-link clustering (cluster.ts), in
// two typed arrays instead of a Map per group (a Map entry and a boxed double per edge end were ~140 MB at
// 10,000 items; here 12 bytes an edge end).
//
// A group's row is a slice [start, start + len) of `ids` (neighbour groups, by their lowest index, strictly
// ascending) and `sums`. Rows start as the pair graph in CSR form. A row of a group that does not merge only
// ever loses neighbours (two of them become one), so it is edited in place: a neighbour merged away stays as a
// tombstone (sum DEAD, id kept, so the row stays sorted for binary search); when the merged group is new to
// the row, the entries between its place and the tombstone's shift up one (a memmove, at worst the row's
// length, where a Map did O(1); on the 10k-item state clustering still went from ~2.1 s to ~0.7 s). A merged
// group's row (the union of two rows) is appended at the end of the pool. The pool starts with room beyond the
// graph's rows; when that is used up, the live rows are compacted in place (moved down in the order they lie,
// tombstones and the rows of merged groups dropped), and only when that leaves too little room is the pool copied
// into one twice the size. A copy into a new pool at the first full pool had kept the old one as garbage beside
// it: 16 MB of rows, then a 32 MB pool, at 8,482 items, at the end of run's peak. Each compaction leaves at least
// a tenth of the pool free beyond the row being written, so the moving stays linear in the appended entries (the
// rows of the 8,482 items were compacted once, with a quarter of room to start with).
// Guarantee: the sums are those the Map per group held, bit for bit: the same additions of the same two
// operands (a + b and b + a are the same double), and a row missing a neighbour counts it as 0.

import type { PairScores } from './pair-scores.js';

export const NEIGHBOUR_DEFAULTS = {
  /** Room the pool starts with beyond the pair graph's rows, as a share of them: merged rows go there. A row's
   *  entries only ever merge or die, so after a compaction the live rows fit in what the graph's rows took, and this
   *  room is free again. */
  headroomShare: 0.25,
  /** After a compaction, the pool grows when less than this share of it would be free for the next rows. */
  minFreeShare: 0.1,
};

/** Sum marking a tombstone; live sums are always > 0 (only positive scores are stored). */
const DEAD = -1;

export class NeighbourSums {
  ids: Int32Array;
  sums: Float64Array;
  readonly start: Int32Array;
  /** Slots of each row, tombstones included; 0 for a group merged away. */
  readonly len: Int32Array;
  private used: number;
  /** How often the pool was compacted in place, and how often it had to be copied into a larger one. */
  readonly moves = { compacted: 0, grown: 0 };

  /** Rows of the positive pairs among n items; keys must be pairKey(i, j, n) with i < j, ascending. */
  constructor(
    n: number,
    p: PairScores,
    private readonly d = NEIGHBOUR_DEFAULTS,
  ) {
    const degree = new Int32Array(n + 1);
    forEachEdge(n, p, (i, j) => {
      degree[i] = (degree[i] as number) + 1;
      degree[j] = (degree[j] as number) + 1;
    });
    this.start = new Int32Array(n);
    this.len = new Int32Array(n);
    let at = 0;
    for (let i = 0; i < n; i++) [this.start[i], at] = [at, at + (degree[i] as number)];
    const capacity = at + Math.ceil(at * d.headroomShare);
    this.ids = new Int32Array(capacity);
    this.sums = new Float64Array(capacity);
    this.used = at;
    // Keys ascending: row x gets its lower neighbours (keys (i, x)) in order, then its higher ones ((x, j)).
    forEachEdge(n, p, (i, j, s) => {
      this.append(i, j, s);
      this.append(j, i, s);
    });
  }

  /** keep's row becomes the union of keep's and gone's rows without the two themselves; gone's row empties.
   *  A neighbour in both rows sums keep's + gone's, as `(keep.get(x) ?? 0) + gone.get(x)` did. */
  merge(keep: number, gone: number): void {
    this.reserve((this.len[keep] as number) + (this.len[gone] as number));
    const { ids, sums } = this;
    let a = this.start[keep] as number;
    const aEnd = a + (this.len[keep] as number);
    let b = this.start[gone] as number;
    const bEnd = b + (this.len[gone] as number);
    let w = this.used;
    for (;;) {
      while (a < aEnd && !((sums[a] as number) > 0)) a++;
      while (b < bEnd && !((sums[b] as number) > 0)) b++;
      if (a >= aEnd && b >= bEnd) break;
      const ia = a < aEnd ? (ids[a] as number) : Number.POSITIVE_INFINITY;
      const ib = b < bEnd ? (ids[b] as number) : Number.POSITIVE_INFINITY;
      const id = Math.min(ia, ib);
      let s: number;
      if (ia === ib) s = (sums[a++] as number) + (sums[b++] as number);
      else if (ia < ib) s = sums[a++] as number;
      else s = sums[b++] as number;
      if (id === keep || id === gone) continue;
      ids[w] = id;
      sums[w] = s;
      w++;
    }
    this.start[keep] = this.used;
    this.len[keep] = w - this.used;
    this.used = w;
    this.len[gone] = 0;
  }

  /** In x's row, neighbour `gone` is dropped and `keep` (< gone) gets sum s, as `delete(gone); set(keep, s)`. */
  relink(x: number, gone: number, keep: number, s: number): void {
    const lo = this.start[x] as number;
    const hi = lo + (this.len[x] as number);
    const k = lowerBound(this.ids, lo, hi, keep);
    const g = lowerBound(this.ids, k, hi, gone);
    const hasGone = g < hi && this.ids[g] === gone;
    if (k < hi && this.ids[k] === keep) {
      this.sums[k] = s;
      if (hasGone) this.sums[g] = DEAD;
      return;
    }
    // keep is new to the row, so x neighboured gone: gone's slot is freed by shifting [k, g) up one.
    if (!hasGone) throw new Error(`NeighbourSums.relink: ${x} neighbours neither ${keep} nor ${gone}`);
    this.ids.copyWithin(k + 1, k, g);
    this.sums.copyWithin(k + 1, k, g);
    this.ids[k] = keep;
    this.sums[k] = s;
  }

  private append(row: number, id: number, s: number): void {
    const at = (this.start[row] as number) + (this.len[row] as number);
    this.ids[at] = id;
    this.sums[at] = s;
    this.len[row] = (this.len[row] as number) + 1;
  }

  /** Room for `extra` more slots at the end: when short, the live rows are compacted in place, and the pool is
   *  copied into a larger one only if that leaves less than minFreeShare of it free beyond them. */
  private reserve(extra: number): void {
    if (this.used + extra <= this.ids.length) return;
    this.compact();
    const capacity = this.ids.length;
    if (capacity - this.used - extra >= capacity * this.d.minFreeShare) return;
    const ids = new Int32Array(2 * (this.used + extra));
    const sums = new Float64Array(ids.length);
    ids.set(this.ids.subarray(0, this.used));
    sums.set(this.sums.subarray(0, this.used));
    [this.ids, this.sums] = [ids, sums];
    this.moves.grown++;
  }

  /** Live rows moved down to the start of the pool in the order they lie, tombstones dropped. Safe in place:
   *  rows do not overlap, and taken in order of their start each is written at or below where it was read. */
  private compact(): void {
    const rows: number[] = [];
    for (let g = 0; g < this.len.length; g++) if ((this.len[g] as number) > 0) rows.push(g);
    rows.sort((a, b) => (this.start[a] as number) - (this.start[b] as number));
    const { ids, sums } = this;
    let w = 0;
    for (const g of rows) {
      const from = this.start[g] as number;
      const to = from + (this.len[g] as number);
      this.start[g] = w;
      for (let k = from; k < to; k++) {
        if (!((sums[k] as number) > 0)) continue;
        ids[w] = ids[k] as number;
        sums[w++] = sums[k] as number;
      }
      this.len[g] = w - (this.start[g] as number);
    }
    this.used = w;
    this.moves.compacted++;
  }
}

/** Each stored pair with a positive score, once, as the Map-based clustering read them (others skipped). */
function forEachEdge(n: number, p: PairScores, visit: (i: number, j: number, s: number) => void): void {
  for (let k = 0; k < p.keys.length; k++) {
    const key = p.keys[k] as number;
    const s = p.scores[k] as number;
    const i = Math.floor(key / n);
    const j = key - i * n;
    if (!(s > 0) || i >= j || j >= n) continue;
    visit(i, j, s);
  }
}

/** First index in [lo, hi) whose id is ≥ id (ids ascending there). */
function lowerBound(ids: Int32Array, lo: number, hi: number, id: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((ids[mid] as number) < id) a = mid + 1;
    else b = mid;
  }
  return a;
}
