import { describe, expect, it } from 'vitest';
import { countTokens, extractDates, extractNumbers, itemFeatures, normaliseTerm } from '../../src/stories/features.js';
import { buildCorpus, NEAR_DUP_MAX_BITS, pairEvidence } from '../../src/stories/similarity.js';
import { hamming } from '../../src/identity.js';
import type { Candidate } from '../../src/types.js';
import { itemByUrl, loadWeek, MEETING, XINHUA_LETTER } from '../fixtures-stories/week.js';

describe('extractDates', () => {
  it.each([
    ['BEIJING, November 18. /TASS/.', ['11-18']],
    ['BEIJING, Nov. 19 (Xinhua) --', ['11-19']],
    ['on 18 November 2026', ['11-18']],
    ['ПЕКИН, 18 ноября. /ТАСС/.', ['11-18']],
    ['Москва, 1 мая', ['05-01']],
    ['人民网北京11月18日电', ['11-18']],
    ['Ｎｏｖｅｍｂｅｒ　１８', ['11-18']],
    ['published 2026-11-18', ['11-18']],
    ['November 32 is no date', []],
    ['18日 alone, and 30 tonnes', []],
    ['Decision 20 and Marshal 12', []],
    ['5 маяков и 3 марта', ['03-03']],
    ['Sept. 3 and 8 March', ['09-03', '03-08']],
  ])('%s → %j', (text, expected) => {
    expect(extractDates(text).dates).toEqual(expected);
  });

  it('blanks the dates out so their day is not counted again as a number', () => {
    expect(extractNumbers(extractDates('November 18: trade up 25 percent').rest)).toEqual({ numbers: ['25'], years: [] });
  });
});

describe('extractNumbers', () => {
  it.each([
    ['$240 billion in 2026', ['240'], ['2026']],
    ['25-летие договора', ['25'], []],
    ['签署25周年', ['25'], []],
    ['1,200 experts and 1\u00a0200 delegates, 18 100', ['1200', '1200', '18', '100'], []],
    ['3 ships', [], []],
  ])('%s', (text, numbers, years) => {
    expect(extractNumbers(text)).toEqual({ numbers, years });
  });
});

describe('normaliseTerm', () => {
  it.each([
    ['Wang  Yi', 'wang yi'],
    ['Зелёная энергетика', 'зеленая энергетика'],
    ['ＱＵＡＤ', 'quad'],
  ])('%s → %s', (term, expected) => {
    expect(normaliseTerm(term)).toBe(expected);
  });
});

describe('near-duplicate text (identity.ts SimHash over title + excerpts)', () => {
  const week = loadWeek();
  const simhashOf = (url: string) => itemFeatures(itemByUrl(week, url), 'x', new Set()).simhash;
  it.each([
    ['a near-verbatim reprint', XINHUA_LETTER[0], XINHUA_LETTER[1], 0, NEAR_DUP_MAX_BITS],
    ['two outlets on the same event in English', MEETING[0], MEETING[4], NEAR_DUP_MAX_BITS + 1, 64],
    ['the same report in English and Chinese', XINHUA_LETTER[0], XINHUA_LETTER[2], NEAR_DUP_MAX_BITS + 1, 64],
  ])('%s: distance in [%s, %s]', (_name, a, b, min, max) => {
    const d = hamming(simhashOf(a as string), simhashOf(b as string));
    expect(d).toBeGreaterThanOrEqual(min as number);
    expect(d).toBeLessThanOrEqual(max as number);
  });

  it.each([
    ['Lavrov met Wang Yi', 4],
    ['王毅会见拉夫罗夫', 8],
    ['Ｗａｎｇ Yi 王毅, 2026', 5],
  ])('counts the tokens of %s', (text, expected) => {
    expect(countTokens(text)).toBe(expected);
  });
});

describe('pair evidence', () => {
  const week = loadWeek();
  const base = itemByUrl(week, XINHUA_LETTER[0] as string);
  const entities = new Set(['xi']);
  const feature = (c: Candidate) => itemFeatures(c, c.source.id, entities);
  it.each([
    ['reprintOf names the other item', { reprintOf: { id: 'orig', source: 'people-en' } }, { id: 'orig' }, 'orig'],
    ['both reprint the same item', { reprintOf: { id: 'wire', source: 'x' } }, { reprintOf: { id: 'wire', source: 'x' } }, 'wire'],
  ])('adds reprint evidence when %s', (_name, a, b, key) => {
    const fa = feature({ ...base, id: 'a', excerpts: [], ...a });
    const fb = feature({ ...base, id: 'b', excerpts: [], ...b });
    const corpus = buildCorpus([fa, fb], 72);
    expect(pairEvidence(fa, fb, corpus).filter((e) => e.kind === 'reprint')).toEqual([{ kind: 'reprint', key, weight: 0.5 }]);
  });

  it('gives nothing for items outside the window', () => {
    const fa = feature(base);
    const fb = feature({ ...base, id: 'later', publishedAt: '2026-11-23T10:05:00+08:00' });
    expect(pairEvidence(fa, fb, buildCorpus([fa, fb], 72))).toEqual([]);
  });
});
