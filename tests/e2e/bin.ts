// The real binary: `node bin/wirewatch.js` on the built dist/, in a child process with its own working
// directory and environment, as a user (or cron) runs it. dist/ is rebuilt first when any file under src/ is
// newer than it (one build at a time across test workers, through an exclusive lock directory).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

export const BIN = join(ROOT, 'bin', 'wirewatch.js');
const LOCK = join(ROOT, '.dist-build-lock');
const LOCK_WAIT_MS = 120_000;

function newestMs(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function distStale(): boolean {
  try {
    return statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs < newestMs(join(ROOT, 'src'));
  } catch {
    return true;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureBuilt(): void {
  const until = Date.now() + LOCK_WAIT_MS;
  while (distStale()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() > until) throw new Error(`dist/ is stale and ${LOCK} is held; remove it if no build runs`);
      sleepSync(500);
      continue;
    }
    try {
      if (distStale())
        execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
          cwd: ROOT,
          stdio: 'pipe',
        });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary to its end. `env` is added to a copy of this process's environment (TZ=UTC kept). */
export function bin(
  args: string[],
  opts: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    stdin?: string;
    timeoutMs?: number;
    /** Close the reading end of stdout at once, as `| head -0` does: every write of the command meets EPIPE. */
    stdoutClosed?: boolean;
  } = {},
): Promise<BinResult> {
  ensureBuilt();
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    if (opts.stdoutClosed) child.stdout.destroy();
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
