// Operator look-alikes: a lower- or mixed-case operator word between operands is warned about, with the
// corrected query; operators, phrases and a word at the edge of the query are left alone.
import { describe, expect, it } from 'vitest';
import { lintQuery } from '../../src/match/lint.js';

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
