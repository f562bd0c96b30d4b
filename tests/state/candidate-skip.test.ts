// The outputs' cursor (Store.eachCandidate) leaves a row out rather than stopping every output: a stored candidate
// it cannot read, and a row another process deleted or unflagged after the window's ids were listed. The rest of
// the window comes out in order, and the row itself stays in the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/state/store.js';
import { AT, NOW, feedOk, obs } from './helpers.js';

let dir: string;
let path: string;
let store: Store;
let other: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-skip-'));
  path = join(dir, 'state.db');
  store = openStore(path);
  store.beginRun({ runId: 'r1', startedAt: AT });
  store.commitFeed(feedOk(), [obs('a'), obs('b'), obs('c')]);
  other = new Database(path);
  other.pragma('busy_timeout = 5000');
});
afterEach(() => {
  other.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What another process does to item b: before the window is listed, or between the first item and the rest. */
const change: Record<string, string> = {
  unreadable: `UPDATE items SET candidate = '{"id": "b", "title": ' WHERE id = 'b'`,
  'not JSON at all': `UPDATE items SET candidate = 'not json' WHERE id = 'b'`,
  deleted: `DELETE FROM items WHERE id = 'b'`,
  unflagged: `UPDATE items SET status = 'seen', candidate = NULL WHERE id = 'b'`,
};

describe('eachCandidate leaves a row out, not the window', () => {
  it.each([
    // [what happens to b, when, ids out, b still stored]
    ['unreadable', 'before', ['a', 'c'], true],
    ['not JSON at all', 'before', ['a', 'c'], true],
    ['unreadable', 'during', ['a', 'c'], true],
    ['deleted', 'during', ['a', 'c'], false],
    ['unflagged', 'during', ['a', 'c'], true],
  ] as const)('b %s %s the pass: %j', (what, when, ids, stored) => {
    if (when === 'before') other.exec(change[what] as string);
    const out: string[] = [];
    for (const c of store.eachCandidate({ now: NOW })) {
      out.push(c.id);
      if (when === 'during' && out.length === 1) other.exec(change[what] as string);
    }
    expect(out).toEqual(ids);
    expect(store.item('b') !== undefined).toBe(stored);
  });

  it('without a change every row comes out (the cases above start from this window)', () => {
    expect([...store.eachCandidate({ now: NOW })].map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});
