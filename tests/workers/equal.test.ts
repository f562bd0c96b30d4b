// The crawl with the page pool (two worker threads doing decode, parse, extract and match) against the crawl on
// the main thread alone, over the bundled fixtures with the same clock: the same candidates.json, byte for byte,
// and the same run report apart from its own id and times. And a pool whose workers cannot start still crawls, one
// that loses a worker moves its tasks here, and a worker never holds more than tasksPerWorker tasks.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/config.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';
import { createPagePool, inlinePool, type WorkerLost } from '../../src/workers/page-pool.js';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from '../e2e/helpers.js';
import { pageTask } from './page-task.js';

const now = new Date(FIXTURES_NOW);
const config = loadSources(join(ROOT, 'sources.json'));
const watchlist = loadWatchlistFile(join(ROOT, 'watchlist.json'));

async function crawlInto(workers: number): Promise<string> {
  const out = scratch(`ww-workers-${workers}-`);
  const r = await crawl({
    config,
    watchlist,
    outDir: out,
    statePath: join(out, 'state.db'),
    replayDir: FIXTURES,
    now,
    log: pino({ level: 'silent' }),
    workers,
  });
  expect(r.kind).toBe('done');
  return out;
}

/** The run report without what differs between any two runs: id, wall-clock times, fetch statistics, and the
 *  order of items across sources (sources are crawled side by side, so theirs interleave as their I/O finishes,
 *  on one thread as with workers; within a source the order is fixed). */
function reportOf(out: string): unknown {
  const [name] = readdirSync(join(out, 'runs'));
  const {
    runId: _id,
    startedAt: _s,
    finishedAt: _f,
    fetch: _fetch,
    items,
    ...rest
  } = JSON.parse(readFileSync(join(out, 'runs', name ?? ''), 'utf8')) as Record<string, unknown>;
  const bySource = (items as { sourceId: string }[])
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (a.item.sourceId < b.item.sourceId ? -1 : a.item.sourceId > b.item.sourceId ? 1 : a.i - b.i));
  return { ...rest, items: bySource.map((x) => x.item) };
}

describe('crawl with worker threads equals the crawl on the main thread', () => {
  const outs: Record<string, string> = {};
  beforeAll(async () => {
    outs.main = await crawlInto(0);
    outs.workers = await crawlInto(2);
  }, 180_000);

  it.each([['candidates.json'], ['review.html']])('%s is byte for byte the same', (file) => {
    const a = readFileSync(join(outs.main ?? '', file), 'utf8');
    expect(a.length).toBeGreaterThan(1000);
    expect(readFileSync(join(outs.workers ?? '', file), 'utf8')).toBe(a);
  });

  it('the run report is the same (ids and times aside)', () => {
    expect(reportOf(outs.workers ?? '')).toEqual(reportOf(outs.main ?? ''));
  });
});

const body = Buffer.from(
  '<html><head><title>Lavrov meets Wang Yi</title></head><body><h1>Lavrov meets Wang Yi</h1><p>Lavrov and Wang Yi met in Beijing on Wednesday to discuss trade.</p></body></html>',
);
const task = (k: number) =>
  pageTask(k, body, { ...(config.sources[0] ?? expect.unreachable('no source')), adapter: 'generic' }, 'Lavrov meets Wang Yi');
/** A page whose DOM (280,000 elements; the cap is 300,000) does not fit a 32 MB old generation: it kills its worker. */
const huge = (k: number) => ({
  ...task(k),
  response: { ...task(k).response, body: Buffer.from(`<html><body>${'<div><p>x</p></div>'.repeat(140_000)}</body></html>`) },
});

describe('a crawl with workers in a process of its own', () => {
  it('runs to its end: waiting on the workers keeps the process alive', () => {
    const out = scratch('ww-workers-child-');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests/workers/child-crawl.ts'), ROOT, FIXTURES, FIXTURES_NOW, out],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^done [1-9]\d*\n$/);
  }, 150_000);
});

describe('page pool', () => {
  it('runs the tasks in its workers, with the results of the main thread', async () => {
    const pool = createPagePool(2, watchlist);
    const inline = inlinePool(watchlist);
    const tasks = [1, 2, 3, 4, 5].map(task);
    const results = await Promise.all(tasks.map((t) => pool.run(t)));
    expect(pool.counts()).toEqual({ workers: 5, main: 0 });
    await pool.close();
    expect(results).toEqual(await Promise.all(tasks.map((t) => inline.run(t))));
  }, 60_000);

  it('replaces a worker that a page killed (past its heap limit); the main thread does that page', async () => {
    // A 32 MB old generation holds the worker's code and a small page, not the DOM of 280,000 elements (the cap is 300,000).
    const lost: Parameters<WorkerLost>[0][] = [];
    const pool = createPagePool(1, watchlist, { oldGenerationMb: 32 }, (e) => lost.push(e));
    await pool.run(task(1));
    const big = await pool.run(huge(2));
    expect(pool.counts()).toEqual({ workers: 1, main: 1 });
    await Promise.all([3, 4].map((k) => pool.run(task(k))));
    await pool.close();
    expect(big.article.url).toBe('https://example.org/a/2');
    expect(pool.counts()).toEqual({ workers: 3, main: 1 });
    expect(lost).toEqual([{ reason: 'ERR_WORKER_OUT_OF_MEMORY', replaced: true, tasksMoved: 1 }]);
  }, 120_000);

  // The bound on what one worker holds (POOL_DEFAULTS.tasksPerWorker): seen when the worker dies, since the tasks it
  // held are the ones moved to the main thread. Five tasks at once, the first past a 32 MB heap, no replacement.
  it.each([[1], [2], [3]])(
    'hands a worker at most tasksPerWorker (%i) tasks at a time; the rest wait here',
    async (tasksPerWorker) => {
      const lost: Parameters<WorkerLost>[0][] = [];
      const pool = createPagePool(1, watchlist, { oldGenerationMb: 32, tasksPerWorker, respawnsPerWorker: 0 }, (e) => lost.push(e));
      const results = await Promise.all([huge(2), ...[3, 4, 5, 6].map(task)].map((t) => pool.run(t)));
      await pool.close();
      expect(lost).toEqual([{ reason: 'ERR_WORKER_OUT_OF_MEMORY', replaced: false, tasksMoved: tasksPerWorker }]);
      expect(pool.counts()).toEqual({ workers: 0, main: 5 });
      expect(results.map((r) => r.article.url)).toEqual([2, 3, 4, 5, 6].map((k) => `https://example.org/a/${k}`));
    },
    120_000,
  );

  it('runs every task on the main thread when its workers cannot start (a watchlist file that is gone)', async () => {
    const lost: Parameters<WorkerLost>[0][] = [];
    const pool = createPagePool(2, { ...watchlist, file: join(scratch('ww-gone-'), 'missing.json') }, {}, (e) => lost.push(e));
    const results = await Promise.all([1, 2, 3].map((k) => pool.run(task(k))));
    expect(pool.counts()).toEqual({ workers: 0, main: 3 });
    // Neither is replaced: a worker that never answered would only fail again.
    expect(lost.map((l) => l.replaced)).toEqual([false, false]);
    await pool.close();
    expect(results.map((r) => r.match.hitRules)).toEqual(
      [
        ['lavrov', 'wang-yi'],
        ['lavrov', 'wang-yi'],
        ['lavrov', 'wang-yi'],
      ].map((x) => expect.arrayContaining(x)),
    );
  }, 60_000);
});
