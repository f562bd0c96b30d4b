// Opening the state database. The guarantee: we either open a wirewatch database at a version we know
// (migrating older ones in one transaction), create a new one that appears fully formed (built under a
// temp name, then renamed), or throw a CrawlError with disposition 'stop' (the CLI exits 2). A file that is
// not ours, from a newer wirewatch, truncated or corrupt is never replaced by a silent fresh start.

import Database from 'better-sqlite3';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CrawlError, errorMessage } from '../errors.js';
import { APP_NAME, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { linkEndSync } from '../durable/atomic.js';

export type Db = Database.Database;

/** Connection settings. busy_timeout lets `review` read while a crawl writes (WAL) without SQLITE_BUSY. */
export const DB_SETTINGS = {
  busyTimeoutMs: 5000,
  synchronous: 'FULL',
  /** The page cache, KiB (SQLite's own default; better-sqlite3 builds with 16,000). A crawl writes and the outputs
   *  read the whole window once in order, so a bigger cache holds pages nobody reads again, and its malloc'd pages
   *  stay with the process: the end of a run over a 10,000-page state peaked at 188-214 MB with 16,000 and
   *  175-198 with 2,000 (Node 24, five runs each in turn, same CPU within the noise). */
  cacheKib: 2000,
} as const;

const SQLITE_MAGIC = 'SQLite format 3\0';
const HEADER_BYTES = 100;

type StateCode = 'STATE_CORRUPT' | 'STATE_FOREIGN' | 'STATE_FUTURE';

/** What the operator can do about each; the file itself is never touched (no silent fresh start). */
const STATE_ADVICE: Record<StateCode, string> = {
  STATE_CORRUPT:
    'it is left as it is: restore it from a backup, or move it away to start a new state (the items the feeds list then read as new)',
  STATE_FOREIGN: 'it is left as it is: give --state a wirewatch state file, or move this one away',
  STATE_FUTURE: 'it is left as it is',
};

function stateError(code: StateCode, path: string, message: string, cause?: unknown): CrawlError {
  return new CrawlError(code, `state file ${path}: ${message}; ${STATE_ADVICE[code]}`, { disposition: 'stop', cause });
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Checks the 100-byte SQLite header before SQLite sees the file: magic, and size against the page count. */
function checkHeader(path: string, size: number): void {
  if (size === 0) throw stateError('STATE_CORRUPT', path, 'is empty (0 bytes; truncated?)');
  const fd = openSync(path, 'r');
  const header = Buffer.alloc(HEADER_BYTES);
  let read: number;
  try {
    read = readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  // Only the bytes read: a file cut inside the magic is truncated, not foreign (the buffer's zeros are not the file's).
  const magic = header.toString('latin1', 0, Math.min(read, SQLITE_MAGIC.length));
  if (magic !== SQLITE_MAGIC) {
    if (read < SQLITE_MAGIC.length && SQLITE_MAGIC.startsWith(magic))
      throw stateError('STATE_CORRUPT', path, `is truncated (${size} bytes)`);
    throw stateError('STATE_FOREIGN', path, 'is not an SQLite database (not a wirewatch state file)');
  }
  if (read < HEADER_BYTES) throw stateError('STATE_CORRUPT', path, `is truncated (${size} bytes)`);
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  // The in-header size is valid only when the change counter equals version-valid-for (sqlite fileformat §1.3.7).
  const sizeValid = pageCount > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
  // Pages past the end of the main file may still sit in the WAL (a checkpoint cut short by a full disk):
  // then SQLite's own check judges the file, not its size.
  if (sizeValid && pageCount * pageSize > size && !(fileSize(`${path}-wal`) ?? 0)) {
    throw stateError('STATE_CORRUPT', path, `is truncated (${size} bytes, header says ${pageCount * pageSize})`);
  }
}

/** Connection-only settings: they change nothing in the file, so they are safe before we know whose it is. */
function configureConnection(db: Db): void {
  db.pragma(`busy_timeout = ${DB_SETTINGS.busyTimeoutMs}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = -${DB_SETTINGS.cacheKib}`);
}

/** File settings (WAL is persistent), applied only to a database we have identified as ours. */
function configureFile(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${DB_SETTINGS.synchronous}`);
}

function migrate(db: Db, from: number): void {
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(SCHEMA_VERSION));
  })();
}

type Identity = { kind: 'empty' } | { kind: 'ours'; version: number };

/** Decides whose database this is. Throws STATE_FOREIGN / STATE_FUTURE / STATE_CORRUPT. */
function identify(db: Db, path: string): Identity {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
  if (tables.n === 0 && appId === 0 && version === 0) return { kind: 'empty' };
  if (appId !== APPLICATION_ID) {
    throw stateError('STATE_FOREIGN', path, `is an SQLite database of another application (application_id 0x${appId.toString(16)})`);
  }
  const app = metaValue(db, 'app');
  if (app !== APP_NAME) throw stateError('STATE_FOREIGN', path, `meta.app is ${JSON.stringify(app ?? null)}, not "${APP_NAME}"`);
  if (version > SCHEMA_VERSION) {
    throw stateError(
      'STATE_FUTURE',
      path,
      `has schema version ${version}, newer than this wirewatch knows (${SCHEMA_VERSION}); upgrade wirewatch`,
    );
  }
  if (version < 1) throw stateError('STATE_CORRUPT', path, 'is marked as wirewatch but has no schema version');
  return { kind: 'ours', version };
}

function metaValue(db: Db, key: string): string | undefined {
  const hasMeta = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`).get();
  if (!hasMeta) return undefined;
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

function quickCheck(db: Db, path: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const first = rows[0]?.quick_check;
  if (first !== 'ok')
    throw stateError(
      'STATE_CORRUPT',
      path,
      `fails the integrity check: ${rows
        .map((r) => r.quick_check)
        .slice(0, 3)
        .join('; ')}`,
    );
}

/** Maps SQLite's own corruption errors to STATE_CORRUPT; anything else propagates unchanged. */
function classify(e: unknown, path: string): unknown {
  if (e instanceof CrawlError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR_SHORT_READ)/.test(code)) {
    return stateError('STATE_CORRUPT', path, `is corrupt (${code}: ${errorMessage(e)})`, e);
  }
  return e;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Builds a new database under a temp name and renames it into place, so no half-made file is ever at `path`; a
 *  symlink with nothing behind it yet gets the database at the path it names, and stays a link. */
function createFresh(link: string): void {
  const path = linkEndSync(link);
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const db = new Database(tmp);
    try {
      configureConnection(db);
      configureFile(db);
      migrate(db, 0);
    } finally {
      db.close(); // checkpoints and removes the -wal, so the single file is complete
    }
    renameSync(tmp, path);
    fsyncDir(dir);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

/** A consistent copy of the file as it was, `<path>.v<N>.bak`, so a faulty migration never costs the state. */
function backupBeforeMigration(db: Db, path: string, version: number): void {
  const bak = `${path}.v${version}.bak`;
  rmSync(bak, { force: true });
  db.prepare('VACUUM INTO ?').run(bak);
}

function openMemory(): Db {
  const db = new Database(':memory:');
  configureConnection(db);
  migrate(db, 0);
  return db;
}

function openExisting(path: string, readonly: boolean, check = true): Db {
  const db = new Database(path, { readonly, fileMustExist: true });
  try {
    configureConnection(db);
    const id = identify(db, path);
    if (check) quickCheck(db, path);
    if (!readonly) configureFile(db);
    const version = id.kind === 'empty' ? 0 : id.version;
    if (version === SCHEMA_VERSION) return db;
    if (!readonly) {
      if (version > 0) backupBeforeMigration(db, path, version);
      migrate(db, version);
      return db;
    }
    db.close();
    // A reader found an older schema: migrate once with a writer, then reopen read-only.
    openExisting(path, false).close();
    return openExisting(path, true, check);
  } catch (e) {
    if (db.open) db.close();
    throw classify(e, path);
  }
}

/**
 * preview (a dry run): a private in-memory copy of the file as it is now, checked like any open and migrated in
 * memory, or a fresh empty one when there is no file. Commits go to the copy; the file is never written.
 */
function openPreview(path: string): Db {
  const size = fileSize(path);
  if (size === undefined) return openMemory();
  checkHeader(path, size);
  // The file's own bytes, unless a write-ahead log holds part of the state (a run is live or died): then through
  // SQLite, which may add the -shm index a WAL reader needs but changes nothing in the state.
  const bytes = (fileSize(`${path}-wal`) ?? 0) > 0 ? snapshot(path) : readFileSync(path);
  // Header bytes 18–19 say WAL (2); an in-memory database cannot be WAL, so the copy is marked rollback (1).
  bytes[18] = 1;
  bytes[19] = 1;
  let db: Db | undefined;
  try {
    db = new Database(bytes);
    configureConnection(db);
    const id = identify(db, path);
    quickCheck(db, path);
    const version = id.kind === 'empty' ? 0 : id.version;
    if (version < SCHEMA_VERSION) migrate(db, version);
    return db;
  } catch (e) {
    db?.close();
    throw classify(e, path);
  }
}

function snapshot(path: string): Buffer {
  const file = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return file.serialize();
  } catch (e) {
    throw classify(e, path);
  } finally {
    file.close();
  }
}

/** How a state file is opened: see openDatabase. */
export interface OpenOptions {
  readonly?: boolean;
  preview?: boolean;
  /** false: no quick_check (it reads every page: ~0.85 s at 10,000 items). Only for a second connection of a
   *  process whose first connection checked the file and still holds it open (a worker thread of the run). */
  quickCheck?: boolean;
}

/**
 * Opens (or creates) the state database. ':memory:' gives a private, migrated database for tests.
 * readonly: never creates or migrates the file's content for its own sake; a missing file reads as empty.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  const readonly = opts.readonly === true;
  if (path === ':memory:') return openMemory();
  if (opts.preview) return openPreview(path);
  const size = fileSize(path);
  if (size === undefined) {
    if ((fileSize(`${path}-wal`) ?? 0) > 0) {
      throw stateError('STATE_CORRUPT', path, 'is missing but its write-ahead log is present (deleted state?)');
    }
    if (readonly) return openMemory();
    createFresh(path);
  } else {
    checkHeader(path, size);
  }
  return openExisting(path, readonly, opts.quickCheck !== false);
}
