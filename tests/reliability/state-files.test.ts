// A state file that is corrupt, truncated, empty, not ours or from a
// newer wirewatch, given to `crawl --state FILE`, ends the run with exit 2 and a message naming the file,
// before anything is fetched or written; the file itself is left byte for byte as it was (never a silent
// fresh start that would re-flood the editor with every item).
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, crawlArgs, scratch } from './harness.js';

const PAGE_BYTES = 4096;

/** A real state file of a finished crawl (closed, so its WAL is checkpointed into the one file). */
let good: string;

type Make = (path: string) => void;

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const CASES: [name: string, make: Make, message: RegExp][] = [
  ['empty (0 bytes)', (p) => writeFileSync(p, ''), /is empty/],
  ['truncated to two pages', (p) => (copyFileSync(good, p), truncateSync(p, 2 * PAGE_BYTES)), /is truncated/],
  ['cut inside the header', (p) => (copyFileSync(good, p), truncateSync(p, 10)), /is truncated/],
  [
    'pages overwritten with garbage',
    (p) => {
      copyFileSync(good, p);
      const bytes = readFileSync(p);
      bytes.fill(0xa5, PAGE_BYTES, bytes.length - PAGE_BYTES);
      writeFileSync(p, bytes);
    },
    /corrupt|integrity/,
  ],
  ['a JSON file, not SQLite', (p) => writeFileSync(p, '{"seen": ["https://tass.com/politics/1901234"]}\n'), /not an SQLite database/],
  [
    "another application's SQLite database",
    (p) => {
      const db = new Database(p);
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x')");
      db.close();
    },
    /another application/,
  ],
  [
    'a newer wirewatch (schema version 99)',
    (p) => {
      copyFileSync(good, p);
      const db = new Database(p);
      db.pragma('journal_mode = DELETE');
      db.pragma('user_version = 99');
      db.close();
    },
    /newer than this wirewatch knows/,
  ],
];

describe('crawl --state with a bad state file', () => {
  beforeAll(async () => {
    const out = scratch('ww-state-good-');
    const r = await cli(crawlArgs(out, { only: ['tass-en'] }));
    expect(r.code, r.stderr).toBe(0);
    good = join(out, 'state.db');
  }, 60_000);

  it.each(CASES)('%s: exit 2 naming the file, nothing written, the file untouched', async (_name, make, message) => {
    const dir = scratch('ww-state-bad-');
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    const state = join(stateDir, 'wirewatch.db');
    make(state);
    const before = { sha: sha(state), size: statSync(state).size, mtimeMs: statSync(state).mtimeMs };
    const out = join(dir, 'out');
    const r = await cli(crawlArgs(out, { only: ['tass-en'], state }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(state);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect({ sha: sha(state), size: statSync(state).size, mtimeMs: statSync(state).mtimeMs }).toEqual(before);
    // Nothing beside it (no -wal, -shm, backup, lock or owner file left) and no output of any kind.
    expect(readdirSync(stateDir)).toEqual(['wirewatch.db']);
    expect(readdirSync(out)).toEqual([]);
  });
});
