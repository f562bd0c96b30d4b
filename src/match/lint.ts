// Queries that parse but probably do not say what their author meant. Operators are upper-case words, so
// `Lavrov or Wang` searches for three words that must all appear ("or" among them). Such a word is a warning,
// not an error (someone may really watch for the word "not"), and the warning gives the query with the fix.
import type { ConfigIssue } from '../types.js';

const LOOKALIKE = /^(?:or|and|not|near\/\d+)$/i;
const OPERATOR = /^(?:OR|AND|NOT|NEAR\/\d+)$/;

/** Operands and words in order, with their offsets; a "phrase" is one word that is never an operator. */
function bareWords(query: string): { word: string; at: number }[] {
  const out: { word: string; at: number }[] = [];
  const re = /"[^"]*"?|[^\s()"]+/gu;
  for (let m = re.exec(query); m; m = re.exec(query)) out.push({ word: m[0], at: m.index });
  return out;
}

/** Lower- or mixed-case operator words between two operands, each with the corrected query. */
export function lintQuery(query: string): string[] {
  const words = bareWords(query);
  const between = (i: number): boolean => i < words.length - 1 && (i > 0 || /^not$/i.test(words[i]?.word ?? ''));
  const found = words.filter((w, i) => LOOKALIKE.test(w.word) && !OPERATOR.test(w.word) && between(i));
  if (found.length === 0) return [];
  let fixed = query;
  for (const w of [...found].reverse()) fixed = fixed.slice(0, w.at) + w.word.toUpperCase() + fixed.slice(w.at + w.word.length);
  return found.map(
    (w) =>
      `"${w.word}" at column ${w.at + 1} is searched for as a word (operators are upper case); if you meant the operator, write: ${fixed}`,
  );
}

export function lintWatchlist(rules: { id: string; query: string }[], file: string): ConfigIssue[] {
  return rules.flatMap((r, i) =>
    lintQuery(r.query).map((message) => ({ file, path: `$.rules[${i}].query`, message: `rule "${r.id}": ${message}` })),
  );
}
