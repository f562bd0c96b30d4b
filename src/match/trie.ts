// The keyword index: a trie over folded UTF-16 units, walked from every word start (Latin/Cyrillic)
// and every Chinese character. The root is a dense 64K table; deeper edges live in one open-addressing
// hash table of typed arrays. Cost per text unit is one class lookup plus, at a word start, a walk
// that stops at the first missing edge; it does not grow with the number of terms (only with the
// depth of shared prefixes), which keeps 10,000 terms within 2× of 1,000 (bench/match.ts).
import { CJK, IGNORE, WORD, charTables } from './chars.js';

const EMPTY = -1;
const LOAD_FACTOR_INVERSE = 2;

export interface Candidate {
  term: number;
  start: number;
}

export class KeyTrie {
  private readonly rootChild = new Int32Array(0x10000);
  private edgeNode = new Int32Array(0);
  private edgeUnit = new Int32Array(0);
  private edgeChild = new Int32Array(0);
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
        let child = node === 0 ? this.rootChild[u]! : edges.get(edgeKey) ?? 0;
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
    this.edgeNode = new Int32Array(size).fill(EMPTY);
    this.edgeUnit = new Int32Array(size);
    this.edgeChild = new Int32Array(size);
    for (const [k, child] of edges) {
      const node = Math.floor(k / 0x10000);
      const u = k % 0x10000;
      let h = hash(node, u) & this.mask;
      while (this.edgeNode[h] !== EMPTY) h = (h + 1) & this.mask;
      this.edgeNode[h] = node;
      this.edgeUnit[h] = u;
      this.edgeChild[h] = child;
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

  private child(node: number, u: number): number {
    const mask = this.mask;
    let h = hash(node, u) & mask;
    for (;;) {
      const n = this.edgeNode[h]!;
      if (n === EMPTY) return 0;
      if (n === node && this.edgeUnit[h] === u) return this.edgeChild[h]!;
      h = (h + 1) & mask;
    }
  }

  /** Every (term, start) whose key occurs at a legal start of `s`; verification comes after. */
  scan(s: string, out: Candidate[]): void {
    const { fold, cls } = charTables();
    const n = s.length;
    let prevWord = false;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      const k = cls[c]!;
      if (k === WORD) {
        if (!prevWord) this.walk(s, i, fold[c]!, fold, out);
        prevWord = true;
      } else if (k === CJK) {
        this.walk(s, i, fold[c]!, fold, out);
        prevWord = false;
      } else if (k !== IGNORE) {
        prevWord = false;
      }
    }
  }

  private walk(s: string, i: number, first: number, fold: Uint16Array, out: Candidate[]): void {
    let node = this.rootChild[first]!;
    if (node === 0) return;
    const termStart = this.termStart;
    for (let j = i + 1; ; ) {
      const a = termStart[node]!;
      const b = termStart[node + 1]!;
      for (let t = a; t < b; t++) out.push({ term: this.termIds[t]!, start: i });
      let u = 0;
      while (j < s.length && (u = fold[s.charCodeAt(j)]!) === 0) j++;
      if (j >= s.length) return;
      j++;
      node = this.child(node, u);
      if (node === 0) return;
    }
  }
}

function hash(node: number, u: number): number {
  return Math.imul(Math.imul(node, 0x01000193) ^ u, 0x9e3779b1) >>> 7;
}
