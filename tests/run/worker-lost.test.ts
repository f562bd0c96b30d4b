// A page worker that stops mid-run is not an error of any item (its tasks move to the main thread), so the run's
// log is the only place an operator learns of it. The pool's report itself is tested in tests/workers/; this pins
// the wiring: crawl() hands the pool a callback that logs the report as a warning, on a real replayed crawl.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { loadSources } from '../../src/config.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from '../e2e/helpers.js';

const LOST = { reason: 'ERR_WORKER_OUT_OF_MEMORY', replaced: true, tasksMoved: 2 };

vi.mock('../../src/workers/page-pool.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/workers/page-pool.js')>();
  return {
    ...real,
    // The real pool (inline here: the tests run the sources), and one stop report as a worker's death sends it.
    openPagePool: (...[count, watchlist, onLost]: Parameters<typeof real.openPagePool>) => {
      onLost?.(LOST);
      return real.openPagePool(count, watchlist, onLost);
    },
  };
});

describe('crawl() and the page pool', () => {
  it('logs a stopped worker as a warning with its report, and the run still ends well', async () => {
    const out = scratch();
    const lines: Record<string, unknown>[] = [];
    const sink = new PassThrough();
    sink.on('data', (d) =>
      lines.push(
        ...String(d)
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      ),
    );
    const config = loadSources(join(ROOT, 'sources.json'));
    const res = await crawl({
      config: { ...config, sources: config.sources.filter((s) => s.id === 'tass-en') },
      watchlist: loadWatchlistFile(join(ROOT, 'watchlist.json')),
      outDir: out,
      statePath: join(out, 'state.db'),
      replayDir: FIXTURES,
      now: new Date(FIXTURES_NOW),
      log: pino({ level: 'warn' }, sink),
    });
    expect(res.kind === 'done' && res.report.exitCode).toBe(0);
    await new Promise((r) => setImmediate(r));
    const warn = lines.filter((l) => l.msg === 'page worker stopped');
    expect(warn).toEqual([expect.objectContaining({ level: 40, ...LOST })]);
  }, 60_000);
});
