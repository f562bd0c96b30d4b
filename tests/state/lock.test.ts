import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, rmdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, type RunLock } from '../../src/state/lock.js';
import { CrawlError } from '../../src/errors.js';
import { startChild } from './spawn.js';

/** Above Linux's pid_max (2^22): no process can have it. */
const DEAD_PID = 99_999_999;

let dir: string;
let statePath: string;
const held: RunLock[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-lock-'));
  statePath = join(dir, 'state.db');
});
afterEach(async () => {
  for (const l of held.splice(0)) await l.release();
  rmSync(dir, { recursive: true, force: true });
});

async function take(opts?: { staleMs?: number; updateMs?: number }): Promise<RunLock | 'held'> {
  const l = await acquireRunLock(statePath, opts);
  if (l !== 'held') held.push(l);
  return l;
}

describe('acquireRunLock', () => {
  it('a second acquirer gets "held" (no retries), and gets the lock after release', async () => {
    const first = await take();
    expect(first).not.toBe('held');
    expect(await acquireRunLock(statePath)).toBe('held');
    await (first as RunLock).release();
    expect(existsSync(`${statePath}.lock`)).toBe(false);
    expect(existsSync(`${statePath}.lock.owner`)).toBe(false);
    expect(await take()).not.toBe('held');
  });

  it('a lock held by another live process is "held"; once that process is SIGKILLed it is taken over at once', async () => {
    const other = startChild('lock', statePath);
    try {
      expect(await other.firstLine).toBe('locked');
      expect(await acquireRunLock(statePath)).toBe('held');
      other.child.kill('SIGKILL');
      expect((await other.exit).signal).toBe('SIGKILL');
      // no wait for the 10-minute stale time: the owner file names a dead process
      expect(await take()).not.toBe('held');
    } finally {
      other.child.kill('SIGKILL');
    }
  });

  it.each([
    [
      'a lock dir untouched for longer than staleMs is taken over',
      () => {
        mkdirSync(`${statePath}.lock`);
        const old = new Date(Date.now() - 3600_000);
        utimesSync(`${statePath}.lock`, old, old);
      },
      true,
    ],
    ['a fresh lock without an owner file is held (its owner is still starting)', () => mkdirSync(`${statePath}.lock`), false],
    [
      'an owner file naming a dead process but another lock dir is held',
      () => {
        mkdirSync(`${statePath}.lock`);
        writeFileSync(`${statePath}.lock.owner`, JSON.stringify({ pid: DEAD_PID, host: hostname(), lockIno: 1, at: '' }));
      },
      false,
    ],
    [
      'an owner file naming a dead process on another host is held',
      () => {
        mkdirSync(`${statePath}.lock`);
        const lockIno = statSync(`${statePath}.lock`).ino;
        writeFileSync(`${statePath}.lock.owner`, JSON.stringify({ pid: DEAD_PID, host: `not-${hostname()}`, lockIno, at: '' }));
      },
      false,
    ],
    [
      'an owner file naming a dead process and this lock dir is taken over',
      () => {
        mkdirSync(`${statePath}.lock`);
        const lockIno = statSync(`${statePath}.lock`).ino;
        writeFileSync(`${statePath}.lock.owner`, JSON.stringify({ pid: DEAD_PID, host: hostname(), lockIno, at: '' }));
      },
      true,
    ],
  ])('%s', async (_case, setup, acquired) => {
    setup();
    expect((await take()) !== 'held').toBe(acquired);
  });

  it('a compromised lock aborts its signal, and assertHeld then throws a coded stop', async () => {
    const lock = await take({ staleMs: 2000, updateMs: 1000 });
    if (lock === 'held') throw new Error('lock unexpectedly held');
    expect(() => lock.assertHeld()).not.toThrow();
    rmdirSync(`${statePath}.lock`); // someone removed our lock: the next refresh finds it gone
    await new Promise((resolve) => lock.signal.addEventListener('abort', resolve, { once: true }));
    expect(() => lock.assertHeld()).toThrow(CrawlError);
    expect(() => lock.assertHeld()).toThrow(/compromised/);
  });

  it('refuses an in-memory state (nothing to lock)', async () => {
    await expect(acquireRunLock(':memory:')).rejects.toThrow(CrawlError);
  });
});
