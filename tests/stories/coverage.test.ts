import { describe, expect, it } from 'vitest';
import { buildStories, type Story } from '../../src/stories/index.js';
import { labelInSentence } from '../../src/stories/coverage.js';
import { joinAnd } from '../../src/stories/outlets.js';
import type { Candidate } from '../../src/types.js';
import { ARCTIC_SHIPPING, BRIEFING, itemByUrl, loadWeek, MEETING, OUTLETS, QUAD_DRILLS, XINHUA_LETTER } from '../fixtures-stories/week.js';

const week = loadWeek();
const stories = buildStories(week, OUTLETS);
const id = (urlPart: string) => itemByUrl(week, urlPart).id;
const storyOf = (all: Story[], urlPart: string) => all.find((s) => s.items.some((m) => m.id === id(urlPart))) as Story;
const meeting = storyOf(stories, MEETING[0] as string);
const GREEN = "TASS and Russian MFA did not mention green energy, which People's Daily and Global Times did.";

describe('omissions', () => {
  it.each([
    ['the meeting', MEETING[0], [GREEN]],
    ['Arctic shipping', ARCTIC_SHIPPING[0], []],
    ['the Quad drills', QUAD_DRILLS[0], []],
    ['the briefing', BRIEFING[0], []],
    ['the Xinhua letter', XINHUA_LETTER[0], []],
  ])('%s: %j', (_name, url, sentences) => {
    expect(storyOf(stories, url as string).omissions.map((o) => o.sentence)).toEqual(sentences);
  });

  it('lists the evidence: the hits that mention it and the silent outlets’ items', () => {
    const green = meeting.omissions[0];
    expect(green).toMatchObject({ rule: 'green-energy', silent: ['TASS', 'Russian MFA'], mentionedBy: ["People's Daily", 'Global Times'] });
    expect(new Set(green?.evidence.hits.map((h) => h.source))).toEqual(new Set(['people-en', 'people-zh', 'globaltimes']));
    expect(green?.evidence.hits.map((h) => h.text)).toEqual(expect.arrayContaining(['green energy', '绿色能源', '绿色发展']));
    expect(new Set(green?.evidence.silentItems.map((i) => i.item))).toEqual(new Set(MEETING.slice(0, 4).map(id)));
  });

  const make = (source: string, rules: string[], extra: Partial<Candidate> = {}): Candidate => ({
    ...itemByUrl(week, MEETING[0] as string),
    id: `${source}-${rules.join('+')}`,
    source: { id: source, name: source },
    matches: rules.map((rule) => ({
      rule,
      label: rule,
      weight: 1,
      hits: [{ rule, term: rule, text: rule, field: 'body', paragraph: 0, start: 0, end: rule.length }],
    })),
    ...extra,
  });
  const omitted = (items: Candidate[]) =>
    buildStories(items, { outletOf: (s) => s }).flatMap((s) => s.omissions.map((o) => `${o.rule}:${o.silent.join('+')}`));
  it.each([
    [
      'a topic one of three outlets left out',
      [make('a', ['lavrov', 'green-energy']), make('b', ['lavrov', 'green-energy']), make('c', ['lavrov'])],
      ['green-energy:c'],
    ],
    [
      'a person all outlets but one name is the story, not an omission',
      [make('a', ['lavrov', 'xi']), make('b', ['lavrov', 'xi']), make('c', ['lavrov'])],
      [],
    ],
    [
      'a person only one of three outlets names is an omission',
      [make('a', ['lavrov', 'xi']), make('b', ['lavrov']), make('c', ['lavrov'])],
      ['xi:b+c'],
    ],
    ['a feed-only item cannot show silence', [make('a', ['lavrov', 'green-energy']), make('b', ['lavrov'], { feedOnly: true })], []],
    [
      'one outlet alone has nothing to compare',
      [make('a', ['lavrov', 'green-energy']), make('a2', ['lavrov'], { source: { id: 'a', name: 'a' } })],
      [],
    ],
  ])('%s', (_name, items, expected) => {
    expect(omitted(items)).toEqual(expected);
  });

  const deep = (source: string, rule: string, paragraphs: number[], extra: Partial<Candidate> = {}): Candidate => {
    const item = make(source, ['lavrov'], extra);
    const hits = paragraphs.map((paragraph) => ({
      rule,
      term: rule,
      text: rule,
      field: 'body' as const,
      paragraph,
      start: 0,
      end: rule.length,
    }));
    return { ...item, id: `${source}-${rule}-deep`, matches: [...item.matches, { rule, label: rule, weight: 1, hits }] };
  };
  it('a mentioned cell lists each wording once per item and field, however often the item repeats it', () => {
    const [story] = buildStories([deep('a', 'joint-exercises', [1, 2, 3, 4]), make('b', ['lavrov'])], OUTLETS);
    const cell = story?.matrix.find((c) => c.outlet === 'a' && c.rule === 'joint-exercises');
    expect(cell?.kind === 'mentioned' && cell.hits).toEqual([
      { item: 'a-joint-exercises-deep', source: 'a', term: 'joint-exercises', text: 'joint-exercises', field: 'body' },
    ]);
  });
  it.each([
    ['one passing mention by one outlet is no line', [deep('a', 'joint-exercises', [4]), make('b', ['lavrov']), make('c', ['lavrov'])], []],
    [
      'one outlet repeating it in two paragraphs stressed it',
      [deep('a', 'joint-exercises', [4, 6]), make('b', ['lavrov']), make('c', ['lavrov'])],
      ['joint-exercises:b+c'],
    ],
    [
      'two outlets mentioning it in passing are a line',
      [deep('a', 'joint-exercises', [4]), deep('b', 'joint-exercises', [5]), make('c', ['lavrov'])],
      ['joint-exercises:c'],
    ],
    ['wire copy is not the outlet’s own silence', [make('a', ['lavrov', 'green-energy']), make('b', ['lavrov'], { credit: 'Xinhua' })], []],
    [
      'nor its own mention',
      [make('a', ['lavrov', 'green-energy'], { credit: '新华社' }), make('b', ['lavrov']), make('c', ['lavrov'])],
      [],
    ],
    [
      'an agency’s own copy is its own reporting',
      [make('TASS', ['lavrov', 'green-energy'], { credit: 'TASS' }), make('b', ['lavrov'])],
      ['green-energy:b'],
    ],
    [
      'a marked reprint takes no part',
      [make('a', ['lavrov', 'green-energy']), make('b', ['lavrov'], { reprintOf: { id: 'x', source: 'people-en' } })],
      [],
    ],
  ])('%s', (_name, items, expected) => {
    expect(omitted(items)).toEqual(expected);
  });

  it.each([
    ['Green energy', false, 'green energy'],
    ['Sanctions', false, 'sanctions'],
    ['Arctic', false, 'Arctic'],
    ['Central Asia', false, 'Central Asia'],
    ['SCO', false, 'SCO'],
    ['Xi Jinping', true, 'Xi Jinping'],
  ])('label %s in a sentence: %s', (label, entity, expected) => {
    expect(labelInSentence(label, entity)).toBe(expected);
  });

  it.each([
    [['TASS'], 'TASS'],
    [['TASS', 'the MFA'], 'TASS and the MFA'],
    [['TASS', 'the MFA', 'Global Times'], 'TASS, the MFA and Global Times'],
  ])('joins %j as %s', (parts, expected) => {
    expect(joinAnd(parts)).toBe(expected);
  });
});

describe('coverage matrix', () => {
  it('has every outlet with its first item time, in display order', () => {
    expect(meeting.outlets.map((o) => [o.name, o.firstAt, o.items.length])).toEqual([
      ['TASS', '2026-11-18T11:05:00+03:00', 2],
      ['Russian MFA', '2026-11-18T14:10:00+03:00', 2],
      ["People's Daily", '2026-11-18T19:40:00+08:00', 2],
      ['Global Times', '2026-11-18T22:48:00+08:00', 1],
    ]);
  });

  it('has a cell for every outlet × rule that matched anywhere in the story', () => {
    expect(meeting.matrix).toHaveLength(4 * 9);
  });

  it.each([
    ['TASS', 'lavrov', 'mentioned'],
    ['TASS', 'central-asia', 'mentioned'], // only the Russian edition
    ['TASS', 'quad-indo-pacific', 'mentioned'], // only the English edition
    ['TASS', 'green-energy', 'silent'],
    ['Russian MFA', 'green-energy', 'silent'],
    ["People's Daily", 'green-energy', 'mentioned'],
    ['Global Times', 'green-energy', 'mentioned'],
    ['Global Times', 'sanctions', 'mentioned'],
  ])('%s × %s is %s', (outlet, rule, kind) => {
    expect(meeting.matrix.find((c) => c.outlet === outlet && c.rule === rule)?.kind).toBe(kind);
  });

  it('keeps the hit in a mentioned cell (term, text, item)', () => {
    const cell = meeting.matrix.find((c) => c.outlet === "People's Daily" && c.rule === 'green-energy');
    expect(cell?.kind === 'mentioned' && cell.hits).toContainEqual({
      item: id(MEETING[5] as string),
      source: 'people-zh',
      term: '绿色发展',
      text: '绿色发展',
      field: 'body',
    });
  });
});

describe('twin editions', () => {
  const twinsOf = (url: string) =>
    storyOf(stories, url).twins.map((t) => [t.outlet, t.en.item, t.home.item, t.en.onlyRules, t.home.onlyRules]);
  it.each([
    [
      'the meeting',
      MEETING[0],
      [
        ['TASS', id(MEETING[0] as string), id(MEETING[1] as string), ['quad-indo-pacific'], ['central-asia']],
        ['Russian MFA', id(MEETING[2] as string), id(MEETING[3] as string), [], []],
        ["People's Daily", id(MEETING[4] as string), id(MEETING[5] as string), [], []],
      ],
    ],
    ['Arctic shipping', ARCTIC_SHIPPING[0], [['TASS', id(ARCTIC_SHIPPING[0] as string), id(ARCTIC_SHIPPING[1] as string), [], []]]],
    ['the briefing', BRIEFING[0], [['Russian MFA', id(BRIEFING[0] as string), id(BRIEFING[1] as string), [], []]]],
    ['the Xinhua letter', XINHUA_LETTER[0], [["People's Daily", id(XINHUA_LETTER[0] as string), id(XINHUA_LETTER[2] as string), [], []]]],
    ['the Quad drills (one edition only)', QUAD_DRILLS[0], []],
  ])('%s', (_name, url, expected) => {
    expect(twinsOf(url as string)).toEqual(expected);
  });

  it('does not link editions more than 36 hours apart', () => {
    const late: Candidate = { ...itemByUrl(week, MEETING[1] as string), id: 'tass-ru-late', publishedAt: '2026-11-20T08:00:00+03:00' };
    const items = week.filter((c) => c.id !== id(MEETING[1] as string)).concat(late);
    const story = storyOf(buildStories(items, OUTLETS), MEETING[0] as string);
    expect(story.items.map((m) => m.id)).toContain('tass-ru-late');
    expect(story.twins.map((t) => t.outlet)).toEqual(['Russian MFA', "People's Daily"]);
  });
});
