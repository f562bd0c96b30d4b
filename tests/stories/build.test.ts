import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildStories, JOIN_THRESHOLD, type Story } from '../../src/stories/index.js';
import { averageLinkClusters, pairKey } from '../../src/stories/cluster.js';
import { pairScoresFrom } from '../../src/stories/pair-scores.js';
import { assignStoryIds } from '../../src/stories/ids.js';
import type { Candidate } from '../../src/types.js';
import { ARCTIC_SHIPPING, BRIEFING, itemByUrl, loadWeek, MEETING, OUTLETS, QUAD_DRILLS, XINHUA_LETTER } from '../fixtures-stories/week.js';

const week = loadWeek();
const stories = buildStories(week, OUTLETS);
const id = (urlPart: string) => itemByUrl(week, urlPart).id;
const storyOf = (all: Story[], urlPart: string) => all.find((s) => s.items.some((m) => m.id === id(urlPart)));
const memberSet = (s: Story | undefined) => new Set(s?.items.map((m) => m.id));

describe('buildStories on the fixture week', () => {
  it.each([
    ['the foreign ministers meeting (4 outlets, en/ru/zh)', MEETING],
    ['Arctic shipping (TASS en/ru)', ARCTIC_SHIPPING],
    ['Quad drills (Global Times alone)', QUAD_DRILLS],
    ["Zakharova's briefing (MFA en/ru)", BRIEFING],
    ['the Xinhua letter and its reprints', XINHUA_LETTER],
  ])('%s forms exactly one story', (_name, urls) => {
    expect(memberSet(storyOf(stories, urls[0] as string))).toEqual(new Set(urls.map(id)));
  });

  it('puts every item in exactly one story', () => {
    expect(stories).toHaveLength(5);
    expect(stories.flatMap((s) => s.items.map((m) => m.id)).sort()).toEqual(week.map((c) => c.id).sort());
  });

  it.each([
    ['Arctic shipping shares arctic, trade and china-russia with the meeting', ARCTIC_SHIPPING[0], MEETING[0]],
    ['the briefing names Lavrov and sanctions two days after the meeting', BRIEFING[0], MEETING[2]],
    ['the Quad drills share the Indo-Pacific with the meeting', QUAD_DRILLS[0], MEETING[6]],
    ['the Xinhua letter shares china-russia with the meeting', XINHUA_LETTER[0], MEETING[4]],
    ['the Xinhua letter (zh) and the meeting (zh) share only 中俄', XINHUA_LETTER[2], MEETING[5]],
  ])('nothing joins a story it does not belong to: %s', (_name, a, b) => {
    expect(storyOf(stories, a as string)?.id).not.toBe(storyOf(stories, b as string)?.id);
  });

  it('explains why each member joined: the seed first, then anchor, score and evidence', () => {
    const meeting = storyOf(stories, MEETING[0] as string) as Story;
    const [seed, ...rest] = meeting.items;
    expect(seed?.join).toEqual({ kind: 'seed' });
    for (const m of rest) {
      if (m.join.kind !== 'joined') throw new Error(`${m.id} has no join reason`);
      expect(meeting.items.map((x) => x.id)).toContain(m.join.anchor);
      expect(m.join.meanScore).toBeGreaterThanOrEqual(JOIN_THRESHOLD);
      expect(m.join.evidence.map((e) => `${e.kind}:${e.key}`)).toEqual(expect.arrayContaining(['entity:lavrov', 'entity:wang-yi']));
      expect(m.join.evidence.reduce((sum, e) => sum + e.weight, 0)).toBeCloseTo(m.join.score, 1);
    }
  });

  it('joins the near-verbatim Xinhua reprint on its text (SimHash) evidence', () => {
    const letter = storyOf(stories, XINHUA_LETTER[0] as string) as Story;
    const reprint = letter.items.find((m) => m.id === id(XINHUA_LETTER[1] as string));
    expect(reprint?.join.kind === 'joined' && reprint.join.evidence.some((e) => e.kind === 'text')).toBe(true);
  });

  it('names a story after its best English member', () => {
    expect(storyOf(stories, MEETING[5] as string)?.title).toBe('Wang Yi holds talks with Russian Foreign Minister Lavrov in Beijing');
  });

  it('gives the same stories whatever the input order', () => {
    expect(buildStories([...week].reverse(), OUTLETS)).toEqual(stories);
  });

  it('keeps items further apart than the window out of one story', () => {
    const late: Candidate = { ...itemByUrl(week, MEETING[4] as string), id: 'late-copy', publishedAt: '2026-11-22T20:15:00+08:00' };
    const withLate = buildStories([...week, late], OUTLETS);
    expect(storyOf(withLate, MEETING[0] as string)?.items.map((m) => m.id)).not.toContain('late-copy');
    expect(
      buildStories([...week, late], { ...OUTLETS, windowHours: 120 }).find((s) => s.items.some((m) => m.id === 'late-copy'))?.items.length,
    ).toBe(8);
  });

  it('groups editions by their declared outlet, treats an undeclared source as its own outlet, and honours a custom outletOf', () => {
    const other: Candidate = { ...itemByUrl(week, MEETING[4] as string), id: 'xinhua-copy', source: { id: 'xinhua-en', name: 'Xinhua' } };
    const meeting = storyOf(buildStories([...week, other], OUTLETS), MEETING[0] as string) as Story;
    expect(meeting.outlets.map((o) => [o.outlet, o.name, o.sources.join('+')])).toEqual([
      ['TASS', 'TASS', 'tass-en+tass-ru'],
      ['Russian MFA', 'Russian MFA', 'mid-en+mid-ru'],
      ["People's Daily", "People's Daily", 'people-en+people-zh'],
      ['Global Times', 'Global Times', 'globaltimes'],
      ['xinhua-en', 'Xinhua', 'xinhua-en'],
    ]);
    const undeclared = storyOf(buildStories(week), MEETING[0] as string) as Story;
    expect(undeclared.outlets.map((o) => o.outlet)).toEqual([
      'globaltimes',
      'mid-en',
      'mid-ru',
      'people-en',
      'people-zh',
      'tass-en',
      'tass-ru',
    ]);
    const merged = storyOf(buildStories(week, { outletOf: () => 'one' }), MEETING[0] as string) as Story;
    expect(merged.outlets.map((o) => o.outlet)).toEqual(['one']);
  });

  const mini = (cid: string, source: string, title: string, rules: string[]): Candidate => ({
    ...itemByUrl(week, MEETING[0] as string),
    id: cid,
    source: { id: source, name: source },
    title,
    excerpts: [],
    matches: rules.map((rule) => ({
      rule,
      label: rule,
      weight: 1,
      hits: [{ rule, term: rule, text: rule, field: 'title', paragraph: 0, start: 0, end: 0 }],
    })),
  });
  it.each([
    [
      'one shared generic rule is not enough',
      ['China-Russia trade forum opens', ['china-russia']],
      ['Russian-Chinese vaccine plant', ['china-russia']],
      false,
    ],
    ['a person and a date are', ['Lavrov in Beijing on November 18', ['lavrov']], ['拉夫罗夫11月18日抵达北京', ['lavrov']], true],
    ['two rules are', ['Lavrov on sanctions', ['lavrov', 'sanctions']], ['Лавров о санкциях', ['lavrov', 'sanctions']], true],
  ] as [string, [string, string[]], [string, string[]], boolean][])(
    'sharing enough evidence: %s',
    (_name, [ta, ra], [tb, rb], together) => {
      expect(buildStories([mini('a', 'tass-en', ta, ra), mini('b', 'people-zh', tb, rb)], OUTLETS)).toHaveLength(together ? 1 : 2);
    },
  );

  it('validates against schemas/stories.v1.schema.json, and as the stories section of candidates.json', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const dir = new URL('../../schemas/', import.meta.url);
    for (const f of readdirSync(dir)) ajv.addSchema(JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as object);
    const errors = (schemaId: string, doc: unknown) => {
      const validate = ajv.getSchema(`https://wirewatch.example/schemas/${schemaId}`);
      if (!validate) throw new Error(`${schemaId} not found`);
      return validate(doc) ? [] : validate.errors;
    };
    expect(errors('stories.v1.schema.json', stories)).toEqual([]);
    expect(errors('stories.v1.schema.json', [{ ...stories[0], items: [] }])).not.toEqual([]);
    const weekDoc = JSON.parse(readFileSync(new URL('../fixtures-stories/week.json', import.meta.url), 'utf8')) as object;
    expect(errors('candidates.v1.schema.json', { ...weekDoc, stories })).toEqual([]);
  });
});

describe('stable story ids', () => {
  const earliest = MEETING[1] as string; // tass-ru, 11:05 Moscow: the meeting's earliest item
  const first = buildStories(
    week.filter((c) => c.id !== id(earliest)),
    OUTLETS,
  );
  const second = buildStories(week, { ...OUTLETS, previous: first });

  it('derives a new story id from its earliest member', () => {
    expect(storyOf(first, MEETING[0] as string)?.id).toBe(`story-${id(MEETING[0] as string)}`);
    expect(storyOf(stories, MEETING[0] as string)?.id).toBe(`story-${id(earliest)}`);
  });

  it('keeps the id when an earlier item joins in the second run', () => {
    expect(storyOf(second, earliest)?.id).toBe(storyOf(first, MEETING[0] as string)?.id);
    expect(second.map((s) => s.id).sort()).toEqual(first.map((s) => s.id).sort());
  });

  it.each([
    ['no previous run', [['a', 'b']], [], ['story-a']],
    ['carried over by overlap', [['x', 'a', 'b']], [['story-a', ['a', 'b']]], ['story-a']],
    [
      'largest overlap wins; the other story gets a fresh id',
      [['a'], ['b', 'c']],
      [['story-a', ['a', 'b', 'c']]],
      ['story-a-2', 'story-a'],
    ],
    [
      'a previous id goes to one story only',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [['story-a', ['a', 'c']]],
      ['story-a', 'story-c'],
    ],
  ] as [string, string[][], [string, string[]][], string[]][])('%s', (_name, clusters, previous, expected) => {
    const prev = previous.map(([sid, members]) => ({ id: sid, items: members.map((m) => ({ id: m })) }) as unknown as Story);
    expect(assignStoryIds(clusters, prev)).toEqual(expected);
  });
});

describe('averageLinkClusters', () => {
  const grid = (n: number, pairs: [number, number, number][]) =>
    pairScoresFrom(
      n,
      pairs.map(([i, j]) => pairKey(i, j, n)),
      pairs.map(([, , v]) => v),
    );
  it.each([
    [
      'a chain of strong neighbours does not merge end to end',
      4,
      [
        [0, 1, 0.5],
        [1, 2, 0.5],
        [2, 3, 0.5],
      ],
      [0, 0, 0, 0],
      [
        [0, 1],
        [2, 3],
      ],
    ],
    [
      'a strong group merges',
      3,
      [
        [0, 1, 0.9],
        [1, 2, 0.8],
        [0, 2, 0.7],
      ],
      [0, 0, 0],
      [[0, 1, 2]],
    ],
    ['the time span caps a group', 2, [[0, 1, 1]], [0, 100], [[0], [1]]],
    ['below the threshold nothing merges', 2, [[0, 1, 0.2]], [0, 0], [[0], [1]]],
  ] as [string, number, [number, number, number][], number[], number[][]][])('%s', (_name, n, pairs, times, expected) => {
    expect(averageLinkClusters({ scores: grid(n, pairs), timesMs: times, threshold: 0.3, windowMs: 50 })).toEqual(expected);
  });
});
