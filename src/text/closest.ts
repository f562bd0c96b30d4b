// "Did you mean": the known word nearest to a mistyped one (a config key, a time zone, a command or an option),
// so an error names the fix, not only the fault. Guarantee: a suggestion is offered only when it is close enough to
// be the likely intent (letters swapped, one or two wrong, another case), and never for an exact known word.

/** How far a suggestion may be from what was typed, by length: one edit for short words, two from `longFrom`. */
export const CLOSEST_DEFAULTS = { shortMaxEdits: 1, longMaxEdits: 2, longFrom: 6 };

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`, stopping early past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** The known word nearest to `typed` (case ignored), or undefined when none is near enough; the first known word
 *  wins a tie, so callers list the likelier words first. */
export function closest(typed: string, known: Iterable<string>, opts = CLOSEST_DEFAULTS): string | undefined {
  const t = typed.toLowerCase();
  const limit = t.length >= opts.longFrom ? opts.longMaxEdits : opts.shortMaxEdits;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const word of known) {
    if (word === typed) return undefined;
    const d = distance(t, word.toLowerCase(), limit);
    if (d < bestDistance) [best, bestDistance] = [word, d];
  }
  return best;
}

/** `; did you mean "x"?`, or nothing: ready to append to an error message. */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const near = closest(typed, known);
  return near === undefined ? '' : `; did you mean "${near}"?`;
}
