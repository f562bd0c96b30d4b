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

/** Whether `n` is in b[from, to), ASCII letters compared lowercased when the needle folds (its bytes are lowercase). */
function holds(b: Uint8Array, from: number, to: number, n: Needle): boolean {
  const nb = n.bytes;
  const last = to - nb.length;
  const first = nb[0] as number;
  for (let i = from; i <= last; i++) {
    let c = b[i] as number;
    if (n.fold && c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== first) continue;
    let k = 1;
    for (; k < nb.length; k++) {
      let d = b[i + k] as number;
      if (n.fold && d >= 0x41 && d <= 0x5a) d |= 0x20;
      if (d !== nb[k]) break;
    }
    if (k === nb.length) return true;
  }
  return false;
}

/** mayMatch on the start tag's bytes b[from, to); undefined when a byte past ASCII or an `&` leaves it to the string. */
export function mayMatchBytes(branches: readonly NeedleBranch[], b: Uint8Array, from: number, to: number): boolean | undefined {
  for (let k = from; k < to; k++) {
    const c = b[k] as number;
    if (c >= 0x80 || c === 0x26) return undefined;
  }
  for (let i = 0; i < branches.length; i++) {
    const needles = (branches[i] as NeedleBranch).needles;
    let all = true;
    for (let k = 0; all && k < needles.length; k++) all = holds(b, from, to, needles[k] as Needle);
    if (all) return true;
  }
  return false;
}
