// Loads the hand-written fixture week (week.json: candidates.json shape, 2026-11-16 … 2026-11-21) and finds
// items by a unique part of their URL, so tests name items the way an editor would.
import { readFileSync } from 'node:fs';
import type { Candidate } from '../../src/types.js';
import { loadSources } from '../../src/config.js';
import { storyOutlets } from '../../src/stories/index.js';

const WEEK_PATH = new URL('./week.json', import.meta.url);

export function loadWeek(): Candidate[] {
  return (JSON.parse(readFileSync(WEEK_PATH, 'utf8')) as { items: Candidate[] }).items;
}

/** The outlets the shipped sources.json declares (the week's items come from its seven sources). */
export const OUTLETS = storyOutlets(loadSources(new URL('../../sources.json', import.meta.url).pathname).sources);

export function itemByUrl(items: readonly Candidate[], urlPart: string): Candidate {
  const found = items.filter((c) => c.url.includes(urlPart));
  if (found.length !== 1) throw new Error(`${found.length} fixture items match ${urlPart}`);
  return found[0] as Candidate;
}

/** Fixture URL parts by story, as the tests name them. */
export const MEETING = [
  'tass.com/politics/2031145',
  'tass.ru/politika/26114531',
  'mid.ru/en/foreign_policy/news/1987654',
  'mid.ru/ru/foreign_policy/news/1987650',
  'en.people.cn/n3/2026/1118',
  'world.people.com.cn',
  'globaltimes.cn/page/202611/1349821',
];
export const ARCTIC_SHIPPING = ['tass.com/economy/2030622', 'tass.ru/ekonomika/26105518'];
export const QUAD_DRILLS = ['globaltimes.cn/page/202611/1349950'];
export const BRIEFING = ['mid.ru/en/foreign_policy/news/1988102', 'mid.ru/ru/foreign_policy/news/1988100'];
export const XINHUA_LETTER = ['en.people.cn/n3/2026/1119', 'globaltimes.cn/page/202611/1349870', 'politics.people.com.cn'];
