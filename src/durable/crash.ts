// Crash hook for kill -9 tests. Production code calls crashPoint('name') at named commit points; it does
// nothing unless the environment names that point. WIREWATCH_CRASH_AT=name kills the process on the first call,
// WIREWATCH_CRASH_AT=name:n on the n-th call (1-based). SIGKILL, not an exception: no finally block, no
// exit handler and no buffered write runs, which is exactly the crash the commit protocol must survive.

const CRASH_ENV = 'WIREWATCH_CRASH_AT';

/** Calls seen per point name, so `name:n` can pick the n-th occurrence. Only touched when the env var is set. */
const callCounts = new Map<string, number>();

function parseTarget(spec: string): { name: string; nth: number } {
  const m = /^(.*):(\d+)$/.exec(spec);
  if (m && m[1] !== undefined && m[2] !== undefined) return { name: m[1], nth: Number(m[2]) };
  return { name: spec, nth: 1 };
}

export function crashPoint(name: string): void {
  const spec = process.env[CRASH_ENV];
  if (!spec) return;
  const target = parseTarget(spec.trim());
  if (target.name !== name) return;
  const n = (callCounts.get(name) ?? 0) + 1;
  callCounts.set(name, n);
  if (n === target.nth) process.kill(process.pid, 'SIGKILL');
}
