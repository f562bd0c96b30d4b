import { describe, expect, it } from 'vitest';
import { countTokens, extractDates, extractNumbers, itemFeatures, normaliseTerm } from '../../src/stories/features.js';
import { buildCorpus, NEAR_DUP_MAX_BITS, pairEvidence, pairScore, scoreOf } from '../../src/stories/similarity.js';
import { hamming } from '../../src/simhash.js';
import type { Candidate } from '../../src/types.js';
import { itemByUrl, loadWeek, MEETING, XINHUA_LETTER } from '../fixtures-stories/week.js';
import { DATE_PATTERNS, publicationDay } from '../../src/stories/dates.js';
import { seeded } from '../reliability/harness.js';

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

describe('extractDates relative to the publication day', () => {
  it.each([
    ["held in Xi'an on Monday", '2026-11-17T16:02+08:00', ['11-16']],
    ['第三届中国—中亚合作论坛16日在西安举行', '2026-11-17T08:30+08:00', ['11-16']],
    ['the talks on Wednesday', '2026-11-18T14:05+03:00', ['11-18']],
    ['переговоры в среду, а во вторник прибыл', '2026-11-18T14:12+03:00', ['11-18', '11-17']],
    ['外交部发言人周三表示', '2026-11-19T16:20+08:00', ['11-18']],
    ['新华社北京11月19日电 海关总署19日发布', '2026-11-19T10:42+08:00', ['11-19', '11-19']],
    ['28日开幕', '2026-12-03T09:00+08:00', ['11-28']],
    ['Mondays and среда are no dates', '2026-11-17T16:02+08:00', []],
    ['TALKS ON MONDAY, NOVEMBER 16', '2026-11-17T16:02+08:00', ['11-16', '11-16']],
    ['ПЕРЕГОВОРЫ ВО ВТОРНИК, 17 НОЯБРЯ', '2026-11-18T14:12+03:00', ['11-17', '11-17']],
    ['ſept. 3, held ſunday', '2026-09-07T10:00+03:00', ['09-03', '09-06']],
    ['星期日闭幕', '2026-11-19T16:20+08:00', ['11-15']],
  ])('%s (published %s) → %j', (text, at, expected) => {
    expect(extractDates(text, publicationDay(at, 'UTC') ?? undefined).dates).toEqual(expected);
  });

  // extractDates skips a pattern when the text lacks a character it needs (a digit, a script's letters, 月, "day"):
  // every need must hold wherever its pattern matches, on the NFKC text the patterns see.
  it('a pattern matches only where the characters it needs are (3,000 seeded texts)', () => {
    const pieces = [
      'November',
      'nov.',
      'SEPT',
      'ſept',
      'may',
      'Monday',
      'SUNDAY',
      'today',
      '18',
      '３',
      '2026-11-18',
      '-',
      ' ',
      '  ',
      ', ',
      'ноября',
      'МАЯ',
      'в',
      'во',
      'ВО',
      'среду',
      'понедельник',
      '月',
      '日',
      '周三',
      '星期',
      '天',
      '\u212a',
      'x',
      '.',
    ];
    const r = seeded(16);
    let matched = 0;
    for (let n = 0; n < 3_000; n++) {
      const text = Array.from({ length: 1 + Math.floor(r() * 8) }, () => pieces[Math.floor(r() * pieces.length)])
        .join('')
        .normalize('NFKC');
      for (const p of DATE_PATTERNS) {
        p.re.lastIndex = 0;
        if (!p.re.test(text)) continue;
        matched++;
        for (const need of p.needs) expect(need.test(text), `${p.re.source} needs ${need.source} in ${JSON.stringify(text)}`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('reads the publication day in the offset written, else in the source zone', () => {
    expect(publicationDay('2026-11-20T00:40+03:00', 'UTC')).toMatchObject({ month: 11, day: 20, weekday: 5 });
    expect(publicationDay('2026-11-19T21:40:00', 'Europe/Moscow')).toMatchObject({ month: 11, day: 19 });
  });
});

describe('extractNumbers', () => {
  it.each([
    ['grew 4.6 percent in 10 months', ['4.6', '10'], []],
    ['рекордных 41,2 млн тонн', ['41.2'], []],
    ['增长4.6%', ['4.6'], []],
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

describe('what counts as sharing an event', () => {
  const base = itemByUrl(loadWeek(), XINHUA_LETTER[0] as string);
  type HitSpec = [rule: string, field: 'title' | 'body', paragraph: number];
  const item = (cid: string, at: string, title: string, lead: string, hits: HitSpec[]): Candidate => ({
    ...base,
    id: cid,
    credit: null,
    reprintOf: null,
    publishedAt: at,
    title,
    excerpts: [{ paragraph: 0, text: lead, highlights: [] }],
    matches: [...new Set(hits.map(([rule]) => rule))].map((rule) => ({
      rule,
      label: rule,
      weight: 1,
      hits: hits
        .filter(([r]) => r === rule)
        .map(([r, field, paragraph]) => ({ rule: r, term: r, text: r, field, paragraph, start: 0, end: 0 })),
    })),
  });
  const joins = (a: Candidate, b: Candidate) => {
    const fa = itemFeatures(a, 'x', new Set(['lavrov']));
    const fb = itemFeatures(b, 'y', new Set(['lavrov']));
    const corpus = buildCorpus([fa, fb], 72);
    const evidence = pairEvidence(fa, fb, corpus);
    // The scoring path (integer keys) must draw the same line as the evidence path (string keys).
    expect(pairScore(fa, fb, corpus)).toBe(scoreOf(evidence));
    return evidence.length > 0;
  };
  const QUAD: HitSpec[] = [
    ['quad', 'title', 0],
    ['joint-exercises', 'body', 0],
    ['missiles', 'body', 0],
  ];
  it.each([
    [
      'topic rules alone, however many',
      item('a', '2026-11-19T20:15+08:00', 'Quad drills', 'Drills began.', QUAD),
      item('b', '2026-11-20T00:40+03:00', 'Navies drill', 'Ships sailed.', QUAD),
      false,
    ],
    [
      'topics and the day both were filed (datelines)',
      item('a', '2026-11-20T19:05+03:00', 'EU sanctions', 'MOSCOW, November 20.', QUAD),
      item('b', '2026-11-20T19:45+08:00', '演习', '人民网北京11月20日电', QUAD),
      false,
    ],
    [
      'topics and an event day both leads give',
      item('a', '2026-11-17T16:02+08:00', 'Forum', 'The forum opened on Monday.', QUAD),
      item('b', '2026-11-17T08:30+08:00', '论坛', '论坛16日举行', QUAD),
      true,
    ],
    [
      'topics and a figure',
      item('a', '2026-11-19T11:05+08:00', 'Trade', 'Trade grew 4.6 percent.', QUAD),
      item('b', '2026-11-19T10:42+08:00', '贸易', '增长4.6%', QUAD),
      true,
    ],
    [
      'a person both are about',
      item('a', '2026-11-18T14:05+03:00', 'Lavrov', 'x', [...QUAD, ['lavrov', 'title', 0]]),
      item('b', '2026-11-18T21:05+08:00', '拉夫罗夫', 'y', [...QUAD, ['lavrov', 'body', 0]]),
      true,
    ],
    [
      'a person one names in passing',
      item('a', '2026-11-18T14:05+03:00', 'Lavrov', 'x', [...QUAD, ['lavrov', 'title', 0]]),
      item('b', '2026-11-19T16:20+08:00', '制裁', 'y', [...QUAD, ['lavrov', 'body', 2]]),
      false,
    ],
    [
      'the same person and topics, but leads dated two days apart',
      item('a', '2026-11-16T13:30+03:00', 'Lavrov', 'MOSCOW, November 16.', [...QUAD, ['lavrov', 'title', 0]]),
      item('b', '2026-11-18T14:05+03:00', 'Lavrov', 'BEIJING, November 18.', [...QUAD, ['lavrov', 'title', 0]]),
      false,
    ],
    [
      'leads a day apart (a dateline after midnight elsewhere)',
      item('a', '2026-11-19T23:50+03:00', 'Lavrov', 'MOSCOW, November 19.', [...QUAD, ['lavrov', 'title', 0]]),
      item('b', '2026-11-20T04:55+08:00', '拉夫罗夫', '新华社北京11月20日电', [...QUAD, ['lavrov', 'title', 0]]),
      true,
    ],
  ])('%s: joins = %s', (_name, a, b, expected) => {
    expect(joins(a, b)).toBe(expected);
  });
});
