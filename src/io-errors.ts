// Filesystem and SQLite errors an operator can fix (a directory where the state file should be, a read-only
// file or folder, a full disk) as one line naming the path and what to do, instead of a stack trace. The CLI
// exits 2 for these: the run wrote nothing it could not finish, and only the operator can change the cause.

export interface IoProblem {
  path?: string;
  what: string;
  fix: string;
}

const ADVICE: Record<string, { what: string; fix: string }> = {
  EISDIR: { what: 'is a directory', fix: 'give a file path (--state FILE), or remove the directory' },
  ENOTDIR: { what: 'has a part that is not a directory', fix: 'check the path given to --out or --state' },
  // mkdir's answer when the path is taken by a file (the out dir, or its runs/ folder).
  EEXIST: { what: 'exists and is not a directory', fix: 'move it away, or give --out another directory' },
  EACCES: { what: 'permission denied', fix: 'make it writable by this user (chown/chmod), or choose another --out/--state' },
  EPERM: { what: 'operation not permitted', fix: 'make it writable by this user (chown/chmod), or choose another --out/--state' },
  EROFS: { what: 'is on a read-only filesystem', fix: 'choose an --out/--state on a writable filesystem' },
  ENOSPC: {
    what: 'no space left on the device',
    fix: 'free disk space and run again; the store keeps its last commit and nothing was lost',
  },
  EDQUOT: { what: 'disk quota exceeded', fix: 'free space or raise the quota and run again' },
  SQLITE_FULL: {
    what: 'the disk is full (SQLite could not write)',
    fix: 'free disk space and run again; the store keeps its last commit and nothing was lost',
  },
  SQLITE_READONLY: {
    what: 'the state database is read-only',
    fix: 'make the database and its -wal and -shm files (and their folder) writable by this user',
  },
  SQLITE_CANTOPEN: { what: 'the state database cannot be opened (a directory? no permission?)', fix: 'give --state a writable file path' },
  SQLITE_IOERR: { what: 'disk I/O error while writing the state database', fix: 'check the disk and free space, then run again' },
};

/** The operator-fixable problem behind `e`, if it is one. SQLite's extended codes (SQLITE_READONLY_DBMOVED,
 *  SQLITE_IOERR_WRITE, …) map through their primary code. */
export function ioProblem(e: unknown, path?: string): IoProblem | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const code = String((e as { code?: unknown }).code ?? '');
  const advice = ADVICE[code] ?? ADVICE[code.split('_').slice(0, 2).join('_')];
  if (!advice) return undefined;
  const p = (e as { path?: unknown }).path;
  return { ...(typeof p === 'string' ? { path: p } : path ? { path } : {}), ...advice };
}

export function ioProblemLine(p: IoProblem): string {
  return `${p.path ? `${p.path}: ` : ''}${p.what}; ${p.fix}`;
}
