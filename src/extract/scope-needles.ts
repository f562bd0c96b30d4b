// The cheap test a scope (scoped.ts) runs on most start tags of a page: each comma branch of a scope lists texts its
// root's start tag must contain (a class, an id, an attribute's value), and a tag that holds no branch's texts cannot
// root a kept subtree, whatever its attributes parse to. Run on the tag's source as a string, or on its bytes when
// they are all ASCII: then no tag string is decoded, and the answer is the string test's (ASCII bytes are their own
// characters in UTF-8 and in GB18030, and lowercasing ASCII text leaves it ASCII).

/** A text the start tag's source must contain, lowercased first when `fold`; `bytes` is `text` as UTF-8. */
export interface Needle {
  text: string;
  fold: boolean;
  bytes: Uint8Array;
}

export function needle(text: string, fold: boolean): Needle {
  return { text, fold, bytes: Buffer.from(text, 'utf8') };
}

/** The needles of one comma branch: all must be in the tag. */
export interface NeedleBranch {
  needles: readonly Needle[];
}

/** Whether a branch's needles are all in the start tag's source. Loops, not closures, and the source lowercased only
 *  when a branch's case-sensitive needles are there: this runs for most start tags of a page. */
export function mayMatch(branches: readonly NeedleBranch[], tag: string): boolean {
  // An entity can spell a needed text differently: only the parsed attributes tell.
  if (tag.includes('&')) return branches.length > 0;
  let lower: string | undefined;
  for (let i = 0; i < branches.length; i++) {
    const needles = (branches[i] as NeedleBranch).needles;
    let all = true;
    for (let k = 0; all && k < needles.length; k++) {
      const n = needles[k] as Needle;
      if (!n.fold && !tag.includes(n.text)) all = false;
    }
    for (let k = 0; all && k < needles.length; k++) {
      const n = needles[k] as Needle;
      if (n.fold && !(lower ??= tag.toLowerCase()).includes(n.text)) all = false;
    }
    if (all) return true;
  }
  return false;
}

/** Whether the needle is at b[i, to), ASCII letters compared lowercased when it folds (its bytes are lowercase). */
function at(b: Uint8Array, i: number, to: number, n: Needle): boolean {
  const nb = n.bytes;
  if (i + nb.length > to) return false;
  for (let k = 0; k < nb.length; k++) {
    let d = b[i + k] as number;
    if (n.fold && d >= 0x41 && d <= 0x5a) d |= 0x20;
    if (d !== nb[k]) return false;
  }
  return true;
}

/** The needles of a list of branches, for one pass over a start tag's bytes: each distinct needle once, found by its
 *  first byte (both cases when it folds), and each branch as the bit mask of the needles it needs. */
export interface NeedleSet {
  needles: readonly Needle[];
  /** By byte value: the needles that start with it. */
  byFirst: readonly (readonly number[])[];
  masks: readonly number[];
  /** False past MAX_NEEDLES distinct needles: the masks cannot tell them apart, so the bytes leave every tag to the
   *  string test. */
  decides: boolean;
}

/** The most distinct needles one set tells apart (bits of a 32-bit mask, the sign bit left alone). */
const MAX_NEEDLES = 31;

export function needleSet(branches: readonly NeedleBranch[]): NeedleSet {
  const needles: Needle[] = [];
  const index = (n: Needle): number => {
    const k = needles.findIndex((m) => m.text === n.text && m.fold === n.fold);
    return k >= 0 ? k : needles.push(n) - 1;
  };
  const masks = branches.map((b) => b.needles.reduce((mask, n) => mask | (1 << Math.min(index(n), MAX_NEEDLES)), 0));
  if (needles.length > MAX_NEEDLES) return { needles: [], byFirst: [], masks: [], decides: false };
  const byFirst: number[][] = Array.from({ length: 256 }, () => []);
  needles.forEach((n, k) => {
    const c = n.bytes[0] as number;
    byFirst[c]?.push(k);
    if (n.fold && c >= 0x61 && c <= 0x7a) byFirst[c & ~0x20]?.push(k);
  });
  return { needles, byFirst, masks, decides: true };
}

/** mayMatch on the start tag's bytes b[from, to), in one pass whatever the number of branches; undefined when a byte
 *  past ASCII or an `&` leaves it to the string. */
export function mayMatchBytes(set: NeedleSet, b: Uint8Array, from: number, to: number): boolean | undefined {
  const { needles, byFirst, masks } = set;
  if (!set.decides) return undefined;
  let found = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c >= 0x80 || c === 0x26) return undefined;
    const starting = byFirst[c] as readonly number[];
    for (let j = 0; j < starting.length; j++) {
      const k = starting[j] as number;
      if ((found & (1 << k)) === 0 && at(b, i, to, needles[k] as Needle)) found |= 1 << k;
    }
  }
  for (let i = 0; i < masks.length; i++) if ((found & (masks[i] as number)) === masks[i]) return true;
  return false;
}
