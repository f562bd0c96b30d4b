// 64-bit SimHash of a text, for near-duplicate detection between items (a Xinhua piece reprinted by two
// outlets). Tokens: Latin/Cyrillic/digit words (case- and width-folded) and Han character bigrams, so it works
// for English, Russian and Chinese alike. Unrelated texts sit near distance 32; reprints within a few bits.

const WORD_RE = /[\p{Script=Latin}\p{Script=Cyrillic}\p{N}]{2,}|\p{Script=Han}+/gu;
const BITS = 64;
const FNV_OFFSET_32 = 0x811c9dc5;
const FNV_PRIME_32 = 0x01000193;
/** Second seed for the upper 32 bits (two independent FNV-1a halves make one 64-bit token hash). */
const SECOND_SEED = 0x9e3779b9;

function fnv1a32(token: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME_32) >>> 0;
  }
  return h >>> 0;
}

/** Word tokens; a run of Han characters becomes its overlapping bigrams (one character stays itself). */
export function simhashTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const m of text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').matchAll(WORD_RE)) {
    const word = m[0];
    if (!/\p{Script=Han}/u.test(word)) {
      tokens.push(word);
      continue;
    }
    const chars = Array.from(word);
    if (chars.length === 1) tokens.push(word);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(`${chars[i]}${chars[i + 1]}`);
  }
  return tokens;
}

/** SimHash over the text's tokens (each token weighted by its count). An empty text gives 0n. */
export function simhash64(text: string): bigint {
  const votes = new Array<number>(BITS).fill(0);
  for (const token of simhashTokens(text)) {
    const halves = [fnv1a32(token, FNV_OFFSET_32), fnv1a32(token, SECOND_SEED)];
    for (let bit = 0; bit < BITS; bit++) {
      const half = halves[bit >> 5] ?? 0;
      votes[bit] = (votes[bit] ?? 0) + ((half >>> (bit & 31)) & 1 ? 1 : -1);
    }
  }
  let hash = 0n;
  for (let bit = 0; bit < BITS; bit++) if ((votes[bit] ?? 0) > 0) hash |= 1n << BigInt(bit);
  return hash;
}

/** Number of differing bits. */
export function hamming64(a: bigint, b: bigint): number {
  let x = a ^ b;
  let count = 0;
  while (x > 0n) {
    x &= x - 1n;
    count++;
  }
  return count;
}
