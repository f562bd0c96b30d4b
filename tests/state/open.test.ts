import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  symlinkSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/state/store.js';
import { DB_SETTINGS, openDatabase, type OpenOptions } from '../../src/state/open.js';
import { APP_NAME, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../src/state/schema.js';
import { CrawlError } from '../../src/errors.js';
import { AT, NOW, feedOk, obs } from './helpers.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-open-'));
  path = join(dir, 'state.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A state file with one flagged item, closed (checkpointed) so the file alone holds it. */
function seeded(): void {
  const s = openStore(path);
  s.commitFeed(feedOk(), [obs('a')]);
  s.close();
}

function openError(p: string, opts?: OpenOptions): CrawlError | undefined {
  try {
    openStore(p, opts).close();
    return undefined;
  } catch (e) {
    if (e instanceof CrawlError) return e;
    throw e;
  }
}

/** A database at schema version `v` built by the first v migrations, as an older wirewatch left it. */
function atVersion(v: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (let i = 0; i < v; i++) db.exec(MIGRATIONS[i] ?? '');
  db.pragma(`user_version = ${v}`);
  db.prepare(`INSERT INTO items (id, source_id, url, canonical, title, sort_ms, title_hash, status, first_seen_at, last_seen_at, last_seen_ms)
    VALUES ('old', 'tass-en', 'u', 'u', 'Lavrov', 1, 't', 'seen', ?, ?, 1)`).run(AT, AT);
  db.close();
}

describe('a new state file', () => {
  it('appears fully formed: WAL, ours, current version, no temp files left', () => {
    openStore(path).close();
    const db = new Database(path, { readonly: true });
    expect([
      db.pragma('journal_mode', { simple: true }),
      db.pragma('application_id', { simple: true }),
      db.pragma('user_version', { simple: true }),
    ]).toEqual(['wal', APPLICATION_ID, SCHEMA_VERSION]);
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'app'`).pluck().get()).toBe(APP_NAME);
    db.close();
    expect(readdirSync(dir).filter((n) => n.includes('tmp'))).toEqual([]);
  });

  it('every connection, read-write or read-only, gets the small page cache (its pages stay with the process)', () => {
    seeded();
    for (const readonly of [false, true]) {
      const db = openDatabase(path, { readonly });
      expect(db.pragma('cache_size', { simple: true })).toBe(-DB_SETTINGS.cacheKib);
      db.close();
    }
  });

  it('keeps what was committed across reopen', () => {
    seeded();
    const s = openStore(path);
    expect(s.item('a')?.status).toBe('flagged');
    s.close();
  });

  it('an empty SQLite file (no tables) is initialised', () => {
    const db = new Database(path);
    db.exec('CREATE TABLE t (x); DROP TABLE t;');
    db.close();
    expect(statSync(path).size).toBeGreaterThan(0);
    const s = openStore(path);
    expect(s.candidates({ now: NOW })).toEqual([]);
    s.close();
  });

  it.each([
    ['a link to a file not there yet', { 'state.db': join('VOL', 'state.db') }],
    ['a relative link to a relative link to it', { 'state.db': 'mid.db', 'mid.db': 'volume/state.db' }],
  ])('%s: created where the chain ends, the link kept, and reopened through it', (_case, links) => {
    mkdirSync(join(dir, 'volume'));
    for (const [name, to] of Object.entries(links)) symlinkSync(to.replace('VOL', join(dir, 'volume')), join(dir, name));
    seeded();
    expect([lstatSync(path).isSymbolicLink(), statSync(join(dir, 'volume', 'state.db')).isFile()]).toEqual([true, true]);
    const s = openStore(path);
    expect(s.item('a')?.status).toBe('flagged');
    s.close();
  });

  it('read-only on a missing file reads as empty and creates nothing', () => {
    const s = openStore(path, { readonly: true });
    expect(s.candidates({ now: NOW })).toEqual([]);
    s.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('migrations', () => {
  it.each([[1], [2]])('a version-%i database is migrated in place and keeps its items', (v) => {
    atVersion(v);
    const s = openStore(path);
    expect(s.item('old')?.title).toBe('Lavrov');
    s.beginRun({ runId: 'r', startedAt: AT });
    s.recordExtraction('tass-en', { pages: 1, missingBody: 0, missingDate: 0, missingTitle: 0, lowConfidence: 0 });
    s.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).pluck().get()).toBe(String(SCHEMA_VERSION));
    db.close();
    const bak = new Database(`${path}.v${v}.bak`, { readonly: true });
    expect([bak.pragma('user_version', { simple: true }), bak.prepare(`SELECT id FROM items`).pluck().all()]).toEqual([v, ['old']]);
    bak.close();
  });

  it('a read-only open of an older version migrates once, then reads', () => {
    atVersion(1);
    const s = openStore(path, { readonly: true });
    expect(s.item('old')?.id).toBe('old');
    s.close();
  });
});

describe('a state file that is not ours, from the future, or damaged stops the run (exit 2)', () => {
  const cases: [string, () => void, string][] = [
    ['a JSON state file', () => writeFileSync(path, '{"seen":{}}\n'), 'STATE_FOREIGN'],
    [
      "another application's SQLite database",
      () => {
        const db = new Database(path);
        db.exec('CREATE TABLE notes (body TEXT)');
        db.close();
      },
      'STATE_FOREIGN',
    ],
    [
      'our application id but another app in meta',
      () => {
        const db = new Database(path);
        db.exec(MIGRATIONS[0] ?? '');
        db.exec(`UPDATE meta SET value = 'other' WHERE key = 'app'`);
        db.pragma('user_version = 1');
        db.close();
      },
      'STATE_FOREIGN',
    ],
    [
      'a newer schema version',
      () => {
        seeded();
        const db = new Database(path);
        db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
        db.close();
      },
      'STATE_FUTURE',
    ],
    ['a zero-length file', () => writeFileSync(path, ''), 'STATE_CORRUPT'],
    ['a file cut inside the header', () => (seeded(), truncateSync(path, 50)), 'STATE_CORRUPT'],
    ['a file cut after two pages', () => (seeded(), truncateSync(path, 8192)), 'STATE_CORRUPT'],
    [
      'pages overwritten with garbage',
      () => {
        seeded();
        const bytes = readFileSync(path);
        bytes.fill(0xab, 4096 * 2);
        writeFileSync(path, bytes);
      },
      'STATE_CORRUPT',
    ],
    ['a write-ahead log without its database', () => writeFileSync(`${path}-wal`, Buffer.alloc(4096, 1)), 'STATE_CORRUPT'],
  ];

  it.each(cases)('%s', (_case, make, code) => {
    make();
    const before = existsSync(path) ? readFileSync(path) : undefined;
    const err = openError(path);
    expect(err?.code).toBe(code);
    expect(err?.disposition).toBe('stop');
    expect(err?.message).toContain(path);
    // and what the operator can do about it
    expect(err?.message).toMatch(/; it is left as it is(: (restore it from a backup|give --state a wirewatch state file))?/);
    if (code !== 'STATE_FUTURE') expect(err?.message).toMatch(/move (it|this one) away/);
    // never a silent fresh start: the file is left exactly as it was
    expect(existsSync(path) ? readFileSync(path) : undefined).toEqual(before);
  });

  it('the seeded file is longer than two pages, so the cut case really cuts', () => {
    seeded();
    expect(statSync(path).size).toBeGreaterThan(8192);
  });
});

describe('a second connection of the run', () => {
  // A worker thread of the run opens a second connection to the file its main thread checked: quickCheck false
  // skips the page scan (the one check that reads every page), and only that.
  it.each([
    [{}, 1],
    [{ readonly: true }, 1],
    [{ readonly: true, quickCheck: false }, 0],
  ] as const)('opened %j, the file is quick_checked %i times', (opts, checks) => {
    seeded();
    const pragma = vi.spyOn(Database.prototype, 'pragma');
    try {
      openStore(path, opts).close();
      expect(pragma.mock.calls.filter(([sql]) => sql === 'quick_check')).toHaveLength(checks);
      expect(pragma.mock.calls.filter(([sql]) => sql === 'application_id')).toHaveLength(1);
    } finally {
      pragma.mockRestore();
    }
  });
});
