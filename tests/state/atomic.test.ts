import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fsp from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepTempFiles, writeFileAtomic, type AtomicFs } from '../../src/durable/atomic.js';
import { startChild } from './spawn.js';

const DEAD_PID = 99_999_999;
const PREVIOUS = JSON.stringify({ generation: 'previous', items: [1, 2, 3] });

let dir: string;
let target: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-atomic-'));
  target = join(dir, 'candidates.json');
  writeFileSync(target, PREVIOUS);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entries = (): string[] => readdirSync(dir).sort();

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** Real fs, except that one step fails: the temp file's write (after half the bytes), its fsync, or the rename. */
function failingFs(step: 'writeFile' | 'sync' | 'rename', code: string): AtomicFs {
  const open = (async (path: string, flags: string, mode?: number) => {
    const fh = await fsp.open(path, flags, mode);
    if (flags !== 'wx') return fh;
    return new Proxy(fh, {
      get(t, key) {
        if (key === step && step === 'writeFile') {
          return async (data: string | Buffer) => {
            await t.write(Buffer.from(data).subarray(0, Buffer.byteLength(data) / 2));
            throw errno(code);
          };
        }
        if (key === step) return async () => Promise.reject(errno(code));
        const v = Reflect.get(t, key) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  }) as unknown as AtomicFs['open'];
  const rename = (step === 'rename' ? async () => Promise.reject(errno(code)) : fsp.rename) as AtomicFs['rename'];
  return { open, rename, unlink: fsp.unlink, stat: fsp.stat, readdir: fsp.readdir };
}

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file', async () => {
    await writeFileAtomic(target, '{"generation":"new"}');
    expect(readFileSync(target, 'utf8')).toBe('{"generation":"new"}');
    expect(entries()).toEqual(['candidates.json']);
  });

  it('keeps the mode of the file it replaces', async () => {
    chmodSync(target, 0o600);
    await writeFileAtomic(target, Buffer.from('new'));
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['disk full mid-write', 'writeFile', 'ENOSPC'],
    ['fsync fails', 'sync', 'EIO'],
    ['read-only filesystem at rename', 'rename', 'EROFS'],
  ] as const)('%s (%s → %s): the previous file stays whole, the temp file is removed', async (_case, step, code) => {
    await expect(
      writeFileAtomic(target, JSON.stringify({ generation: 'new', pad: 'x'.repeat(100_000) }), failingFs(step, code)),
    ).rejects.toMatchObject({ code });
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(entries()).toEqual(['candidates.json']);
  });

  // A rename replaces whatever the path is: `-o /dev/stdout` (a link to /proc/self/fd/1) once replaced the system's
  // /dev/stdout with a regular file, and an output kept behind a link lost the link.
  it.each([
    ['a link to a file: the file is replaced, the link kept', (link: string) => symlinkSync(target, link), () => target],
    [
      'a link to nothing yet: its target is created, the link kept',
      (link: string) => symlinkSync(join(dir, 'later.json'), link),
      () => join(dir, 'later.json'),
    ],
  ])('%s', async (_case, makeLink, written) => {
    const link = join(dir, 'link.json');
    makeLink(link);
    await writeFileAtomic(link, 'new');
    expect([lstatSync(link).isSymbolicLink(), readFileSync(written(), 'utf8')]).toEqual([true, 'new']);
    expect(entries().filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a FIFO is written in place, not replaced by a file', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = fsp.readFile(fifo, 'utf8');
    await writeFileAtomic(fifo, 'through the pipe');
    expect([await reader, statSync(fifo).isFIFO()]).toEqual(['through the pipe', true]);
  });

  it('a writer SIGKILLed before the rename leaves the previous file whole and a temp file the sweep removes', async () => {
    const run = startChild('write', target, 'atomic.before-rename');
    expect((await run.exit).signal).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(JSON.parse(PREVIOUS));
    expect(entries().filter((n) => n.startsWith('.candidates.json.tmp-'))).toHaveLength(1);
    expect(await sweepTempFiles(dir)).toBe(1);
    expect(entries()).toEqual(['candidates.json']);
  });

  it('a writer that is not killed replaces the file', async () => {
    const run = startChild('write', target);
    expect((await run.exit).stdout).toBe('done\n');
    expect(JSON.parse(readFileSync(target, 'utf8')).generation).toBe('new');
  });
});

describe('sweepTempFiles', () => {
  const old = new Date(Date.now() - 2 * 3600_000);
  it.each([
    ["a dead writer's temp file", `.candidates.json.tmp-${DEAD_PID}-a1b2c3`, false, true],
    ["a live writer's fresh temp file", `.review.html.tmp-${process.pid}-a1b2c3`, false, false],
    ["a live pid's temp file older than an hour (pid reused)", `.review.html.tmp-${process.pid}-a1b2c3`, true, true],
    ["a dead writer's temp state file", `.state.db.tmp-${DEAD_PID}-0f0f`, false, true],
    ['an editor swap file', '.candidates.json.swp', true, false],
    ['an ordinary output', 'review.html', true, false],
  ])('%s', async (_case, name, aged, removed) => {
    writeFileSync(join(dir, name), 'x');
    if (aged) utimesSync(join(dir, name), old, old);
    expect(await sweepTempFiles(dir)).toBe(removed ? 1 : 0);
    expect(entries().includes(name)).toBe(!removed);
  });

  it('a missing directory, or a file where one should be, has nothing to sweep', async () => {
    expect(await sweepTempFiles(join(dir, 'nope'))).toBe(0);
    writeFileSync(join(dir, 'runs'), 'not a directory');
    expect(await sweepTempFiles(join(dir, 'runs'))).toBe(0);
  });
});
