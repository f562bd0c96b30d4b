// Where the letters and numbers of a string lie (\p{L}, \p{N}): the runs `/[\p{L}\p{N}]+/gu` matches, or each such
// character on its own, as offsets, for the fingerprint's shingles (src/identity.ts). The RegExp's Unicode property
// classes cost ~17 ns a character on Node 20 (200 µs for a 12,000-character Russian article) and every match is a
// new string; this reads one table entry per UTF-16 unit and makes no string.
// Guarantee: the same runs and characters as the RegExp on any string, lone surrogates included (a lone surrogate
// is neither); tests/text/letter-runs.test.ts compares them on a table of traps and on every fixture page's text.

const LETTERS_OR_NUMBERS = /[\p{L}\p{N}]+/gu;
const ONE_LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

export const RUN_DEFAULTS = {
  /** Code points past the BMP remembered as letter-or-not; past this the memory starts again. */
  maxAstralRemembered: 4096,
  /** The offset arrays' first size (they grow by doubling and are kept for the next string). */
  initialRuns: 4096,
};

let bmp: Uint8Array | undefined;

/** 1 for each BMP unit that is a letter or number on its own (0 for surrogates): one RegExp pass over all of them. */
function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const table = new Uint8Array(0x10000);
  const units = new Uint16Array(0x10000 - 0x800);
  let k = 0;
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) units[k++] = c;
  const all = Buffer.from(units.buffer).toString('utf16le');
  for (const m of all.matchAll(LETTERS_OR_NUMBERS)) {
    for (let i = m.index; i < m.index + m[0].length; i++) table[all.charCodeAt(i)] = 1;
  }
  bmp = table;
  return table;
}

const astral = new Map<number, boolean>();

function astralLetterOrNumber(codePoint: number): boolean {
  let is = astral.get(codePoint);
  if (is === undefined) {
    is = ONE_LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint));
    if (astral.size >= RUN_DEFAULTS.maxAstralRemembered) astral.clear();
    astral.set(codePoint, is);
  }
  return is;
}

/** Runs as [starts[i], ends[i]) for i < count. The arrays are reused by the next call: read them before it. */
export interface Runs {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

const runs: Runs = { starts: new Int32Array(RUN_DEFAULTS.initialRuns), ends: new Int32Array(RUN_DEFAULTS.initialRuns), count: 0 };

function push(start: number, end: number): void {
  if (runs.count === runs.starts.length) {
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    runs.starts = grow(runs.starts);
    runs.ends = grow(runs.ends);
  }
  runs.starts[runs.count] = start;
  runs.ends[runs.count] = end;
  runs.count++;
}

/** The runs of letters and numbers in `s` (`s.match(/[\p{L}\p{N}]+/gu)`), or with `each` every letter or number on
 *  its own (`Array.from(s.replace(/[^\p{L}\p{N}]/gu, ''))`, a character past the BMP being two units). */
export function letterRuns(s: string, each = false): Runs {
  const table = bmpTable();
  runs.count = 0;
  let open = -1;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    let width = 1;
    let is = table[c] === 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        width = 2;
        is = astralLetterOrNumber(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
      }
    }
    if (!is) {
      if (open >= 0) push(open, i);
      open = -1;
    } else if (each) push(i, i + width);
    else if (open < 0) open = i;
    i += width;
  }
  if (open >= 0) push(open, s.length);
  return runs;
}
