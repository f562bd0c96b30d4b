// Atomic file replacement: a reader (the editor, review.html's loader, a cron mailer) only ever sees the old
// or the new generation of a file, never a torn one, even when the disk fills. Temp file in the same directory
// (rename is atomic only within a filesystem), fsync, rename, fsync of the directory (the rename survives a
// power loss; write-file-atomic skips that step). On any failure the temp file is removed and the previous
// file is untouched. Temp files a killed process left behind are swept at the next start. A symlink is followed
// (the rename replaces the file it names, never the link), and a target that exists but is no regular file (a
// device, a FIFO, `-o /dev/stdout`) is written in place: renaming over it would replace a system path with a file.

import * as fsp from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { crashPoint } from './crash.js';

/** `.<name>.tmp-<pid>-<hex>`: hidden, so globbing `*.json` never picks one up, and it names its writer. */
const TEMP_NAME = /^\..+\.tmp-(\d+)-[0-9a-f]+$/;
/** A temp file whose writer is alive is left alone unless it is this old (the pid may have been reused). */
export const SWEEP_DEFAULTS = { maxAgeMs: 60 * 60_000 } as const;
/** Links followed before a chain is taken for a loop (the kernel's own limit on Linux). */
const MAX_LINK_HOPS = 40;

/** The filesystem calls used, injectable so tests can fail one of them (ENOSPC, EACCES, EROFS). */
export interface AtomicFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
  stat: typeof fsp.stat;
  readdir: typeof fsp.readdir;
}

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink, stat: fsp.stat, readdir: fsp.readdir };

/** The path a chain of symlinks ends at, whether or not a file is there yet; `path` itself when it is no link. A file
 *  built elsewhere and renamed into place goes there, so a link an operator set up (the state on a mounted volume,
 *  not yet created) is never replaced by a file of its own. A loop ends anywhere: opening it then fails with ELOOP. */
export function linkEndSync(path: string): string {
  let at = path;
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    let to: string;
    try {
      to = readlinkSync(at);
    } catch {
      return at; // no link (EINVAL) or nothing there (ENOENT): the end
    }
    at = resolve(dirname(at), to);
  }
  return at;
}

export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

async function fsyncDir(dir: string, io: AtomicFs): Promise<void> {
  const fh = await io.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Mode of the file being replaced, so a rewrite keeps the permissions someone gave it. */
async function existingMode(path: string, io: AtomicFs): Promise<number | undefined> {
  try {
    return (await io.stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

export async function writeFileAtomic(path: string, data: string | Buffer, io: AtomicFs = realFs): Promise<void> {
  await replaceAtomically(path, io, (fh) => fh.writeFile(data));
}

/** Pieces are encoded into one reused buffer of this many bytes, written out each time it fills (few syscalls,
 *  and no joined string per chunk: those went to V8's large-object space and, with the pieces kept alive until
 *  the join, grew the heap ~300 MB past its live size while a 10,000-item window was written). */
export const PIECES_DEFAULTS = { bufferBytes: 256 * 1024 } as const;

/**
 * The UTF-8 bytes of `pieces` in chunks of one reused buffer (`bufferBytes`): a chunk is only valid until the next
 * is pulled, so the consumer writes each out first. A piece of bytes (a file rendered elsewhere, read in chunks)
 * comes through as it is, after what the buffer held; a string longer than the buffer comes as its own bytes.
 */
export function* utf8Chunks(
  pieces: Iterable<string | Uint8Array>,
  bufferBytes: number = PIECES_DEFAULTS.bufferBytes,
): Generator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(bufferBytes);
  let used = 0;
  for (const piece of pieces) {
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4), so this bound is safe.
    const text = typeof piece === 'string' && piece.length * 3 <= buffer.length ? piece : undefined;
    if (used > 0 && (text === undefined || used + text.length * 3 > buffer.length)) {
      yield buffer.subarray(0, used);
      used = 0;
    }
    if (text !== undefined) used += buffer.write(text, used, 'utf8');
    else yield typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/**
 * The same guarantees as writeFileAtomic for a file produced piece by piece (a store cursor rendered item by
 * item): the pieces are pulled one at a time and written in chunks (utf8Chunks), so the whole content never exists
 * in memory. If producing a piece throws, the temp file is removed and the previous file stays.
 */
export async function writeFileAtomicPieces(path: string, pieces: Iterable<string | Uint8Array>, io: AtomicFs = realFs): Promise<void> {
  await replaceAtomically(path, io, async (fh) => {
    for (const chunk of utf8Chunks(pieces)) await writeAll(fh, chunk);
  });
}

/** A write may be partial (a full disk, a signal): loop until every byte is down or it throws. */
async function writeAll(fh: fsp.FileHandle, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await fh.write(bytes, offset);
    if (bytesWritten <= 0) throw new Error(`write made no progress at byte ${offset}`);
    offset += bytesWritten;
  }
}

/** Where the bytes go: the file a symlink names, and whether it is written in place rather than replaced: it exists
 *  and is neither a regular file nor a directory, or it is a link whose target has no path (/dev/stdout on a pipe
 *  names "pipe:[…]") or does not exist yet (opening the link creates it). Only a path that is nothing yet is new. */
async function targetOf(path: string, io: AtomicFs): Promise<{ path: string; inPlace: boolean }> {
  const real = await fsp.realpath(path).catch(() => undefined);
  if (real !== undefined) {
    const st = await io.stat(real);
    return { path: real, inPlace: !st.isFile() && !st.isDirectory() };
  }
  const link = await fsp.lstat(path).catch(() => undefined);
  return { path, inPlace: link !== undefined };
}

async function replaceAtomically(target: string, io: AtomicFs, fill: (fh: fsp.FileHandle) => Promise<unknown>): Promise<void> {
  const { path, inPlace } = await targetOf(target, io);
  if (inPlace) {
    const fh = await io.open(path, 'w');
    try {
      await fill(fh);
    } finally {
      await fh.close();
    }
    return;
  }
  const tmp = tempNameFor(path);
  const mode = await existingMode(path, io);
  let renamed = false;
  try {
    const fh = await io.open(tmp, 'wx', mode ?? 0o666);
    try {
      await fill(fh);
      if (mode !== undefined) await fh.chmod(mode);
      await fh.sync();
    } finally {
      await fh.close();
    }
    crashPoint('atomic.before-rename');
    await io.rename(tmp, path);
    renamed = true;
    await fsyncDir(dirname(path), io);
  } finally {
    if (!renamed) await io.unlink(tmp).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes temp files left by writers that died (their pid is gone) or that are older than maxAgeMs.
 * A live writer's temp file (a `review` running beside the crawl) is left alone. Returns how many were removed.
 */
export async function sweepTempFiles(dir: string, opts: { maxAgeMs?: number; now?: Date; io?: AtomicFs } = {}): Promise<number> {
  const io = opts.io ?? realFs;
  const maxAgeMs = opts.maxAgeMs ?? SWEEP_DEFAULTS.maxAgeMs;
  const nowMs = (opts.now ?? new Date()).getTime();
  let names: string[];
  try {
    names = await io.readdir(dir);
  } catch (e) {
    // Nothing there, or a file where a folder should be (said by whoever writes into it): nothing to sweep.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 0;
    throw e;
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const st = await io.stat(path).catch(() => undefined);
    if (!st?.isFile()) continue;
    if (processAlive(Number(m[1])) && nowMs - st.mtimeMs < maxAgeMs) continue;
    await io.unlink(path).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}
