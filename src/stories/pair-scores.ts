// Positive pair scores as two parallel typed arrays (keys ascending, scores), looked up by binary search.
//
// A story build scores hundreds of thousands of pairs; as a Map<number, number> they cost ~40 bytes of entry
// plus a boxed double each (~60 MB at 10,000 items), as two typed arrays 12 bytes a pair (16 past 65,536 items). Guarantee: a
// PairScores answers `scoreBetween` exactly as the Map it replaces answered `get` (0 for a missing pair), and
// its keys are strictly ascending, so a row of the pair graph comes out sorted (cluster.ts relies on it).

/** Room a growing buffer starts with (elements) when its caller does not know; each further chunk is twice the
 *  last, up to MAX_CHUNK_ELEMENTS (512 KB). */
const INITIAL_BUFFER_ELEMENTS = 1024;
const MAX_CHUNK_ELEMENTS = 65_536;

/** Pair keys: 4 bytes each while every key fits (n ≤ 65,536 items, see keyBuffer), 8 beyond. */
export type PairKeys = Uint32Array | Float64Array;

export interface PairScores {
  /** Items the keys range over: key = pairKey(i, j, n) with i < j. */
  readonly n: number;
  /** Strictly ascending pair keys. */
  readonly keys: PairKeys;
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
  if (ascending) return { n, keys: ownKeys(n, keys), scores: scores instanceof Float64Array ? scores : Float64Array.from(scores) };
  // Stable order by key, then the last of each run of equal keys.
  const order = Array.from({ length: keys.length }, (_, k) => k).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  const outKeys = keyBuffer(n, keys.length);
  const outScores = new F64Buffer(keys.length);
  order.forEach((k, at) => {
    const next = order[at + 1];
    if (next !== undefined && keys[next] === keys[k]) return;
    outKeys.push(keys[k] as number);
    outScores.push(scores[k] as number);
  });
  return { n, keys: outKeys.view(), scores: outScores.view() };
}

/** Typed key arrays are taken as they are (the caller hands them over), anything else copied. */
function ownKeys(n: number, values: ArrayLike<number>): PairKeys {
  if (values instanceof Uint32Array || values instanceof Float64Array) return values;
  return keysFit32(n) ? Uint32Array.from(values) : Float64Array.from(values);
}

/** Whether every pair key among n items fits in 32 bits: the largest, pairKey(n - 2, n - 1, n), is below n². */
function keysFit32(n: number): boolean {
  return n * n <= 2 ** 32;
}

/** A buffer for pair keys among n items: Uint32 while they fit (a month's story build met 1.28 M keys with repeats
 *  and kept 682,679 at 8,482 items: 4.9 and 2.7 MB instead of 9.8 and 5.5, at the end of run's peak). */
export function keyBuffer(n: number, expected?: number): TypedBuffer<PairKeys> {
  return keysFit32(n) ? new TypedBuffer<PairKeys>((k) => new Uint32Array(k), expected) : new F64Buffer(expected);
}

/** An append-only list of numbers in typed-array chunks: no boxed numbers, no per-element objects, and growing
 *  copies nothing. A doubling array left each old storage behind as garbage: with the trimmed copies, a story build
 *  at 8,482 items allocated ~67 MB of array buffers for ~11 MB it kept, and V8 collects array buffers only once
 *  ~64 MB of them have piled up. (On Node 24 the end of a run sets the peak RSS; this change alone did not move
 *  the peak beyond the spread between runs.) */
export class TypedBuffer<A extends Uint32Array | Float64Array> {
  private readonly chunks: A[];
  private last: A;
  private used = 0;
  length = 0;

  /** `make`: a zeroed array of a length; `expected`: how many elements the caller expects, when it knows (the first
   *  chunk's size). */
  constructor(
    private readonly make: (length: number) => A,
    expected = INITIAL_BUFFER_ELEMENTS,
  ) {
    this.last = make(Math.max(1, expected));
    this.chunks = [this.last];
  }

  push(value: number): void {
    if (this.used === this.last.length) {
      this.last = this.make(Math.min(this.last.length * 2, MAX_CHUNK_ELEMENTS));
      this.chunks.push(this.last);
      this.used = 0;
    }
    this.last[this.used++] = value;
    this.length++;
  }

  /** The elements in one array: the first chunk's own storage when it holds them all (no copy), else a copy. The
   *  buffer is done with once it is read. */
  view(): A {
    if (this.chunks.length === 1) return this.last.subarray(0, this.used) as A;
    const out = this.make(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      const take = chunk === this.last ? this.used : chunk.length;
      out.set(chunk.subarray(0, take), at);
      at += take;
    }
    return out;
  }

  /** The elements sorted ascending without repeats, sorted in place in view()'s array. */
  sortedUnique(): A {
    const all = this.view().sort();
    let kept = 0;
    for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[kept - 1]) all[kept++] = all[k] as number;
    return all.subarray(0, kept) as A;
  }
}

/** Doubles: pair scores, and pair keys past 32 bits. */
export class F64Buffer extends TypedBuffer<Float64Array> {
  constructor(expected?: number) {
    super((k) => new Float64Array(k), expected);
  }
}
