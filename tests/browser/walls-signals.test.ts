// The browser never outlives the run: a crawl in its own process whose walled source keeps Chromium busy (the
// challenge never lets anyone through) is stopped by SIGTERM (clean stop, exit 143) or killed with SIGKILL (no
// handler runs at all); either way no Chromium process it started is left afterwards. A normal end and a
// failed fetch are covered in walls.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, scratch, WATCHLIST_FILE } from '../reliability/harness.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';
import { startTspdServer } from '../fetch/walled.js';
import { chromiumDescendants, gone } from './processes.js';

const SLOW_MS = 120_000;
let never: FaultServer;
let other: FaultServer;

beforeAll(async () => {
  other = await startFaultServer({ host: '127.0.0.2' });
  never = await startTspdServer({ stealUrl: other.url('/steal'), neverPass: true });
});
afterAll(() => Promise.all([never, other].map((s) => s.close())));

function sourcesFile(dir: string): string {
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
      sources: [
        {
          id: 'walled',
          name: 'Walled',
          lang: 'en',
          timeZone: 'UTC',
          adapter: 'generic',
          feeds: [never.url('/feed')],
          allowPrivateNetwork: true,
          fetch: 'browser',
          timeoutMs: 60_000,
          minDelayMs: 0,
        },
      ],
    }),
  );
  return file;
}

/** Waits until the child has a Chromium below it; returns those pids. */
async function browserOf(pid: number): Promise<number[]> {
  for (let i = 0; i < 600; i++) {
    const pids = chromiumDescendants(pid);
    if (pids.length >= 2) return pids;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no Chromium started within 60 s');
}

describe('no Chromium outlives the crawl', { timeout: SLOW_MS }, () => {
  it.each([
    ['SIGTERM: the crawl stops cleanly', 'SIGTERM', 143],
    ['SIGKILL: nothing of ours runs, Chromium still goes (its pipe to us closed)', 'SIGKILL', null],
  ] as const)('W06 %s', async (_name, signal, code) => {
    const out = scratch('ww-walls-sig-');
    const run = startRunner(['crawl', '--sources', sourcesFile(out), '--watchlist', WATCHLIST_FILE, '--out', out, '-q']);
    const pids = await browserOf(run.child.pid as number);
    run.child.kill(signal);
    const exit = await run.exit;
    expect(exit.code).toBe(code);
    expect(await gone(pids, 10_000)).toEqual([]);
  });
});
