// Queries that parse but probably do not say what their author meant, each a warning (not an error: someone may
// really watch for the word "not") that gives the fix:
// - operators are upper-case words, so `Lavrov or Wang` searches for three words that must all appear;
// - a word that mixes Latin and Cyrillic letters ("Лaвров" typed with a Latin a, a keyboard-layout slip the eye
//   cannot see) matches no text written in one script, so its rule silently never fires on it.
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

/** Latin letters that look like Cyrillic ones, position for position: the letters a layout slip puts in the
 *  wrong script. */
const LOOKALIKES = { latin: 'acekopxyABCEHKMOPTX', cyrillic: 'асекорхуАВСЕНКМОРТХ' };
const LATIN_TO_CYRILLIC = Object.fromEntries([...LOOKALIKES.latin].map((l, i) => [l, LOOKALIKES.cyrillic[i] as string]));
const CYRILLIC_TO_LATIN = Object.fromEntries([...LOOKALIKES.cyrillic].map((c, i) => [c, LOOKALIKES.latin[i] as string]));
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** Each word of `text` (offsets from `at`) with both Latin and Cyrillic letters, spelled in the script most of its
 *  letters are in (a tie: its first letter's) where every stray letter has a look-alike there. */
interface MixedWord {
  word: string;
  at: number;
  strays: string[];
  fixed?: string;
}

function mixedWords(text: string, at: number): MixedWord[] {
  const out: MixedWord[] = [];
  for (const m of text.matchAll(/\p{L}+/gu)) {
    const letters = [...m[0]];
    if (!letters.some((ch) => LATIN.test(ch)) || !letters.some((ch) => CYRILLIC.test(ch))) continue;
    const cyrillics = letters.filter((ch) => CYRILLIC.test(ch)).length;
    const latins = letters.filter((ch) => LATIN.test(ch)).length;
    const cyrillic = cyrillics > latins || (cyrillics === latins && CYRILLIC.test(letters[0] ?? ''));
    const map = cyrillic ? LATIN_TO_CYRILLIC : CYRILLIC_TO_LATIN;
    const strays = letters.filter((ch) => (cyrillic ? LATIN : CYRILLIC).test(ch));
    const fixed = strays.every((ch) => map[ch]) ? letters.map((ch) => map[ch] ?? ch).join('') : undefined;
    out.push({ word: m[0], at: at + m.index, strays, ...(fixed ? { fixed } : {}) });
  }
  return out;
}

function mixedMessage(w: MixedWord, where: string): string {
  const script = LATIN.test(w.strays[0] ?? '') ? 'Latin' : 'Cyrillic';
  const spelled = w.fixed ? `; in one script it reads: ${w.fixed}` : '';
  return `"${w.word}"${where} mixes Latin and Cyrillic letters (${script} ${[...new Set(w.strays)].join(', ')}), so it matches no text written in one script${spelled}`;
}

/** Words of a query that mix Latin and Cyrillic letters, each with its column. */
export function lintScripts(query: string): string[] {
  return bareWords(query).flatMap((w) => mixedWords(w.word, w.at).map((m) => mixedMessage(m, ` at column ${m.at + 1}`)));
}

export function lintWatchlist(
  cfg: { aliases: Record<string, string[]>; rules: { id: string; query: string }[] },
  file: string,
): ConfigIssue[] {
  const aliasIssues = Object.entries(cfg.aliases).flatMap(([name, list]) =>
    list.flatMap((term, i) =>
      mixedWords(term, 0).map((m) => ({ file, path: `$.aliases.${name}[${i}]`, message: `alias @${name}: ${mixedMessage(m, '')}` })),
    ),
  );
  const ruleIssues = cfg.rules.flatMap((r, i) =>
    [...lintQuery(r.query), ...lintScripts(r.query)].map((message) => ({
      file,
      path: `$.rules[${i}].query`,
      message: `rule "${r.id}": ${message}`,
    })),
  );
  return [...aliasIssues, ...ruleIssues];
}
