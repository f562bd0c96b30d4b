// Positive pair scores as two parallel typed arrays (keys ascending, scores), looked up by binary search.
//
// A story build scores hundreds of thousands of pairs; as a Map<number, number> they cost ~40 bytes of entry
// plus a boxed double each (~60 MB at 10,000 items), as two Float64Arrays 16 bytes a pair. Guarantee: a
// PairScores answers `scoreBetween` exactly as the Map it replaces answered `get` (0 for a missing pair), and
// its keys are strictly ascending, so a row of the pair graph comes out sorted (cluster.ts relies on it).

/** Room a growing buffer starts with (elements); it doubles when full. */
const INITIAL_BUFFER_ELEMENTS = 1024;

export interface PairScores {
  /** Items the keys range over: key = pairKey(i, j, n) with i < j. */
  readonly n: number;
  /** Strictly ascending pair keys. */
  readonly keys: Float64Array;
  /** scores[k] is the score of keys[k]. */
  readonly scores: Float64Array;
}

/** Key of the unordered pair {i, j} among n items; i and j come back as `Math.floor(key / n)`, `key % n`. */
export function pairKey(i: number, j: number, n: number): number {
  return i < j ? i * n + j : j * n + i;
}

/** The score of {i, j}, 0 when the pair is not stored (or i === j). O(log pairs). */
export function scoreBetween(p: PairScores, i: number, j: number): number {
  if (i === j) return 0;
  const key = pairKey(i, j, p.n);
  const keys = p.keys;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid] as number;
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else return p.scores[mid] as number;
  }
  return 0;
}

/** Scores from keys in any order, with Map.set's semantics: the last score given for a key wins. */
export function pairScoresFrom(n: number, keys: ArrayLike<number>, scores: ArrayLike<number>): PairScores {
  let ascending = true;
  for (let k = 1; k < keys.length && ascending; k++) ascending = (keys[k - 1] as number) < (keys[k] as number);
  if (ascending) return { n, keys: own(keys), scores: own(scores) };
  // Stable order by key, then the last of each run of equal keys.
  const order = Array.from({ length: keys.length }, (_, k) => k).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  const outKeys = new F64Buffer();
  const outScores = new F64Buffer();
  order.forEach((k, at) => {
    const next = order[at + 1];
    if (next !== undefined && keys[next] === keys[k]) return;
    outKeys.push(keys[k] as number);
    outScores.push(scores[k] as number);
  });
  return { n, keys: outKeys.trimmed(), scores: outScores.trimmed() };
}

/** Typed arrays are taken as they are (the caller hands them over), anything else copied. */
function own(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** An append-only Float64Array that doubles when full: no boxed numbers, no per-element objects. */
export class F64Buffer {
  private data = new Float64Array(INITIAL_BUFFER_ELEMENTS);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The elements in a right-sized copy; the buffer's own storage is left to the GC with it. */
  trimmed(): Float64Array {
    return this.data.slice(0, this.length);
  }

  /** Sorts the elements ascending and drops repeats, in place. */
  sortUnique(): void {
    const view = this.data.subarray(0, this.length).sort();
    let kept = 0;
    for (let k = 0; k < view.length; k++) if (k === 0 || view[k] !== view[kept - 1]) view[kept++] = view[k] as number;
    this.length = kept;
  }
}
