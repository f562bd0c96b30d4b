// The run's peak memory is the larger of the crawl and the outputs, not their sum, only while crawl() gives the
// workers and the connection pool back before it builds the outputs. Nothing else would notice a reorder: the
// outputs are the same either way. So the order itself is pinned here, on a real replayed crawl.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FIXTURES, FIXTURES_NOW, ROOT, cli, scratch } from '../e2e/helpers.js';

const events: string[] = [];

vi.mock('../../src/workers/page-pool.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/workers/page-pool.js')>();
  return {
    ...real,
    openPagePool: (...args: Parameters<typeof real.openPagePool>) => {
      const pool = real.openPagePool(...args);
      return { ...pool, close: () => (events.push('pages.close'), pool.close()) };
    },
  };
});

vi.mock('../../src/fetch/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/fetch/index.js')>();
  return {
    ...real,
    // Synchronous, as the real one is (crawl() no longer awaits what it returns).
    createFetcher: (...args: Parameters<typeof real.createFetcher>) => {
      const f = real.createFetcher(...args);
      const close = f.close.bind(f);
      return Object.assign(f, { close: () => (events.push('fetcher.close'), close()) });
    },
  };
});

vi.mock('../../src/output/write.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/output/write.js')>();
  return {
    ...real,
    writeOutputs: (...args: Parameters<typeof real.writeOutputs>) => (events.push('writeOutputs'), real.writeOutputs(...args)),
  };
});

describe('crawl() phases', () => {
  it('closes the page pool and the fetcher before it writes the outputs', async () => {
    const out = scratch();
    const args = ['crawl', '--sources', join(ROOT, 'sources.json'), '--watchlist', join(ROOT, 'watchlist.json')];
    const r = await cli([...args, '--out', out, '--replay', FIXTURES, '--now', FIXTURES_NOW, '--only', 'tass-en', '-q']);
    expect(r.code, r.stderr).toBe(0);
    // A first run into an empty out dir renders the outputs once before it crawls (the heal path); the `finally`
    // closes both again after the last write (a no-op for each).
    expect(events.slice(0, 4)).toEqual(['writeOutputs', 'pages.close', 'fetcher.close', 'writeOutputs']);
  }, 60_000);
});
