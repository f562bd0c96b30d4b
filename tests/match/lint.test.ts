// Operator look-alikes: a lower- or mixed-case operator word between operands is warned about, with the
// corrected query; operators, phrases and a word at the edge of the query are left alone. Words that mix Latin
// and Cyrillic letters (a keyboard-layout slip) are warned about with their one-script spelling.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compileWatchlist } from '../../src/match/compile.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { lintQuery, lintScripts } from '../../src/match/lint.js';

describe('lintQuery', () => {
  it.each([
    ['Lavrov or "Wang Yi"', ['or', 8, 'Lavrov OR "Wang Yi"']],
    ['(Lavrov and Wang)', ['and', 9, '(Lavrov AND Wang)']],
    ['not Lavrov', ['not', 1, 'NOT Lavrov']],
    ['Arctic near/5 shipping', ['near/5', 8, 'Arctic NEAR/5 shipping']],
    ['Lavrov Or Wang', ['Or', 8, 'Lavrov OR Wang']],
  ] as const)('%s → warned', (query, [word, column, fixed]) => {
    expect(lintQuery(query)).toEqual([
      `"${word}" at column ${column} is searched for as a word (operators are upper case); if you meant the operator, write: ${fixed}`,
    ]);
  });

  it.each([
    'Lavrov OR Wang',
    'NOT Lavrov',
    '"or" Lavrov',
    '"Lavrov or Wang"',
    'Lavrov or',
    'or',
    'Oregon OR Orlando',
    'Lavrov NEAR/5 Wang',
  ])('%s → no warning', (query) => {
    expect(lintQuery(query)).toEqual([]);
  });

  it('two look-alikes: each warned, one corrected query', () => {
    expect(lintQuery('a or b and c').map((m) => m.split('write: ')[1])).toEqual(['a OR b AND c', 'a OR b AND c']);
  });
});

const MIXED = 'mixes Latin and Cyrillic letters';
const UNSEEN = 'so it matches no text written in one script';

describe('lintScripts', () => {
  it.each([
    ['a Latin a in Лавров', 'Лaвров', [`"Лaвров" at column 1 ${MIXED} (Latin a), ${UNSEEN}; in one script it reads: Лавров`]],
    [
      'a Cyrillic о in Lavrov',
      'Putin OR Lavrоv',
      [`"Lavrоv" at column 10 ${MIXED} (Cyrillic о), ${UNSEEN}; in one script it reads: Lavrov`],
    ],
    [
      'the first letter astray: the most letters win',
      'Mосква',
      [`"Mосква" at column 1 ${MIXED} (Latin M), ${UNSEEN}; in one script it reads: Москва`],
    ],
    [
      'inside a phrase, its own column',
      '"Сергей Лaвров"',
      [`"Лaвров" at column 9 ${MIXED} (Latin a), ${UNSEEN}; in one script it reads: Лавров`],
    ],
    ['a stray letter with no look-alike: no spelling offered', 'Qлюч', [`"Qлюч" at column 1 ${MIXED} (Latin Q), ${UNSEEN}`]],
    ['Latin beside Chinese is a real term', '卫星V OR 卫星-V', []],
    ['each word in one script', '"Sputnik V" OR "Спутник V" OR Лавров', []],
  ])('%s', (_case, query, warnings) => {
    expect(lintScripts(query)).toEqual(warnings);
  });

  it('an alias term is checked too, at its own JSON path; the watchlist still compiles', () => {
    const compiled = compileWatchlist({
      aliases: { russia: ['Россия', 'Mосква'] },
      rules: [{ id: 'r', label: 'R', weight: 1, query: '@russia' }],
    });
    expect(compiled.rules.map((r) => r.id)).toEqual(['r']);
    expect(compiled.warnings).toEqual([
      {
        file: 'watchlist.json',
        path: '$.aliases.russia[1]',
        message: `alias @russia: "Mосква" ${MIXED} (Latin M), ${UNSEEN}; in one script it reads: Москва`,
      },
    ]);
  });

  it('the shipped watchlist, trilingual, raises none', () => {
    expect(loadWatchlistFile(join(import.meta.dirname, '../../watchlist.json')).warnings).toBeUndefined();
  });
});
