// The keyword index: a trie over folded UTF-16 units, walked from every word start (Latin/Cyrillic)
// and every Chinese character. The root is a dense 64K table; deeper edges live in one open-addressing
// hash table of typed arrays. Cost per text unit is one class lookup plus, at a word start, a walk
// that stops at the first missing edge; it does not grow with the number of terms (only with the
// depth of shared prefixes), which keeps 10,000 terms within 2× of 1,000 (bench/match.ts).
import { CJK, WORD, charTables } from './chars.js';

const EMPTY = -1;
const LOAD_FACTOR_INVERSE = 2;
const SLOT = 3;

export class KeyTrie {
  private readonly rootChild = new Int32Array(0x10000);
  /** Open addressing, one slot = [node, unit, child] side by side so a probe touches one cache line. */
  private edges = new Int32Array(0);
  /** A bitset filter over (node, unit) edges: a clear bit means the edge surely does not exist, so most
   * failing steps of a walk cost one load instead of a hash probe. */
  private pairs = new Uint8Array(0);
  private pairShift = 32;
  private mask = 0;
  private termStart = new Int32Array(1);
  private termIds = new Int32Array(0);

  constructor(keys: readonly { key: string; term: number }[]) {
    const edges = new Map<number, number>();
    const terminals: number[][] = [[]];
    let nodes = 1;
    for (const { key, term } of keys) {
      let node = 0;
      for (let i = 0; i < key.length; i++) {
        const u = key.charCodeAt(i);
        const edgeKey = node * 0x10000 + u;
        let child = node === 0 ? this.rootChild[u]! : (edges.get(edgeKey) ?? 0);
        if (child === 0) {
          child = nodes++;
          terminals.push([]);
          if (node === 0) this.rootChild[u] = child;
          else edges.set(edgeKey, child);
        }
        node = child;
      }
      if (node !== 0) terminals[node]!.push(term);
    }
    this.freezeEdges(edges);
    this.freezeTerminals(terminals);
  }

  private freezeEdges(edges: Map<number, number>): void {
    let size = 16;
    while (size < edges.size * LOAD_FACTOR_INVERSE) size *= 2;
    this.mask = size - 1;
    this.edges = new Int32Array(size * SLOT).fill(EMPTY);
    let bits = 10;
    while (1 << bits < edges.size * PAIR_BITS_PER_EDGE) bits++;
    this.pairShift = 32 - bits;
    this.pairs = new Uint8Array(1 << (bits - 3));
    for (const [k, child] of edges) {
      const node = Math.floor(k / 0x10000);
      const u = k % 0x10000;
      const slot = pairSlot(node, u, this.pairShift);
      this.pairs[slot >>> 3] = this.pairs[slot >>> 3]! | (1 << (slot & 7));
      let h = hash(node, u) & this.mask;
      while (this.edges[h * SLOT] !== EMPTY) h = (h + 1) & this.mask;
      this.edges[h * SLOT] = node;
      this.edges[h * SLOT + 1] = u;
      this.edges[h * SLOT + 2] = child;
    }
  }

  private freezeTerminals(terminals: number[][]): void {
    this.termStart = new Int32Array(terminals.length + 1);
    const flat: number[] = [];
    terminals.forEach((ids, node) => {
      this.termStart[node] = flat.length;
      flat.push(...ids);
    });
    this.termStart[terminals.length] = flat.length;
    this.termIds = Int32Array.from(flat);
  }

  /** Root child for a raw (unfolded) code unit: the fold table composed with the root table. */
  private rawRoot = new Int32Array(0);

  private rootOfRaw(): Int32Array {
    if (this.rawRoot.length === 0) {
      const { fold } = charTables();
      this.rawRoot = new Int32Array(0x10000);
      for (let c = 0; c < 0x10000; c++) this.rawRoot[c] = fold[c] === 0 ? 0 : this.rootChild[fold[c]!]!;
    }
    return this.rawRoot;
  }

  /**
   * Finds every (term, start) whose key occurs at a legal start of `s`: a word start for Latin/Cyrillic,
   * any position for Chinese. Writes into `out` (grown as needed) and returns the number found;
   * verification of each candidate comes after. One tight loop, typed arrays in locals, no allocation.
   */
  scan(s: string, out: CandidateBuffer): number {
    const { cls, wordish, fold } = charTables();
    const rawRoot = this.rootOfRaw();
    const { edges, termStart, termIds, mask, pairs, pairShift } = this;
    const n = s.length;
    let count = 0;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      const k = cls[c]!;
      let node = 0;
      if (k === WORD) node = rawRoot[c]!;
      else if (k === CJK) node = rawRoot[c]!;
      for (let j = i + 1; node !== 0; ) {
        for (let t = termStart[node]!, b = termStart[node + 1]!; t < b; t++) count = out.push(count, termIds[t]!, i);
        let u = 0;
        while (j < n && (u = fold[s.charCodeAt(j)]!) === 0) j++;
        if (j++ >= n) break;
        const slot = pairSlot(node, u, pairShift);
        if ((pairs[slot >>> 3]! & (1 << (slot & 7))) === 0) break;
        let h = hash(node, u) & mask;
        let next = 0;
        for (let e = edges[h * SLOT]!; e !== EMPTY; e = edges[h * SLOT]!) {
          if (e === node && edges[h * SLOT + 1] === u) {
            next = edges[h * SLOT + 2]!;
            break;
          }
          h = (h + 1) & mask;
        }
        node = next;
      }
      i++;
      // The rest of a word cannot start a term: skip it in a tight loop.
      if (k === WORD) while (i < n && wordish[s.charCodeAt(i)] === 1) i++;
    }
    return count;
  }
}

/** Reusable parallel arrays of candidate term ids and start offsets. */
export class CandidateBuffer {
  terms = new Int32Array(256);
  starts = new Int32Array(256);

  push(count: number, term: number, start: number): number {
    if (count === this.terms.length) {
      const terms = new Int32Array(count * 2);
      const starts = new Int32Array(count * 2);
      terms.set(this.terms);
      starts.set(this.starts);
      this.terms = terms;
      this.starts = starts;
    }
    this.terms[count] = term;
    this.starts[count] = start;
    return count + 1;
  }
}

/** Filter size: 16 bits per edge keeps false positives near 6 % and the bitset in cache (16 KB at 1k terms). */
const PAIR_BITS_PER_EDGE = 16;

function pairSlot(node: number, u: number, shift: number): number {
  return (Math.imul(node, 0x2c1b3c6d) ^ Math.imul(u, 0x9e3779b1)) >>> shift;
}

function hash(node: number, u: number): number {
  return Math.imul(Math.imul(node, 0x01000193) ^ u, 0x9e3779b1) >>> 7;
}
