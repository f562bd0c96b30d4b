// Conservation starts at identity: distinct items of one feed must get distinct ids, or the crawl keeps the first
// and never records the others (crawlFeed processes one id once per run). Found by the hostile crawl, whose feeds
// use URL guids that differ only in their #fragment.
import { describe, expect, it } from 'vitest';
import { idsOfItems } from '../../src/normalize.js';
import { sourceFor } from './helpers.js';

const source = sourceFor('ids', 'http://127.0.0.1/feed');
const item = (guid: string, link: string) => ({ guid, link, title: `t ${guid} ${link}` });

describe('item ids inside one feed', () => {
  it.each([
    [
      'URL guids differing only in #fragment',
      [item('http://h/x#a', 'http://h/a'), item('http://h/x#b', 'http://h/b'), item('http://h/x#c', 'http://h/c')],
    ],
    ['URL guids differing only in utm_*', [item('http://h/x?utm_source=a', 'http://h/a'), item('http://h/x?utm_source=b', 'http://h/b')]],
    ['one literal guid on every item', [item('same', 'http://h/a'), item('same', 'http://h/b')]],
    ['one guid and one link on every item', [item('same', 'http://h/a'), item('same', 'http://h/a')]],
  ])('%s → one id per item', (_name, items) => {
    expect(new Set(idsOfItems(source, items)).size).toBe(items.length);
  });

  it('distinct guids keep the ids they always had (no disambiguation suffix)', () => {
    const [a, b] = idsOfItems(source, [item('g-1', 'http://h/a'), item('g-2', 'http://h/b')]);
    expect([a, b]).toEqual([idsOfItems(source, [item('g-1', 'http://h/a')])[0], idsOfItems(source, [item('g-2', 'http://h/b')])[0]]);
  });
});
