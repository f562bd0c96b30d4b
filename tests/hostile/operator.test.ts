// The unlucky operator, through the CLI: a state path that is a directory, read-only files, a full disk and a
// WAL that still holds pages exit 2 with the path and what to do (or open fine), never a stack trace; a
// User-Agent with CR/LF and a feed URL with a password are refused at config, and the password is never printed.
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../e2e/helpers.js';
import { ioProblem } from '../../src/io-errors.js';
import { openStore } from '../../src/state/store.js';
import { startFaultServer } from '../fetch/servers.js';

const sources = JSON.parse(readFileSync(join(ROOT, 'sources.json'), 'utf8'));
function setup(mutate: (c: any) => void = () => undefined): { dir: string; args: (extra?: string[]) => string[] } {
  const dir = scratch('ww-op-');
  const c = structuredClone(sources);
  mutate(c);
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(c));
  return {
    dir,
    args: (extra = []) => [
      'crawl',
      '--sources',
      join(dir, 'sources.json'),
      '--watchlist',
      join(ROOT, 'watchlist.json'),
      '--out',
      join(dir, 'out'),
      ...extra,
    ],
  };
}

describe('case 12: paths the run cannot use exit 2 with the path and what to do', () => {
  it('--state is a directory', async () => {
    const { dir, args } = setup();
    mkdirSync(join(dir, 'state-dir'));
    const r = await cli(args(['--state', join(dir, 'state-dir')]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, 'state-dir'));
    expect(r.stderr).not.toMatch(/unexpected error| {4}at /);
  });

  it.each([
    ['--out', 'a file', []],
    ['--out', 'a folder whose runs/ is a file', ['runs']],
  ])('%s is %s', async (_flag, _case, under) => {
    const { dir, args } = setup();
    const taken = join(dir, 'out', ...under);
    if (under.length) mkdirSync(join(dir, 'out'));
    writeFileSync(taken, 'not a folder');
    const r = await cli(args(['--state', join(dir, 'state.db'), '--replay', join(ROOT, 'fixtures')]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${taken}: exists and is not a directory; move it away, or give --out another directory`);
    expect(r.stderr).not.toMatch(/unexpected error| {4}at /);
  });

  it.each([
    ['EISDIR', { code: 'EISDIR', path: '/x/state.db' }, /\/x\/state\.db: is a directory; give a file path/],
    ['EACCES', { code: 'EACCES', path: '/o/candidates.json' }, /permission denied; make it writable/],
    ['EROFS', { code: 'EROFS', path: '/o' }, /read-only filesystem/],
    ['ENOSPC', { code: 'ENOSPC', path: '/o/x' }, /no space left/],
    ['SQLITE_READONLY_DBMOVED', { code: 'SQLITE_READONLY_DBMOVED' }, /read-only; make the database and its -wal and -shm/],
    ['SQLITE_FULL', { code: 'SQLITE_FULL' }, /disk is full/],
    ['SQLITE_IOERR_WRITE', { code: 'SQLITE_IOERR_WRITE' }, /disk I\/O error/],
  ])('%s is an operator problem', (_name, e, line) => {
    const p = ioProblem(e, '/s/state.db');
    expect(p).toBeDefined();
    expect(`${p!.path}: ${p!.what}; ${p!.fix}`).toMatch(line);
  });

  it('an error that is not about a path is not one', () => {
    expect(ioProblem(new TypeError('x'))).toBeUndefined();
    expect(ioProblem({ code: 'ERR_SOMETHING' })).toBeUndefined();
  });

  // As root every file is writable, so these two can only be observed as another user.
  it.skipIf(process.getuid?.() === 0)('a read-only state.db (with its -wal and -shm) and a read-only out dir exit 2', async () => {
    const { dir, args } = setup();
    const out = join(dir, 'out');
    mkdirSync(out);
    openStore(join(out, 'state.db')).close();
    for (const f of ['state.db', 'state.db-wal', 'state.db-shm'])
      try {
        chmodSync(join(out, f), 0o444);
      } catch {
        /* absent */
      }
    const r1 = await cli(args(['--only', 'tass-en', '--dry-run']));
    expect([r1.code, r1.stderr]).toEqual([2, expect.stringContaining('state.db')]);
    chmodSync(out, 0o555);
    const r2 = await cli(args());
    expect(r2.code).toBe(2);
    chmodSync(out, 0o755);
  });
});

describe('case 11: a WAL that still holds pages past the end of the main file', () => {
  it('the store opens (SQLite judges the WAL) instead of STATE_CORRUPT "is truncated" forever', () => {
    const dir = scratch('ww-wal-');
    const path = join(dir, 'state.db');
    openStore(path).close();
    const db = new Database(path);
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE filler (x TEXT)');
    const ins = db.prepare('INSERT INTO filler VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) ins.run('x'.repeat(1000));
    })();
    // A checkpoint cut short by a full disk: page 1 (the header, with the new page count) reached the main
    // file, the pages it counts are still only in the WAL.
    const wal = readFileSync(`${path}-wal`);
    const pageSize = wal.readUInt32BE(8);
    let page1: Buffer | undefined;
    for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize)
      if (wal.readUInt32BE(off) === 1) page1 = wal.subarray(off + 24, off + 24 + pageSize);
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, page1!, 0, pageSize, 0);
    closeSync(fd);
    expect(page1!.readUInt32BE(28) * pageSize).toBeGreaterThan(size);
    // The writer stays open (as a process that died would leave it): its WAL is not checkpointed away.
    const store = openStore(path);
    store.close();
    db.close();
  });
});

describe('cases 13 and 14: the User-Agent and credentials in channel URLs, at config', () => {
  it.each([
    [
      'CR/LF in userAgent',
      (c: any) => {
        c.userAgent = 'wirewatch/0.1\r\nX-Evil: 1';
      },
      /\$\.userAgent: must be one line of printable ASCII/,
    ],
    [
      'a NUL in userAgent',
      (c: any) => {
        c.userAgent = 'wirewatch/0.1\u0000';
      },
      /\$\.userAgent: must be one line/,
    ],
    [
      'user and password in a feed URL',
      (c: any) => {
        c.sources[0].channels[0].url = 'https://editor:s3cret-pw@tass.com/rss/v2.xml';
      },
      /\$\.sources\[0\]\.channels\[0\]\.url: a user name or password in the URL is not allowed/,
    ],
    [
      'a user alone',
      (c: any) => {
        c.sources[1].channels[0].url = 'https://editor@tass.ru/rss/v2.xml';
      },
      /\$\.sources\[1\]\.channels\[0\]\.url: a user name or password/,
    ],
    [
      'an unparseable URL with a password',
      (c: any) => {
        c.sources[2].channels[0].url = 'http://editor:s3cret-pw@[bad/x';
      },
      /not a valid URL: "http:\/\/…@\[bad\/x"/,
    ],
  ])('%s → exit 2, nothing written, no secret printed', async (_name, mutate, message) => {
    const { dir, args } = setup(mutate);
    const r = await cli(args());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('s3cret-pw');
    expect(() => statSync(join(dir, 'out'))).toThrow();
  });
});

describe('case 13: extract and record of a page that cannot be read end with its code, not "unexpected error"', () => {
  it.each([
    ['extract', '/gone', 3, /http_status: HTTP 404/],
    ['extract', '/away', 3, /ssrf_blocked: redirect refused: 169\.254\.169\.254/],
    ['extract', '/empty', 3, /extract_error|no article/],
    ['record', '/gone', 3, /nothing recorded: http_status: HTTP 404/],
    ['record', '/away', 3, /nothing recorded: ssrf_blocked/],
  ])('%s %s → exit %i', async (cmd, path, code, message) => {
    const srv = await startFaultServer({
      host: '127.0.0.190',
      routes: {
        '/gone': (_req, res) => void res.writeHead(404).end('no'),
        '/away': (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/x' }).end(),
        '/empty': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(''),
      },
    });
    try {
      const dir = scratch('ww-x13-');
      writeFileSync(
        join(dir, 's.json'),
        JSON.stringify({
          userAgent: 'wirewatch-test/0.1 (+https://example.org/c)',
          defaults: { minDelayMs: 0, perHostConcurrency: 1, timeoutMs: 3000, maxBodyBytes: 1_000_000, respectRobots: false },
          sources: [
            { id: 'lb', name: 'LB', lang: 'en', timeZone: 'UTC', adapter: 'generic', feeds: [srv.url('/feed')], allowPrivateNetwork: true },
          ],
        }),
      );
      const r = await cli([
        cmd,
        srv.url(path),
        '--source',
        'lb',
        '--sources',
        join(dir, 's.json'),
        ...(cmd === 'record' ? ['--fixtures', join(dir, 'rec')] : []),
      ]);
      expect(r.code).toBe(code);
      expect(r.stderr + r.stdout).toMatch(message);
      expect(r.stderr).not.toMatch(/unexpected error| {4}at /);
    } finally {
      await srv.close();
    }
  });
});
