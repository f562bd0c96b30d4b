// Child processes of the benchmark: plain `node` on the compiled JavaScript (no TypeScript loader in the measured
// process), stdout ignored, the tail of stderr kept for the error message when a child fails.
import { fork, spawn, type ChildProcess } from 'node:child_process';

export const CHILD_DEFAULTS = { stderrTailBytes: 4_000 };

/** Extra node flags for measured children, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof". */
export const nodeFlags = (): string[] => (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** Runs `node [flags] script args…` to its end, `env` added to this process's; rejects with the stderr tail on a
 *  non-zero exit. */
export function runNode(
  script: string,
  args: string[],
  flags: string[] = [],
  env: Record<string, string> = {},
): Promise<{ wallMs: number; code: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...flags, script, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let tail = '';
    child.stderr.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-CHILD_DEFAULTS.stderrTailBytes)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ wallMs: performance.now() - t0, code });
      else reject(new Error(`${script} exited ${code}: ${tail}`));
    });
  });
}

/** A forked child that answers each message with one message. */
export interface Forked {
  child: ChildProcess;
  ask<T>(msg: unknown): Promise<T>;
  stop(): void;
}

export function forkChild<First>(script: string, args: string[]): Promise<{ forked: Forked; first: First }> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
    const ask = <T>(msg: unknown): Promise<T> =>
      new Promise((res) => {
        child.once('message', (m) => res(m as T));
        child.send(msg as object);
      });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited ${code} before it was ready`)));
    child.once('message', (first) => resolve({ forked: { child, ask, stop: () => child.disconnect() }, first: first as First }));
  });
}
