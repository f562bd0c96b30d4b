import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/state/store.js';
import { FEED, FEED2, feedOk, obs } from './helpers.js';
import { startChild } from './spawn.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-crash-'));
  path = join(dir, 'state.db');
  const s = openStore(path);
  s.commitFeed(feedOk({}, '"v1"'), [obs('a')]);
  s.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What a rerun would see: the validators it would send, and which items it already has. */
function observed() {
  const s = openStore(path);
  try {
    return {
      feed: s.feedState(FEED)?.validators.etag,
      feed2: s.feedState(FEED2)?.validators.etag,
      items: ['a', 'n1', 'n2', 'n3'].filter((id) => s.item(id)),
    };
  } finally {
    s.close();
  }
}

describe('kill -9 at the commit points of commitFeed (the child commits FEED then FEED2)', () => {
  it.each([
    ['after the items, before the validators', 'store.commitFeed.items', { feed: '"v1"', feed2: undefined, items: ['a'] }],
    ['after the validators, before COMMIT', 'store.commitFeed.feed', { feed: '"v1"', feed2: undefined, items: ['a'] }],
    ['right after COMMIT', 'store.commitFeed.committed', { feed: '"v2"', feed2: undefined, items: ['a', 'n1', 'n2'] }],
    ['inside the second feed\'s commit (name:n)', 'store.commitFeed.items:2', { feed: '"v2"', feed2: undefined, items: ['a', 'n1', 'n2'] }],
  ])('%s: validators never move past uncommitted items; a clean rerun ends complete', async (_case, point, expected) => {
    const crashed = await startChild('commit', path, point).exit;
    expect(crashed.signal).toBe('SIGKILL');
    expect(observed()).toEqual(expected);
    const rerun = await startChild('commit', path).exit;
    expect(rerun.stdout).toBe('done\n');
    expect(observed()).toEqual({ feed: '"v2"', feed2: '"w2"', items: ['a', 'n1', 'n2', 'n3'] });
  });

  it('without WIREWATCH_CRASH_AT the hooks do nothing', async () => {
    expect((await startChild('commit', path).exit).code).toBe(0);
    expect(observed().items).toEqual(['a', 'n1', 'n2', 'n3']);
  });
});
