// Whether bytes hold any of a few lowercase ASCII literals, ASCII case folded: the challenge sniff's question for
// every fetched page (fetch/challenge.ts `mayBeChallenge`). One case-insensitive RegExp of the literals over the
// page's first 64 K characters read as Latin-1 cost ~0.16 ms of a 180 KB bench page; this Wu-Manber scan over the
// bytes themselves (two-byte blocks) ~0.08 ms, and it makes no string.
// Guarantee: `has(bytes, end)` answers as `/lit1|lit2|…/i.test(bytes.toString('latin1', 0, end))` does (a
// case-insensitive RegExp without the u flag folds no non-ASCII character to an ASCII one, so ASCII folding is
// all it does here; tests/fetch/literal-set.test.ts compares the two). Time is linear in `end`: a position is
// checked against at most the few literals whose first characters end in the same two bytes.

export interface LiteralSet {
  has(bytes: Uint8Array, end: number): boolean;
}

/** Each byte with ASCII A-Z folded to a-z. */
const FOLD = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));

/** The set's search. Throws for a literal that is not lowercase printable ASCII of 2-255 characters. */
export function literalSet(literals: readonly string[]): LiteralSet {
  for (const l of literals) {
    if (!/^[\x20-\x40\x5b-\x7e]{2,255}$/.test(l))
      throw new Error(`literalSet: ${JSON.stringify(l)} is not 2-255 lowercase ASCII characters`);
  }
  if (!literals.length) return { has: () => false };
  const bytes = literals.map((l) => Buffer.from(l, 'latin1'));
  // Every literal is looked for through its first `m` characters: a window of m bytes ends at `pos`, and its last
  // two bytes (the block) tell how far the window may move without passing the end of any literal's first m.
  const m = Math.min(...bytes.map((b) => b.length));
  const shift = new Uint8Array(1 << 16).fill(m - 1);
  const endingHere: (Uint8Array[] | undefined)[] = [];
  for (const b of bytes) {
    for (let j = 1; j < m; j++) {
      const block = ((b[j - 1] as number) << 8) | (b[j] as number);
      shift[block] = Math.min(shift[block] as number, m - 1 - j);
    }
    const last = ((b[m - 2] as number) << 8) | (b[m - 1] as number);
    (endingHere[last] ??= []).push(b);
  }
  return {
    has(text, end) {
      for (let pos = m - 1; pos < end; ) {
        const block = ((FOLD[text[pos - 1] as number] as number) << 8) | (FOLD[text[pos] as number] as number);
        const s = shift[block] as number;
        if (s !== 0) {
          pos += s;
          continue;
        }
        const start = pos - m + 1;
        for (const lit of endingHere[block] as Uint8Array[]) if (foldedAt(text, start, end, lit)) return true;
        pos += 1;
      }
      return false;
    },
  };
}

function foldedAt(text: Uint8Array, start: number, end: number, lit: Uint8Array): boolean {
  if (start + lit.length > end) return false;
  for (let j = 0; j < lit.length; j++) if (FOLD[text[start + j] as number] !== lit[j]) return false;
  return true;
}
