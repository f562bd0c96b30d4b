// Stories on the real crawl of the bundled fixtures (fixtures/*: 33 flagged items from the feeds, sitemaps and listings, the week of
// 2026-11-16): the CLI crawls once, and candidates.json's `stories` must group what the fixture texts say is one
// event, and nothing else. Expectations come from reading the pages (fixtures/*/pages/*.html), not from a run.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../src/stories/index.js';
import type { Candidate } from '../../src/types.js';
import { FIXTURES, FIXTURES_NOW, cli, readJson, scratch } from '../e2e/helpers.js';
import { itemByUrl } from '../fixtures-stories/week.js';

/** URL parts of the crawled items, by event. */
const EXPERTS = 'en.people.cn/n3/2026/1119/c90777-20406321';
const MEETING = [
  'tass.com/politics/1901234',
  'tass.ru/politika/26001234',
  'mid.ru/en/foreign_policy/news/2061234',
  'mid.ru/ru/foreign_policy/news/2061235',
  'en.people.cn/n3/2026/1118/',
  'people.com.cn/n1/2026/1118/',
  'globaltimes.cn/page/202611/1374810',
  EXPERTS,
];
const TRADE = [
  'en.people.cn/n3/2026/1119/c90000-20406877',
  'globaltimes.cn/page/202611/1374877',
  'people.com.cn/n1/2026/1119/c1002-40613108',
];
const ARCTIC = ['tass.com/economy/1901555', 'tass.ru/ekonomika/26005512'];
const GREEN_FORUM = ['en.people.cn/n3/2026/1117/', 'people.com.cn/n1/2026/1117/'];
const EU_SANCTIONS = 'mid.ru/en/foreign_policy/news/2061517';
const ZH_QUAD = 'people.com.cn/n1/2026/1120/';
const GT_QUAD = 'globaltimes.cn/page/202611/1374902';
const NAVIES = 'tass.com/defense/1902010';
const TASS_ZAKHAROVA = 'tass.ru/mezhdunarodnaya-panorama/26009876';
const MFA_ZAKHAROVA = 'mid.ru/ru/foreign_policy/news/2061420';
const ZH_MFA_SANCTIONS = 'people.com.cn/n1/2026/1119/c1001-40613377';
const RUDENKO = 'mid.ru/ru/foreign_policy/news/2060988';
const CA_CONSULTATIONS = 'mid.ru/en/foreign_policy/news/2061102';
const GREEN = "TASS and Russian MFA did not mention green energy, which People's Daily and Global Times did.";

let items: Candidate[] = [];
let stories: Story[] = [];
const id = (urlPart: string) => itemByUrl(items, urlPart).id;
const storyOf = (urlPart: string) => stories.find((s) => s.items.some((m) => m.id === id(urlPart))) as Story;
const members = (urlPart: string) => new Set(storyOf(urlPart).items.map((m) => m.id));

beforeAll(async () => {
  const out = scratch('ww-stories-crawl-');
  const run = await cli(['crawl', '--replay', FIXTURES, '--out', out, '--now', FIXTURES_NOW, '-q']);
  if (run.code !== 0) throw new Error(`crawl failed (${run.code}): ${run.stderr}`);
  const doc = readJson<{ items: Candidate[]; stories: Story[] }>(join(out, 'candidates.json'));
  items = doc.items;
  stories = doc.stories;
}, 120_000);

describe('stories on the crawled fixtures', () => {
  it('crawls the whole week and puts every flagged item in exactly one story', () => {
    expect(items).toHaveLength(33);
    expect(stories.flatMap((s) => s.items.map((m) => m.id)).sort()).toEqual(items.map((c) => c.id).sort());
  });

  it.each([
    ['the Lavrov–Wang Yi meeting (8 items)', MEETING],
    ['the Xinhua trade piece, its people-en and Global Times reprints and the 新华社 version', TRADE],
    ['Arctic shipping (TASS en + ru)', ARCTIC],
    ['the China–Central Asia green forum (People’s Daily en + zh: "on Monday" = "16日")', GREEN_FORUM],
  ])('%s forms exactly one story', (_name, urls) => {
    expect(members(urls[0] as string)).toEqual(new Set(urls.map(id)));
  });

  it('has the meeting across all four outlets and three languages', () => {
    const meeting = storyOf(MEETING[0] as string);
    expect(meeting.outlets.map((o) => o.outlet)).toEqual(['TASS', 'Russian MFA', "People's Daily", 'Global Times']);
    expect([...new Set(meeting.items.map((m) => m.lang))].sort()).toEqual(['en', 'ru', 'zh']);
  });

  it.each([
    ['the MFA on EU sanctions and People’s Daily on the Quad drills (both dated Nov 20)', EU_SANCTIONS, ZH_QUAD],
    ['the Russian–Chinese naval drill and Global Times on the Quad drills', NAVIES, GT_QUAD],
    ['the Russian–Chinese naval drill and People’s Daily on the Quad drills', NAVIES, ZH_QUAD],
    ['TASS on Zakharova and the meeting (Quad, sanctions)', TASS_ZAKHAROVA, MEETING[0]],
    ['the MFA Zakharova comment and the meeting (Quad, sanctions, missiles)', MFA_ZAKHAROVA, MEETING[2]],
    ['the Chinese MFA on sanctions and the trade piece (both Nov 19)', ZH_MFA_SANCTIONS, TRADE[2]],
    ['the Chinese MFA on sanctions, naming the talks in passing, and the meeting', ZH_MFA_SANCTIONS, MEETING[5]],
    ['the Rudenko meeting preparing the visit and the meeting', RUDENKO, MEETING[3]],
    ['the MFA Central Asia consultations and the green forum', CA_CONSULTATIONS, GREEN_FORUM[0]],
    ['the MFA Central Asia consultations and the meeting', CA_CONSULTATIONS, MEETING[2]],
    ['Arctic shipping and the trade piece (Northern Sea Route)', ARCTIC[0], TRADE[0]],
    ['Arctic shipping and the meeting (Arctic)', ARCTIC[1], MEETING[1]],
    ['EU sanctions and the Zakharova comment', EU_SANCTIONS, MFA_ZAKHAROVA],
  ])('nothing joins a story it does not belong to: %s', (_name, a, b) => {
    expect(storyOf(a as string).id).not.toBe(storyOf(b as string).id);
  });

  it('explains the joins with event evidence: the ministers, the 4.6% figure, the 41.2 million tonnes', () => {
    const evidenceOf = (url: string) => {
      const m = storyOf(url).items.find((x) => x.id === id(url));
      return m?.join.kind === 'joined' ? m.join.evidence.map((e) => `${e.kind}:${e.key}`) : [];
    };
    // The experts' piece a day later leads with Lavrov alone; the reports of the talks lead with both ministers.
    const joined = MEETING.filter((u) => storyOf(u).items[0]?.id !== id(u));
    for (const url of joined) expect(evidenceOf(url)).toContain('entity:lavrov');
    for (const url of joined.filter((u) => u !== EXPERTS)) expect(evidenceOf(url)).toContain('entity:wang-yi');
    expect([...TRADE, ...ARCTIC].flatMap(evidenceOf)).toEqual(expect.arrayContaining(['number:4.6', 'number:41.2']));
  });
});

describe('omissions on the crawled fixtures', () => {
  it('gives the meeting its green-energy line, and only that', () => {
    const meeting = storyOf(MEETING[0] as string);
    expect(meeting.omissions.map((o) => o.sentence)).toEqual([GREEN]);
    expect(meeting.omissions[0]).toMatchObject({
      rule: 'green-energy',
      silent: ['TASS', 'Russian MFA'],
      mentionedBy: ["People's Daily", 'Global Times'],
    });
    expect(new Set(meeting.omissions[0]?.evidence.silentItems.map((i) => i.item))).toEqual(new Set(MEETING.slice(0, 4).map(id)));
  });

  it('keeps the MFA’s one passing mention of the Quad’s joint exercises in the matrix, not as an omission line', () => {
    const meeting = storyOf(MEETING[0] as string);
    const cell = (outlet: string) => meeting.matrix.find((c) => c.outlet === outlet && c.rule === 'joint-exercises')?.kind;
    expect([cell('Russian MFA'), cell('TASS'), cell("People's Daily"), cell('Global Times')]).toEqual([
      'mentioned',
      'silent',
      'silent',
      'silent',
    ]);
  });

  it('gives no omission line to any other story (wire copy, one outlet, or single items)', () => {
    const others = stories.filter((s) => s.id !== storyOf(MEETING[0] as string).id);
    expect(others.flatMap((s) => s.omissions.map((o) => `${s.title}: ${o.sentence}`))).toEqual([]);
  });
});

describe('twin editions on the crawled fixtures', () => {
  const twinsOf = (url: string) => storyOf(url).twins.map((t) => [t.outlet, t.en.source, t.en.item, t.home.source, t.home.item]);
  it.each([
    [
      'the meeting',
      MEETING[0],
      [
        ['TASS', 'tass-en', MEETING[0], 'tass-ru', MEETING[1]],
        ['Russian MFA', 'mid-en', MEETING[2], 'mid-ru', MEETING[3]],
        ["People's Daily", 'people-en', MEETING[4], 'people-zh', MEETING[5]],
      ],
    ],
    ['Arctic shipping', ARCTIC[0], [['TASS', 'tass-en', ARCTIC[0], 'tass-ru', ARCTIC[1]]]],
    ['the trade piece (Xinhua and 新华社 on People’s Daily)', TRADE[0], [["People's Daily", 'people-en', TRADE[0], 'people-zh', TRADE[2]]]],
  ])('%s', (_name, url, expected) => {
    const rows = (expected as string[][]).map(([outlet, en, enUrl, home, homeUrl]) => [
      outlet,
      en,
      id(enUrl as string),
      home,
      id(homeUrl as string),
    ]);
    expect(twinsOf(url as string)).toEqual(rows);
  });
});
