// Runs tests/state/child.ts in its own Node process (through tsx), as a crashing or competing run would be.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildRun {
  child: ChildProcess;
  /** Resolves with the first line the child prints. */
  firstLine: Promise<string>;
  /** Everything the child printed so far. */
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

export function startChild(mode: 'lock' | 'commit' | 'commit-loop' | 'write', path: string, crashAt?: string): ChildRun {
  const env = { ...process.env };
  delete env.WIREWATCH_CRASH_AT;
  if (crashAt) env.WIREWATCH_CRASH_AT = crashAt;
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, path], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  const firstLine = new Promise<string>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    child.on('exit', () => resolve(stdout.split('\n')[0] ?? ''));
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, firstLine, exit, output: () => stdout };
}
