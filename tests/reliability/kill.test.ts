// A crawl of the fixtures killed with SIGKILL, at seeded random moments and
// at every named crash point, then rerun cleanly, ends with exactly the flagged items, ids and stored states of
// a crawl that was never interrupted: nothing lost, nothing twice, every output parseable at every moment.
// The killed crawls run in their own process (runner.ts) with a replay slowed per request, so the kills land
// inside the run; the reruns run in this process. Trials run three at a time; assertions read the results.
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanCrawl, cli, crawlArgs, scratch, seeded, snapshot, startRunner, type Snapshot } from './harness.js';

/** Three sources: two People's Daily feeds on one host, a Xinhua reprint across outlets, 17 items (feeds and listings). */
const ONLY = ['people-zh', 'globaltimes', 'people-en'];
const REQUESTS = 19;
const DELAY_MS = 80;
const RANDOM_TRIALS = 20;
const SEED = 20261122;

interface Trial {
  name: string;
  /** Kill after this many requests were dispatched, plus `afterMs`; or let the crash point kill. */
  killAfter?: { requests: number; afterMs: number };
  crashAt?: string;
}

function randomTrials(): Trial[] {
  const rnd = seeded(SEED);
  return Array.from({ length: RANDOM_TRIALS }, (_, i) => {
    // One in four lands after the last request: in extraction, matching, the commits or the output renames.
    const late = rnd() < 0.25;
    const requests = late ? REQUESTS : 1 + Math.floor(rnd() * (REQUESTS - 1));
    const afterMs = Math.floor(rnd() * (late ? 1500 : DELAY_MS));
    return { name: `random ${i + 1}: kill after request ${requests} + ${afterMs} ms`, killAfter: { requests, afterMs } };
  });
}

/** Every named commit point; `:n` picks a later call. atomic.before-rename:1 is the lock's owner file, :4 the
 *  end-of-run candidates.json. */
const CRASH_POINTS = [
  'before-feed-commit',
  'after-feed-commit',
  'after-feed-commit:3',
  'during-article-fetch',
  'during-article-fetch:7',
  'before-outputs',
  'after-candidates-rename',
  'store.commitFeed.items',
  'store.commitFeed.feed',
  'store.commitFeed.committed',
  'atomic.before-rename',
  'atomic.before-rename:4',
];

const TRIALS: Trial[] = [...randomTrials(), ...CRASH_POINTS.map((p) => ({ name: `crash point ${p}`, crashAt: p }))];

interface Outcome {
  killed: { code: number | null; signal: NodeJS.Signals | null };
  afterKill: Snapshot;
  rerun: { code: number; stderr: string };
  final: Snapshot;
}

const results = new Map<string, Outcome>();
const dirs: string[] = [];
let baseline: Snapshot;

async function runTrial(t: Trial, rerunLimit: ReturnType<typeof pLimit>): Promise<Outcome> {
  const out = scratch('ww-kill-');
  dirs.push(out);
  const args = crawlArgs(out, { only: ONLY, replay: false });
  const r = startRunner(args, t.crashAt ? { delayMs: 0, crashAt: t.crashAt } : { delayMs: DELAY_MS });
  if (t.killAfter) {
    await r.lines('req', t.killAfter.requests);
    await sleep(t.killAfter.afterMs);
    r.child.kill('SIGKILL');
  }
  const e = await r.exit;
  const afterKill = snapshot(out, { settled: false });
  const rerun = await rerunLimit(() => cli(crawlArgs(out, { only: ONLY })));
  return { killed: { code: e.code, signal: e.signal }, afterKill, rerun, final: snapshot(out) };
}

describe('kill -9 during a crawl, then a clean rerun', () => {
  beforeAll(async () => {
    baseline = await cleanCrawl(ONLY);
    const spawnLimit = pLimit(3);
    const rerunLimit = pLimit(1);
    await Promise.all(TRIALS.map((t) => spawnLimit(async () => results.set(t.name, await runTrial(t, rerunLimit)))));
  }, 360_000);

  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the uninterrupted crawl flags 17 items of 3 sources, with a reprint, and stores each once', () => {
    expect(baseline.problems).toEqual([]);
    expect(baseline.flagged).toHaveLength(17);
    expect(new Set(baseline.flagged.map((f) => f.source))).toEqual(new Set(ONLY));
    expect(baseline.flagged.filter((f) => f.reprintOf !== null).length).toBeGreaterThan(0);
    expect(Object.values(baseline.stored)).toEqual(Array(17).fill('flagged'));
  });

  it.each(TRIALS.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    const o = results.get(t.name);
    expect(o, 'trial did not run').toBeDefined();
    if (!o) return;
    // A named crash point is always reached; a random kill may come after a fast child already finished.
    if (t.crashAt) expect(o.killed.signal).toBe('SIGKILL');
    else if (o.killed.signal === null) expect(o.killed.code).toBe(0);
    expect(o.afterKill.problems, 'outputs right after the kill').toEqual([]);
    expect(o.rerun.code, o.rerun.stderr).toBe(0);
    expect(o.final.problems).toEqual([]);
    expect(o.final.flagged).toEqual(baseline.flagged);
    expect(o.final.stored).toEqual(baseline.stored);
  });

  it('most random kills landed inside the run (the trials are not vacuous)', () => {
    const random = TRIALS.filter((t) => t.killAfter).map((t) => results.get(t.name));
    const killed = random.filter((o) => o?.killed.signal === 'SIGKILL');
    expect(killed.length).toBeGreaterThanOrEqual(RANDOM_TRIALS / 2);
  });
});
