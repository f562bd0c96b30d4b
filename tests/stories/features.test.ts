import { describe, expect, it } from 'vitest';
import { extractDates, extractNumbers, itemFeatures, normaliseTerm } from '../../src/stories/features.js';
import { hamming64, simhash64, simhashTokens } from '../../src/stories/simhash.js';
import { buildCorpus, pairEvidence } from '../../src/stories/similarity.js';
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

describe('simhash64', () => {
  const week = loadWeek();
  const textOf = (url: string) => {
    const c = itemByUrl(week, url);
    return [c.title, ...c.excerpts.map((e) => e.text)].join('\n');
  };
  it.each([
    ['a near-verbatim reprint', XINHUA_LETTER[0], XINHUA_LETTER[1], 0, 10],
    ['two outlets on the same event in English', MEETING[0], MEETING[4], 11, 64],
    ['the same report in English and Chinese', XINHUA_LETTER[0], XINHUA_LETTER[2], 11, 64],
  ])('%s: distance in [%s, %s]', (_name, a, b, min, max) => {
    const d = hamming64(simhash64(textOf(a as string)), simhash64(textOf(b as string)));
    expect(d).toBeGreaterThanOrEqual(min as number);
    expect(d).toBeLessThanOrEqual(max as number);
  });

  it.each([
    ['Lavrov met Wang Yi', ['lavrov', 'met', 'wang', 'yi']],
    ['王毅会见', ['王毅', '毅会', '会见']],
    ['中 и Ё', ['中']],
  ])('tokens of %s', (text, expected) => {
    expect(simhashTokens(text)).toEqual(expected);
  });

  it('counts bits', () => {
    expect([hamming64(0n, 0n), hamming64(0b1011n, 0n), hamming64(-1n & ((1n << 64n) - 1n), 0n)]).toEqual([0, 3, 64]);
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
