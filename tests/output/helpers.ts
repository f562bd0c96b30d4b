// Shared by the output tests: the fixture documents and a factory for one-off candidates.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Candidate } from '../../src/types.js';

export interface FixtureDoc {
  schemaVersion: 1;
  generatedAt: string;
  items: Candidate[];
  stories?: unknown[];
}

export function fixtureDoc(name: 'week' | 'hostile'): FixtureDoc {
  const path = fileURLToPath(new URL(`../fixtures-output/candidates-${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as FixtureDoc;
}

export function candidate(over: Partial<Candidate> = {}): Candidate {
  return {
    id: 'c1',
    url: 'https://tass.com/politics/1',
    source: { id: 'tass-en', name: 'TASS' },
    title: 'Lavrov meets Wang Yi',
    publishedAt: '2026-11-18T14:05:00+03:00',
    lang: 'en',
    byline: null,
    credit: null,
    score: 1,
    scoreExplain: [],
    status: 'new',
    feedOnly: false,
    matches: [{ rule: 'lavrov', label: 'Lavrov', weight: 1, hits: [] }],
    excerpts: [{ paragraph: 0, text: 'Lavrov said so.', highlights: [[0, 6, 'lavrov']] }],
    firstSeenAt: '2026-11-22T06:00:00Z',
    lastSeenAt: '2026-11-22T06:00:00Z',
    timeZone: 'Europe/Moscow',
    extraction: { adapter: 'tass@2024', confidence: 'high' },
    ...over,
  };
}

/** The items of a review.html as its script reads them: the record, the card HTML (`h`) and the story tokens
 *  (`st`, from the story island) of each. */
export function deskRecords(html: string): { id: string; d: string; h: string; q: string; st: string[]; [k: string]: unknown }[] {
  const block = /<script type="text\/plain" id="ww-items">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const island = /<script type="application\/json" id="ww-story-items">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (island === undefined) throw new Error('review.html has no story island');
  const stories = JSON.parse(island) as Record<string, string[]>;
  return block
    .split('\u001e')
    .filter((p) => p.includes('\u001f'))
    .map((p) => {
      const sep = p.indexOf('\u001f');
      const rec = JSON.parse(p.slice(0, sep)) as { id: string; d: string; q: string };
      return { ...rec, h: p.slice(sep + 1), st: Object.hasOwn(stories, rec.id) ? (stories[rec.id] as string[]) : [] };
    });
}
