// `schedule` and a configuration edited between runs: the first run's bad file stops the command (exit 2,
// nothing fetched); a later run's (or an out dir it cannot use) is reported, that run is skipped, and the next
// run reads the mended file. The real crawl runs every time; the mock only edits files before a chosen run, as
// an editor would.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FIXTURES, FIXTURES_NOW, ROOT, cli, scratch } from '../e2e/helpers.js';

const edits = vi.hoisted(() => ({ before: new Map<number, () => void>(), after: new Map<number, () => void>(), calls: 0 }));

vi.mock('../../src/commands/crawl.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/commands/crawl.js')>();
  return {
    ...real,
    runCrawl: async (...args: Parameters<typeof real.runCrawl>) => {
      edits.calls += 1;
      const n = edits.calls;
      edits.before.get(n)?.();
      const code = await real.runCrawl(...args);
      edits.after.get(n)?.();
      return code;
    },
  };
});

const GOOD = readFileSync(join(ROOT, 'sources.json'), 'utf8');
const BAD = GOOD.replace('"userAgent"', '"userAgnet"');

beforeEach(() => {
  edits.before.clear();
  edits.after.clear();
  edits.calls = 0;
});

function schedule(dir: string, times: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const sources = join(dir, 'sources.json');
  return cli([
    'schedule',
    '--every',
    '1s',
    '--times',
    String(times),
    '--sources',
    sources,
    '--watchlist',
    join(ROOT, 'watchlist.json'),
    '--out',
    join(dir, 'out'),
    '--now',
    FIXTURES_NOW,
    '-q',
    '--replay',
    FIXTURES,
    '--only',
    'people-en,globaltimes',
  ]);
}

describe('schedule with a sources.json edited between runs', () => {
  it('bad at the first run: exit 2 at once, one run tried, nothing fetched', async () => {
    const dir = scratch('ww-sched-cfg-');
    writeFileSync(join(dir, 'sources.json'), BAD);
    const r = await schedule(dir, 3);
    expect(r.code).toBe(2);
    expect(edits.calls).toBe(1);
    expect(r.stderr).toMatch(
      /invalid configuration \(\d+ problems?\); nothing was fetched:\n {2}\S+sources\.json: \$\.userAgnet: unknown key/,
    );
  });

  /** What is done to the run's files before the second run, and undone before the third. */
  const breakages: [string, (dir: string) => { before2(): void; before3(): void }, RegExp][] = [
    [
      'sources.json made bad',
      (dir) => ({
        before2: () => writeFileSync(join(dir, 'sources.json'), BAD),
        before3: () => writeFileSync(join(dir, 'sources.json'), GOOD),
      }),
      /^wirewatch schedule: run 2 not started, nothing fetched: \S+sources\.json: \$\.userAgnet: unknown key/,
    ],
    [
      'out/runs made a file',
      (dir) => ({
        before2: () => {
          rmSync(join(dir, 'out', 'runs'), { recursive: true });
          writeFileSync(join(dir, 'out', 'runs'), 'not a directory');
        },
        before3: () => rmSync(join(dir, 'out', 'runs')),
      }),
      /^wirewatch schedule: run 2 stopped: \S+\/runs: exists and is not a directory/,
    ],
  ];

  it.each(breakages)(
    '%s before the second run: it is skipped with the reason, the third completes',
    async (_name, breakage, reason) => {
      const dir = scratch('ww-sched-cfg-');
      copyFileSync(join(ROOT, 'sources.json'), join(dir, 'sources.json'));
      const { before2, before3 } = breakage(dir);
      edits.before.set(2, before2);
      edits.before.set(3, before3);
      const r = await schedule(dir, 3);
      expect(edits.calls).toBe(3);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('wirewatch schedule:'));
      expect(lines).toEqual([
        expect.stringMatching(/^wirewatch schedule: run 1 ended with exit 0; the next at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        expect.stringMatching(reason),
        expect.stringMatching(/^wirewatch schedule: run 2 ended with exit 2; the next at /),
        'wirewatch schedule: run 3 ended with exit 0',
      ]);
      expect(r.code).toBe(0);
    },
    60_000,
  );

  // process.emit calls the listeners without delivering a signal: the schedule's own stops the loop after the run
  // (the crawl's listener is not installed yet, so the run itself completes).
  it.each([
    [
      'a SIGTERM as run 1 starts: that run completes, no next one is announced',
      () => edits.before.set(1, () => void process.emit('SIGTERM')),
      1,
      ['wirewatch schedule: run 1 ended with exit 0', 'wirewatch schedule: stopped by SIGTERM after 1 run'],
    ],
    [
      "a SIGINT once run 2 has ended: the wait for run 3 stops; the exit is the last run's",
      () => edits.after.set(2, () => void process.emit('SIGINT')),
      2,
      [
        expect.stringMatching(/^wirewatch schedule: run 1 ended with exit 0; the next at /),
        'wirewatch schedule: run 2 ended with exit 0',
        'wirewatch schedule: stopped by SIGINT after 2 runs',
      ],
    ],
  ])(
    '%s, and the stop is said',
    async (_case, arrange, runs, lines) => {
      const dir = scratch('ww-sched-cfg-');
      copyFileSync(join(ROOT, 'sources.json'), join(dir, 'sources.json'));
      arrange();
      const r = await schedule(dir, 5);
      expect(edits.calls).toBe(runs);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('wirewatch schedule:'))).toEqual(lines);
      expect(r.code).toBe(0);
    },
    60_000,
  );

  it('a later run that fails for another reason still ends the command', async () => {
    const dir = scratch('ww-sched-cfg-');
    copyFileSync(join(ROOT, 'sources.json'), join(dir, 'sources.json'));
    edits.before.set(2, () => {
      throw new TypeError('not a configuration problem');
    });
    const r = await schedule(dir, 3);
    expect(edits.calls).toBe(2);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unexpected error: TypeError: not a configuration problem/);
  }, 60_000);
});
