import { describe, expect, it } from 'vitest';
import { load } from 'cheerio/slim';
import { buildStories, type Story } from '../../src/stories/index.js';
import { storiesMarkdown } from '../../src/export/stories-md.js';
import { renderStoryView } from '../../src/output/review-assets/stories.js';
import type { Candidate } from '../../src/types.js';
import { itemByUrl, loadWeek, MEETING, OUTLETS, XINHUA_LETTER } from '../fixtures-stories/week.js';

const week = loadWeek();
const stories = buildStories(week, OUTLETS);
const storyOf = (urlPart: string) => stories.find((s) => s.items.some((m) => m.id === itemByUrl(week, urlPart).id)) as Story;
const meeting = storyOf(MEETING[0] as string);
const GREEN = "TASS and Russian MFA did not mention green energy, which People's Daily and Global Times did.";

describe('storiesMarkdown', () => {
  const md = storiesMarkdown(stories, week);
  const meetingMd = storiesMarkdown([meeting], week);

  it.each([
    ['a heading per story', (s: string) => s.match(/^## /gm)?.length, 5],
    ['a coverage line per story', (s: string) => s.match(/^Coverage: /gm)?.length, 5],
    ['a title line per item', (s: string) => s.match(/^\*\*\[.+\]\(https?:\/\/.+\) – .+\*\*$/gm)?.length, 15],
    ['an empty comment line per item', (s: string) => s.match(/^Comment: $/gm)?.length, 15],
    ['one draft comment in the whole export', (s: string) => s.match(/^Comment \(draft\): /gm)?.length, 1],
    ['no comment line swallowed by the quote above it', (s: string) => s.match(/^>.*\nComment/gm)?.length ?? 0, 0],
  ])('has %s', (_name, count, expected) => {
    expect(count(md)).toBe(expected);
  });

  it('writes the meeting with its coverage line, quotes and the omission as a draft comment', () => {
    expect(meetingMd.split('\n').slice(0, 3)).toEqual([
      '## Wang Yi holds talks with Russian Foreign Minister Lavrov in Beijing',
      '',
      "Coverage: TASS (first 18 Nov 08:05 UTC), Russian MFA (first 18 Nov 11:10 UTC), People's Daily (first 18 Nov 11:40 UTC), Global Times (first 18 Nov 14:48 UTC); 7 items in en/ru/zh",
    ]);
    expect(meetingMd).toContain(
      "**[王毅同俄罗斯外长拉夫罗夫举行会谈](http://world.people.com.cn/n1/2026/1118/c1002-40611234.html) – People's Daily**\n> 人民网北京11月18日电",
    );
    expect(meetingMd.trimEnd().endsWith(`Comment (draft): ${GREEN}`)).toBe(true);
  });

  it('falls back to the member title when the item is not given, and is empty for no stories', () => {
    expect(storiesMarkdown([storyOf(XINHUA_LETTER[2] as string)], [])).toContain('> 习近平向中俄卫生合作论坛致贺信');
    expect(storiesMarkdown([], week)).toBe('');
  });
});

describe('renderStoryView', () => {
  const $ = load(renderStoryView([meeting]));

  it('a story that cannot be rendered costs its own box, never the stories beside it', () => {
    const broken = { ...meeting, id: 'broken', matrix: null } as unknown as typeof meeting;
    const $2 = load(renderStoryView([broken, meeting]));
    expect(
      $2('article.st-story')
        .map((_, a) => $2(a).attr('data-story-id'))
        .get(),
    ).toEqual([meeting.id]);
    expect($2('section.st-stories > p.empty').text()).toMatch(/^Story unavailable: /);
  });

  it('renders the matrix: one row per outlet, a column per rule, silent cells marked', () => {
    expect($('article.st-story').attr('data-story-id')).toBe(meeting.id);
    expect(
      $('table.st-matrix tbody tr')
        .map((_, tr) => $(tr).attr('data-outlet'))
        .get(),
    ).toEqual(['TASS', 'Russian MFA', "People's Daily", 'Global Times']);
    expect($('table.st-matrix thead th.st-rule')).toHaveLength(9);
    expect(
      $('td.st-no')
        .map((_, td) => `${$(td).attr('data-outlet')}×${$(td).attr('data-rule')}`)
        .get(),
    ).toEqual(['TASS×green-energy', 'Russian MFA×green-energy']);
    expect($('tr[data-outlet="TASS"] td.st-first time').attr('datetime')).toBe('2026-11-18T11:05:00+03:00');
  });

  it('shows the omission, the twin editions and why each member joined', () => {
    expect($('li.st-omission').text()).toBe(GREEN);
    expect($('li.st-twin[data-outlet="TASS"]').text()).toBe('TASS: en ↔ ru; only in en: Quad / Indo-Pacific; only in ru: Central Asia');
    expect($('li.st-member')).toHaveLength(7);
    expect($('li.st-member .st-why .st-why-text').last().text()).toMatch(
      /^score 0\.\d+ with “.+” \(mean 0\.\d+\): .*entity wang-yi \+0\.\d+/,
    );
    // The diagnostics are for tuning, not for the editor: closed behind a toggle, one per member.
    expect(
      $('li.st-member > details.st-why:not([open]) > summary')
        .map((_, e) => $(e).text())
        .get(),
    ).toEqual(Array(7).fill('why grouped'));
  });

  it('escapes text, links only http(s) and writes no handlers, styles or foreign classes', () => {
    const hostile: Candidate = {
      ...itemByUrl(week, MEETING[0] as string),
      id: 'x"><script>',
      title: '<img src=x onerror=alert(1)> & "quotes"',
      url: 'javascript:alert(1)',
    };
    const html = renderStoryView(buildStories([hostile]));
    const h = load(html);
    expect(h('script, img')).toHaveLength(0);
    expect(h('.st-member').text()).toContain('<img src=x onerror=alert(1)> & "quotes"');
    expect(h('a[href^="javascript"]')).toHaveLength(0);
    expect(h('[style], [onerror], [onclick], [onload]')).toHaveLength(0);
    const classes = h('[class]')
      .map((_, el) => (h(el).attr('class') ?? '').split(/\s+/))
      .get() as string[];
    expect(classes.filter((c) => !c.startsWith('st-'))).toEqual([]);
  });
});
