// Russian inflection for bare Cyrillic words. A term word W (folded: lowercase, ё → е) gets a small
// paradigm of case forms chosen by its ending, and the Snowball stems of those forms. A text word T
// matches W when
//   1. T starts with the common prefix of W's forms (so газ never reaches Газпром's neighbours by
//      stem alone, and Лавров's prefix is лавров, not the stem лавр), and
//   2. T is one of the generated forms, or stem(T) is one of the forms' stems and T is at least as long
//      as W (so the whale кита never passes for Китай, whose forms stem to кит and кита). Words of
//      three letters use the forms only (Snowball stems ванна to ван).
// Лавровский (stem лавровск) and Газпром (stem газпр) fail rule 2; Лаврова, Лаврову, Лавровым pass.
import { createRequire } from 'node:module';
import type snowballModule from 'snowball-stemmers';

// snowball-stemmers is one 870 KB CommonJS file. An ESM `import` of it runs Node's CommonJS export lexer over the
// whole file and compiles it up front: ~150 ms of CPU in every thread that matches (the main thread and each page
// worker) on Node 20, ~20 ms on Node 24 (measured 2026-12-06). require() compiles it lazily: ~25 ms.
const snowball = createRequire(import.meta.url)('snowball-stemmers') as typeof snowballModule;

const MIN_MORPH_LENGTH = 3;
/** Shorter words (газ, Ван) match their generated forms only: Snowball stems ванна to ван. */
const MIN_STEM_LENGTH = 4;
const STEM_CACHE_MAX = 50_000;

const ADJ = [
  'ый',
  'ий',
  'ой',
  'ого',
  'его',
  'ому',
  'ему',
  'ым',
  'им',
  'ом',
  'ем',
  'ая',
  'яя',
  'ей',
  'ую',
  'юю',
  'ое',
  'ее',
  'ые',
  'ие',
  'ых',
  'их',
  'ыми',
  'ими',
];
const FEM_A = ['а', 'ы', 'и', 'е', 'у', 'ой', 'ою', 'ам', 'ами', 'ах', ''];
const FEM_YA = ['я', 'и', 'е', 'ю', 'ей', 'ею', 'ям', 'ями', 'ях', 'ь', ''];
const NOUN_IYA = ['ия', 'ии', 'ию', 'ией', 'ий', 'иям', 'иями', 'иях', 'ие', 'ием', 'иев'];
const MASC_HARD = ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'];
const MASC_VELAR = ['и', 'ей', 'ем'];
const SURNAME = ['ым', 'ыми', 'ой', 'ы'];
const FEM_SURNAME = ['а', 'ой', 'у', 'ою'];
const MASC_Y = ['й', 'я', 'ю', 'ем', 'е', 'и', 'ев', 'ям', 'ями', 'ях'];
const SOFT = ['ь', 'я', 'ю', 'ем', 'е', 'и', 'ей', 'ям', 'ями', 'ях', 'ью'];
const NEUTER = ['о', 'е', 'а', 'я', 'у', 'ю', 'ом', 'ем', 'ам', 'ям', 'ами', 'ями', 'ах', 'ях', ''];

export interface RussianWord {
  word: string;
  prefix: string;
  forms: ReadonlySet<string>;
  /** Empty for short words: they match their generated forms only (words under 3 letters: themselves). */
  stems: ReadonlySet<string>;
}

const stemmer = snowball.newStemmer('russian');
const stemCache = new Map<string, string>();

/** Snowball stem of a folded word, cached (text words repeat a lot). */
export function stemRu(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    s = stemmer.stem(word);
    stemCache.set(word, s);
  }
  return s;
}

/** `name` is true when the term was written capitalised (Захарова): a feminine surname in -ова/-ева/-ина
 * then declines as one (Захаровой, Захарову) and never reaches the masculine Захаров. */
export function russianWord(word: string, name = false): RussianWord {
  if (word.length < MIN_MORPH_LENGTH) {
    return { word, prefix: word, forms: new Set([word]), stems: new Set() };
  }
  const forms = new Set<string>([word]);
  const femSurname = name && word.length >= 6 && /(ов|ев|ин|ын)а$/u.test(word);
  for (const [base, endings] of femSurname ? [[word.slice(0, -1), FEM_SURNAME] as const] : paradigms(word)) {
    for (const e of endings) forms.add(base + e);
  }
  const stems = new Set<string>();
  // A feminine surname matches its four forms only: its stems are the masculine surname's.
  if (word.length >= MIN_STEM_LENGTH && !femSurname) for (const f of forms) stems.add(stemRu(f));
  return { word, prefix: commonPrefix([...forms]), forms, stems };
}

/** Does the folded text word match the term word (see the header for the rule)? */
export function matchesRussian(rw: RussianWord, textWord: string): boolean {
  if (rw.forms.has(textWord)) return true;
  if (rw.stems.size === 0 || textWord.length < rw.word.length || !textWord.startsWith(rw.prefix)) return false;
  return rw.stems.has(stemRu(textWord));
}

function paradigms(w: string): [string, readonly string[]][] {
  const cut = (n: number): string => w.slice(0, w.length - n);
  const end2 = w.slice(-2);
  const last = w.slice(-1);
  const beforeLast = w.slice(-2, -1);
  if (w.length >= 5 && ['ый', 'ой', 'ая', 'яя', 'ое', 'ее', 'ые', 'ых', 'ую'].includes(end2)) return [[cut(2), ADJ]];
  if (w.length >= 5 && end2 === 'ий')
    return [
      [cut(2), ADJ],
      [cut(2), NOUN_IYA],
    ];
  if (w.length >= 5 && end2 === 'ие') return /[кгхшщжч]/u.test(w.slice(-3, -2)) ? [[cut(2), ADJ]] : [[cut(2), NOUN_IYA]];
  if (end2 === 'ия' || end2 === 'ии') return [[cut(2), NOUN_IYA]];
  if (last === 'а') return [[cut(1), FEM_A]];
  if (last === 'я') return [[cut(1), FEM_YA]];
  if (last === 'ы')
    return [
      [cut(1), FEM_A],
      [cut(1), MASC_HARD],
    ];
  if (last === 'и')
    return [
      [cut(1), FEM_A],
      [cut(1), MASC_HARD],
      [cut(1), MASC_VELAR],
      [cut(1), FEM_YA],
    ];
  if (last === 'й') return [[cut(1), MASC_Y]];
  if (last === 'ь') return [[cut(1), SOFT]];
  if (last === 'о' || last === 'е') return [[cut(1), NEUTER]];
  const out: [string, readonly string[]][] = [[w, MASC_HARD]];
  if (/[кгхжшчщ]/u.test(last)) out.push([w, MASC_VELAR]);
  if (/(ов|ев|ин|ын)$/u.test(w) && beforeLast !== '') out.push([w, SURNAME]);
  return out;
}

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) {
    let i = 0;
    while (i < p.length && i < w.length && p[i] === w[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}
