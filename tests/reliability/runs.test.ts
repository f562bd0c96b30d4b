// Overlapping runs under the lock (a second crawl and a schedule tick
// exit 75 having written nothing; a third run takes over the lock of a SIGKILLed one and completes), SIGTERM
// and SIGINT ending a run cleanly with what it has (a rerun completes the rest), and `schedule --times 2`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanCrawl, cli, crawlArgs, scratch, snapshot, startRunner, type Snapshot } from './harness.js';

const ONLY = ['people-en', 'globaltimes'];

/** Every file under `dir` with a hash of its bytes: "wrote nothing" means this does not change. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, tree(path, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

let baseline: Snapshot;

beforeAll(async () => {
  baseline = await cleanCrawl(ONLY);
  expect(baseline.flagged).toHaveLength(12);
}, 60_000);

describe('overlapping runs', () => {
  it('while run A holds the lock, crawl B and a schedule exit 75 writing nothing; after kill -9 of A, C takes over and completes', async () => {
    const out = scratch('ww-overlap-');
    // A stalls on its first requests (held for a minute), after it took the lock and wrote its start outputs.
    const a = startRunner(crawlArgs(out, { only: ONLY, replay: false }), { delayMs: 60_000 });
    await a.lines('req', 1);
    const before = tree(out);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['candidates.json', 'state.db.lock.owner']));

    const b = await cli(crawlArgs(out, { only: ONLY }));
    expect(b.code).toBe(75);
    expect(b.stderr).toMatch(/another run holds the lock/);
    const s = await cli(['schedule', '--every', '1s', '--times', '2', ...crawlArgs(out, { only: ONLY }).slice(1)]);
    expect(s.stderr.match(/run \d ended with exit 75/g)).toHaveLength(2);
    expect(s.code).toBe(0);
    expect(tree(out)).toEqual(before);

    a.child.kill('SIGKILL');
    expect((await a.exit).signal).toBe('SIGKILL');
    const c = await cli(crawlArgs(out, { only: ONLY }));
    expect(c.code, c.stderr).toBe(0);
    const final = snapshot(out);
    expect(final.problems).toEqual([]);
    expect(final.flagged).toEqual(baseline.flagged);
    expect(final.reports.map((r) => r.exitCode)).toEqual([0]);
  }, 60_000);
});

describe('SIGTERM and SIGINT during a run', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    '%s ends the run cleanly with exit %i, its outputs parse, and a rerun completes the rest',
    async (sig, code) => {
      const out = scratch('ww-signal-');
      // 10 requests: 2 feeds, 2 robots.txt, 6 pages (3 per host, one at a time), each held 300 ms.
      const a = startRunner(crawlArgs(out, { only: ONLY, replay: false }), { delayMs: 300 });
      await a.lines('req', 6);
      a.child.kill(sig);
      const e = await a.exit;
      expect({ code: e.code, signal: e.signal }).toEqual({ code, signal: null });
      const mid = snapshot(out);
      expect(mid.problems).toEqual([]);
      expect(mid.reports).toHaveLength(1);
      const report = mid.reports[0] as any;
      // Every item listed by the feeds ends the interrupted run in exactly one recorded state.
      expect(report.counts.itemsSeen).toBe(6);
      expect(new Set(report.items.map((i: { id: string }) => i.id)).size).toBe(6);
      expect(report.counts.fetched).toBeLessThan(6);

      const rerun = await cli(crawlArgs(out, { only: ONLY }));
      expect(rerun.code, rerun.stderr).toBe(0);
      const final = snapshot(out);
      expect(final.problems).toEqual([]);
      expect(final.flagged).toEqual(baseline.flagged);
      expect(final.stored).toEqual(baseline.stored);
    },
    60_000,
  );
});

describe('schedule', () => {
  it('--every 1s --times 2 runs two crawls under the lock: the first flags, the second finds nothing new', async () => {
    const out = scratch('ww-schedule-');
    const s = await cli(['schedule', '--every', '1s', '--times', '2', ...crawlArgs(out, { only: ONLY }).slice(1)]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr.match(/run \d ended with exit 0/g)).toHaveLength(2);
    const snap = snapshot(out);
    expect(snap.problems).toEqual([]);
    expect(snap.flagged).toEqual(baseline.flagged);
    expect(snap.reports.map((r) => [r.exitCode, r.counts.flagged, r.counts.fetched])).toEqual([
      [0, 12, 12],
      [0, 0, 0],
    ]);
    expect(readdirSync(out)).not.toContain('state.db.lock');
  }, 60_000);
});
