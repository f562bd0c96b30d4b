// letterRuns (src/text/letter-runs.ts) finds what the RegExps it replaces find: the runs of /[\p{L}\p{N}]+/gu, and
// with `each` the letters and numbers one by one, on the traps of UTF-16 and Unicode categories and on every
// fixture page's text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_DEFAULTS, letterRuns } from '../../src/text/letter-runs.js';
import { decodeDocument } from '../../src/page.js';
import { pageFixtures } from '../../scripts/fixtures/inventory.js';

const found = (s: string, each: boolean): string[] => {
  const { starts, ends, count } = letterRuns(s, each);
  return Array.from({ length: count }, (_, i) => s.slice(starts[i], ends[i]));
};
const byRegExp = (s: string, each: boolean): string[] =>
  each ? Array.from(s.replace(/[^\p{L}\p{N}]/gu, '')) : (s.match(/[\p{L}\p{N}]+/gu) ?? []);

const CASES: [name: string, text: string][] = [
  ['empty', ''],
  ['words and punctuation', 'Lavrov, Wang Yi — talks; 2026!'],
  ['Cyrillic with ё and a soft hyphen', 'Лав\u00ADров встретился с Ван И, ёлка'],
  ['Han, kana and hangul', '拉夫罗夫与王毅会谈。カタカナ 한국어'],
  ['combining marks split a run (\\p{M} is neither)', 'cafe\u0301 и\u0306'],
  ['numbers of other kinds: Arabic-Indic, Roman, fractions, superscripts', '٣٤ Ⅻ ½ x² ①'],
  ['a letter past the BMP (math bold A, CJK extension B)', 'a𝐀b 𠀀字'],
  ['an emoji past the BMP is neither', 'go😀go'],
  ['a lone high surrogate, alone and before a letter', 'a\uD83Db \uD83D'],
  ['a lone low surrogate', 'a\uDE00b'],
  ['a high surrogate at the very end', 'abc\uD840'],
  ['a pair whose code point is a letter, then a lone low', '\uD840\uDC00\uDC00x'],
  ['full-width letters and digits', 'ＮＡＴＯ １２３'],
  ['modifier letters and letter numbers', 'ʼ ˆ ᵃ ⅷ'],
];

describe('letterRuns finds what the RegExps find', () => {
  it.each(CASES)('%s', (_name, text) => {
    expect(found(text, false)).toEqual(byRegExp(text, false));
    expect(found(text, true)).toEqual(byRegExp(text, true));
  });

  it('every BMP unit on its own, as the RegExp reads it', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (letterRuns(ch).count !== (/^[\p{L}\p{N}]$/u.test(ch) ? 1 : 0)) differ.push(c);
    }
    expect(differ).toEqual([]);
  });

  it('grows past its first arrays and keeps them for the next string', () => {
    const many = 'a '.repeat(RUN_DEFAULTS.initialRuns * 2 + 3);
    expect(found(many, false)).toEqual(byRegExp(many, false));
    expect(found('x y', false)).toEqual(['x', 'y']);
  });

  it('every fixture page’s text', () => {
    for (const p of pageFixtures()) {
      const text = decodeDocument(readFileSync(p.htmlPath), { contentType: p.meta.headers['content-type'] }).text;
      const folded = text.normalize('NFKC').toLowerCase();
      expect(found(folded, false), p.htmlPath).toEqual(byRegExp(folded, false));
      expect(found(folded, true), p.htmlPath).toEqual(byRegExp(folded, true));
    }
  });
});
