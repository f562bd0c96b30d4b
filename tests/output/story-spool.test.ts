// The story spool between the build and the outputs: what it gives back is what went in, as JSON sees it, in
// the same order, with the same counts and filter labels; and eachStory and storyCollector (the outputs' push
// form) yield buildStories' list.
import { describe, expect, it } from 'vitest';
import { buildStories, eachStory, storyCollector, type Story } from '../../src/stories/index.js';
import { SPOOL_DEFAULTS, spoolStories } from '../../src/output/story-spool.js';
import { prettyAt, TOP_ELEMENT_DEPTH } from '../../src/output/json-stream.js';
import { readStories } from '../../src/output/stories.js';
import type { Candidate } from '../../src/types.js';
import { loadWeek } from '../fixtures-stories/week.js';
import { syntheticItems } from '../stories/synthetic.js';

const week = loadWeek();
const synthetic = syntheticItems(week[0] as Candidate, { items: 300, days: 4, seed: 11 });

describe.each([
  ['the hand-written week', week],
  ['300 synthetic items', synthetic],
])('spoolStories over %s', (_name, items) => {
  const stories = buildStories(items);
  const spool = spoolStories(eachStory(items));

  it('eachStory yields buildStories, story for story', () => {
    expect([...eachStory(items)]).toEqual(stories);
  });

  it('storyCollector, fed one item at a time and every item twice, gives the same stories', () => {
    const collector = storyCollector();
    for (const item of [...items, ...items.slice().reverse()]) collector.add(item);
    expect([...collector.stories()]).toEqual(stories);
  });

  it('storyCollector lets go of its items once it has handed them to the build', () => {
    const collector = storyCollector();
    for (const item of items) collector.add(item);
    expect([...collector.stories()]).toEqual(stories);
    expect([...collector.stories()]).toEqual([]);
    for (const item of items) collector.add(item);
    expect([...collector.stories()]).toEqual(stories);
  });

  it('the build does not change the items it reads', () => {
    const before = JSON.stringify(items);
    buildStories(items);
    expect(JSON.stringify(items)).toBe(before);
  });

  it('gives back every story as JSON wrote it, in order', () => {
    expect(stories.filter((s) => s.outlets.length >= 2).length).toBeGreaterThan(0);
    expect(spool.count).toBe(stories.length);
    expect(JSON.stringify([...spool.each()], null, 2)).toBe(JSON.stringify(stories, null, 2));
  });

  it("gives every story's text as candidates.json holds it, in order", () => {
    const texts = [...spool.texts()].map((chunks) => Buffer.concat([...chunks]).toString('utf8'));
    expect(texts).toEqual(stories.map((s) => prettyAt(s, TOP_ELEMENT_DEPTH)));
  });

  it.each([
    ['its output buffers', SPOOL_DEFAULTS.deflateOutputBytes],
    ["zlib's smallest output buffers (64 bytes, so a story's deflate fills many)", 64],
  ])('holds exactly its deflated bytes, with %s, and gives back the same texts', (_label, deflateOutputBytes) => {
    // A view per chunk would hold zlib's whole output buffer: 16 KiB (Node 20) or 64 KiB (Node 24) each.
    const small = spoolStories(eachStory(items), { ...SPOOL_DEFAULTS, deflateOutputBytes });
    const { heldBytes, deflatedBytes } = small.memory;
    expect(deflatedBytes).toBeGreaterThan(0);
    expect(heldBytes).toBe(deflatedBytes);
    expect([...small.texts()].map((chunks) => Buffer.concat([...chunks]).toString('utf8'))).toEqual(
      stories.map((s) => prettyAt(s, TOP_ELEMENT_DEPTH)),
    );
  });

  it('gives the same stories and texts when a story holding long arrays is deflated in many chunks', () => {
    // A month's large story: more members than json-stream.ts writes in one piece (LONG_ARRAY).
    const first = stories[0] as Story;
    const member = first.items[0] as Story['items'][number];
    const long = { ...first, items: Array.from({ length: 150 }, (_v, i) => ({ ...member, id: `${member.id}-${i}` })) };
    const all = [long, ...stories];
    const chunked = spoolStories(all, { ...SPOOL_DEFAULTS, chunkChars: 1000 });
    expect([...chunked.each()]).toEqual(JSON.parse(JSON.stringify(all)));
    const pieces = [...chunked.texts()].map((chunks) => [...chunks]);
    expect(pieces.map((chunks) => Buffer.concat(chunks).toString('utf8'))).toEqual(all.map((s) => prettyAt(s, TOP_ELEMENT_DEPTH)));
    expect((pieces[0] as Uint8Array[]).length).toBeGreaterThan(10);
  });

  it.each([[0], [1], [2], [3]])('keeps the stories with at least %i outlets, in order', (min) => {
    const kept = stories.filter((s: Story) => s.outlets.length >= min);
    expect(spool.countWith(min)).toBe(kept.length);
    expect([...spool.each(min)].map((s) => s.id)).toEqual(kept.map((s) => s.id));
  });

  it('carries the filter labels readStories finds', () => {
    expect(spool.refs).toEqual(readStories(stories));
  });

  it('can be read more than once', () => {
    expect([...spool.each()].map((s) => s.id)).toEqual([...spool.each()].map((s) => s.id));
  });
});

describe('spoolStories over nothing', () => {
  it.each([[0], [2]])('has no story with %i outlets', (min) => {
    const spool = spoolStories([]);
    expect([spool.count, spool.countWith(min), [...spool.each(min)], [...spool.texts()], spool.refs]).toEqual([0, 0, [], [], []]);
  });
});
