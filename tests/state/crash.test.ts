import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/state/store.js';
import { FEED, FEED2, LOOP_FEEDS, LOOP_ITEMS, feedOk, loopFeed, obs } from './helpers.js';
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
    ["inside the second feed's commit (name:n)", 'store.commitFeed.items:2', { feed: '"v2"', feed2: undefined, items: ['a', 'n1', 'n2'] }],
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

/** For every feed: does it have validators, and how many of its items are stored? */
function loopState(): { advanced: number; torn: number[]; items: number } {
  const s = openStore(path);
  try {
    let advanced = 0;
    let items = 0;
    const torn: number[] = [];
    for (let i = 0; i < LOOP_FEEDS; i++) {
      const hasValidators = s.feedState(loopFeed(i))?.validators.etag === `"e${i}"`;
      const stored = Array.from({ length: LOOP_ITEMS }, (_, k) => s.item(`f${i}-${k}`)).filter(Boolean).length;
      if (stored !== (hasValidators ? LOOP_ITEMS : 0)) torn.push(i);
      advanced += hasValidators ? 1 : 0;
      items += stored;
    }
    return { advanced, torn, items };
  } finally {
    s.close();
  }
}

describe('kill -9 at random moments of a stream of feed commits', () => {
  // The kill is sent when the child reports feed k committed, so it lands at a moment that varies with the
  // machine (mid-commit of k+1, or a few feeds on) but always well before the end of the stream.
  const afterFeed = [0, 3, 17, 42, 77, 110];
  it.each(afterFeed.map((k) => [k]))('killed after feed %i: every feed is all-or-nothing, and a rerun completes it', async (k) => {
    const run = startChild('commit-loop', path);
    expect(await run.firstLine).toBe('ready');
    await new Promise<void>((resolve) => {
      const onData = (): void => {
        if (run.output().includes(`\nc${k}\n`)) {
          run.child.stdout?.off('data', onData);
          resolve();
        }
      };
      run.child.stdout?.on('data', onData);
      run.exit.then(() => resolve());
      onData();
    });
    run.child.kill('SIGKILL');
    const exit = await run.exit;
    expect(exit.signal).toBe('SIGKILL'); // it died mid-stream, not after finishing
    expect(exit.stdout).not.toContain('done');
    const after = loopState();
    expect(after.torn).toEqual([]);
    expect(after.advanced).toBeGreaterThan(k);
    expect(after.items).toBe(after.advanced * LOOP_ITEMS);
    expect((await startChild('commit-loop', path).exit).stdout).toMatch(/\ndone\n$/);
    expect(loopState()).toEqual({ advanced: LOOP_FEEDS, torn: [], items: LOOP_FEEDS * LOOP_ITEMS });
  });
});
