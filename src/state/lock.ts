// The run lock: one crawl at a time per state file. proper-lockfile makes `<state>.lock`
// with an atomic mkdir and keeps its mtime fresh; a second run gets 'held' at once (no retries), so the CLI
// exits 75 within a second having written nothing. A lock whose owner is gone is taken over: immediately
// when the owner file next to it (or, for a run killed before renaming it into place, that file's complete
// temp file) names a dead process on this host (a SIGKILLed run), else once its mtime
// is older than staleMs. If our own lock is compromised (its mtime could not be refreshed in time, or
// someone removed it) the handle's signal aborts, and the run must not commit after that.

import lockfile from 'proper-lockfile';
import { readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CrawlError } from '../errors.js';
import { writeFileAtomic } from '../durable/atomic.js';

/** Stale after 10 min without a refresh, refreshed every 30 s. */
export const LOCK_DEFAULTS = { staleMs: 10 * 60_000, updateMs: 30_000 } as const;

export interface RunLock {
  release(): Promise<void>;
  /** Aborted (reason: an Error) when the lock is compromised; check before every commit. */
  readonly signal: AbortSignal;
  /** Throws CrawlError('aborted', disposition 'stop') once the lock is compromised. */
  assertHeld(): void;
}

interface Owner {
  pid: number;
  host: string;
  /** Inode of the lock directory this owner created: an owner file never vouches for someone else's lock. */
  lockIno: number;
  at: string;
}

const lockDirOf = (statePath: string): string => `${statePath}.lock`;
const ownerFileOf = (statePath: string): string => `${statePath}.lock.owner`;

function parseOwner(file: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.lockIno === 'number' ? (o as Owner) : undefined;
  } catch {
    return undefined;
  }
}

function readOwner(statePath: string): Owner | undefined {
  return parseOwner(ownerFileOf(statePath));
}

/**
 * A run killed after taking the lock but before renaming its owner file into place leaves the owner's complete
 * temp file (`.<state>.lock.owner.tmp-<pid>-<hex>`, written and fsynced before the rename). It vouches for the
 * lock only if it names this very lock directory; otherwise the lock waits for staleMs as before.
 */
function orphanOwner(statePath: string, lockIno: number | undefined): (Owner & { file: string }) | undefined {
  if (lockIno === undefined) return undefined;
  const prefix = `.${basename(ownerFileOf(statePath))}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dirname(statePath)).filter((n) => n.startsWith(prefix));
  } catch {
    return undefined;
  }
  for (const name of names) {
    const file = join(dirname(statePath), name);
    const o = parseOwner(file);
    if (o && o.lockIno === lockIno) return { ...o, file };
  }
  return undefined;
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function inode(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

/**
 * Removes a lock whose owner process is dead. The lock directory is first renamed aside and its inode checked
 * again, so a lock that a live run took in between is put back instead of being removed.
 */
function removeDeadLock(statePath: string): boolean {
  const dir = lockDirOf(statePath);
  const ino = inode(dir);
  const named = readOwner(statePath);
  const owner: (Owner & { file?: string }) | undefined = named && named.lockIno === ino ? named : orphanOwner(statePath, ino);
  if (!owner || owner.host !== hostname() || owner.pid === process.pid || !processGone(owner.pid)) return false;
  if (inode(dir) !== owner.lockIno) return false;
  const grave = `${dir}.dead-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(dir, grave);
  } catch {
    return false;
  }
  if (inode(grave) !== owner.lockIno) {
    try {
      renameSync(grave, dir);
    } catch {
      rmSync(grave, { recursive: true, force: true });
    }
    return false;
  }
  rmdirSync(grave);
  if (owner.file) rmSync(owner.file, { force: true });
  return true;
}

async function tryLock(statePath: string, staleMs: number, updateMs: number, onCompromised: (e: Error) => void) {
  try {
    return await lockfile.lock(statePath, { stale: staleMs, update: updateMs, retries: 0, realpath: false, onCompromised });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') return 'held' as const;
    throw e;
  }
}

export async function acquireRunLock(path: string, opts: { staleMs?: number; updateMs?: number } = {}): Promise<RunLock | 'held'> {
  if (path === ':memory:')
    throw new CrawlError('CONFIG_INVALID', 'the run lock needs a state file path, not :memory:', { disposition: 'stop' });
  const statePath = resolve(path);
  mkdirSync(dirname(statePath), { recursive: true });
  const controller = new AbortController();
  const onCompromised = (e: Error): void => controller.abort(e);
  const staleMs = opts.staleMs ?? LOCK_DEFAULTS.staleMs;
  const updateMs = opts.updateMs ?? LOCK_DEFAULTS.updateMs;
  let release = await tryLock(statePath, staleMs, updateMs, onCompromised);
  if (release === 'held' && removeDeadLock(statePath)) release = await tryLock(statePath, staleMs, updateMs, onCompromised);
  if (release === 'held') return 'held';
  const releaseLock = release;
  const lockIno = inode(lockDirOf(statePath)) ?? -1;
  const owner: Owner = { pid: process.pid, host: hostname(), lockIno, at: new Date().toISOString() };
  try {
    await writeFileAtomic(ownerFileOf(statePath), JSON.stringify(owner) + '\n');
  } catch (e) {
    await releaseLock().catch(() => undefined); // e.g. ENOSPC: do not leave a lock nobody can vouch for
    throw e;
  }
  let released = false;
  return {
    signal: controller.signal,
    assertHeld() {
      if (controller.signal.aborted) {
        throw new CrawlError(
          'aborted',
          `run lock on ${statePath} was compromised: ${String((controller.signal.reason as Error)?.message ?? controller.signal.reason)}`,
          { disposition: 'stop' },
        );
      }
    },
    async release() {
      if (released) return;
      released = true;
      if (readOwner(statePath)?.pid === process.pid) rmSync(ownerFileOf(statePath), { force: true });
      if (!controller.signal.aborted) await releaseLock();
    },
  };
}
