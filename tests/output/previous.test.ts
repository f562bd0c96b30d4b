// previousStories reads only the story ids back from a candidates.json: the layout we write story by story,
// anything else that is valid JSON with the stories key on its own line whole, and nothing from a file it cannot use.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previousStories } from '../../src/output/previous.js';
import { scratch } from '../e2e/helpers.js';

const dir = scratch('ww-previous-');
const story = (id: string, members: string[]) => ({
  id,
  title: `t ${id}`,
  items: members.map((m) => ({ id: m, join: { kind: 'seed' } })),
  matrix: [],
});
const written = (stories: unknown[]) => JSON.stringify({ items: [{ id: 'x' }], stories }, null, 2) + '\n';

describe('previousStories', () => {
  it.each([
    [
      'our layout',
      written([story('s1', ['a', 'b']), story('s2', ['c'])]),
      [
        { id: 's1', items: [{ id: 'a' }, { id: 'b' }] },
        { id: 's2', items: [{ id: 'c' }] },
      ],
    ],
    ['no stories', written([]), []],
    [
      'another layout, parsed whole',
      '{\n  "items": [],\n  "stories": [{"id": "s1", "items": [{"id": "a"}]}]\n}\n',
      [{ id: 's1', items: [{ id: 'a' }] }],
    ],
    ['a story without members is no story to carry over', written([{ id: 's1' }]), undefined],
    ['no stories key on its own line', JSON.stringify({ stories: [story('s1', ['a'])] }), undefined],
    ['cut short', written([story('s1', ['a'])]).slice(0, -20), undefined],
  ])('%s', (name, text, expected) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(path, text);
    for (const chunk of [5, 64, undefined]) expect(previousStories(path, chunk)).toEqual(expected);
  });

  it('a missing file: none', () => {
    expect(previousStories(join(dir, 'absent.json'))).toBeUndefined();
  });
});
