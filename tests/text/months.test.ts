// monthOfName (src/text/months.ts): the month a whole English or genitive Russian name stands for, in any case;
// anything else, abbreviations and other Russian cases among them, is 0 (the callers' patterns never hand it one).
import { describe, expect, it } from 'vitest';
import { EN_MONTH_NAMES, monthOfName, RU_MONTHS_GENITIVE } from '../../src/text/months.js';

const CASES: [name: string, month: number][] = [
  ['january', 1],
  ['November', 11],
  ['DECEMBER', 12],
  ['января', 1],
  ['Ноября', 11],
  ['мая', 5],
  ['may', 5],
  ['Nov', 0],
  ['sept', 0],
  ['ноябрь', 0],
  ['', 0],
];

describe('monthOfName', () => {
  it.each(CASES)('%j is month %i', (name, month) => expect(monthOfName(name)).toBe(month));

  it('reads every name of both lists as its place in the year', () => {
    for (const names of [EN_MONTH_NAMES, RU_MONTHS_GENITIVE]) {
      expect(names).toHaveLength(12);
      names.forEach((name, i) => expect(monthOfName(name)).toBe(i + 1));
    }
  });
});
