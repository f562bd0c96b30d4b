// heap-release.ts: which runtimes keep a heap's freed pages resident, and that releasing them gives the memory back
// while the thread lives (Node 24; elsewhere the function does nothing and says so). The page pool's close() asks
// each live worker for it (askToRelease, which waits at most its cap) before terminating it; a second close() must
// not wait for workers already ended.
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { askToRelease, poolsFreedPages, releaseFreedPages } from '../../src/heap-release.js';
import { spawnWorker } from '../../src/workers/spawn.js';
import { createPagePool } from '../../src/workers/page-pool.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { loadSources } from '../../src/config.js';
import { ROOT } from '../e2e/helpers.js';
import { pageTask } from './page-task.js';

const MB = 2 ** 20;

describe('poolsFreedPages', () => {
  it.each([
    ['11.3.244.8-node.33', false], // Node 20
    ['12.4.254.21-node.33', false], // Node 22
    ['13.6.233.17-node.63', true], // Node 24
    ['14.1.146.11', true],
  ] as const)('V8 %s: %s', (version, pools) => {
    expect(poolsFreedPages(version)).toBe(pools);
  });
});

describe('releaseFreedPages', () => {
  it('reports whether it ran, and leaves no global gc in later contexts', () => {
    expect(releaseFreedPages()).toBe(poolsFreedPages());
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });

  // As if the process had been started with --expose-gc: its own gc is used, and later contexts still get one.
  it.runIf(poolsFreedPages())('leaves --expose-gc on where the process set it', () => {
    setFlagsFromString('--expose-gc');
    const self = globalThis as { gc?: unknown };
    self.gc = runInNewContext('gc');
    try {
      expect(releaseFreedPages()).toBe(true);
      expect(runInNewContext('typeof gc')).toBe('function');
    } finally {
      setFlagsFromString('--no-expose-gc');
      delete self.gc;
    }
  });

  // ~240 MB freed in a worker: Node 24 keeps all of it resident (a plain full collection frees the objects but not
  // the pages) until the memory-reducing collection; measured ~500 MB → ~90 MB for two such workers.
  it.runIf(poolsFreedPages())(
    'gives a live worker freed pages back to the system',
    async () => {
      const worker = spawnWorker(import.meta.url, 'release-worker', undefined);
      try {
        await once(worker, 'message');
        const before = process.memoryUsage.rss();
        worker.postMessage('release');
        const [answer] = (await once(worker, 'message')) as [{ released: boolean }];
        const after = process.memoryUsage.rss();
        expect(answer.released).toBe(true);
        expect((before - after) / MB).toBeGreaterThan(100);
      } finally {
        await worker.terminate();
      }
    },
    60_000,
  );
});

/** A worker from `onMessage`, the body of its message listener (CommonJS, `port` its parent port). */
function tinyWorker(onMessage: string): { worker: Worker; exited: () => boolean } {
  const worker = new Worker(`const port = require('node:worker_threads').parentPort; port.on('message', (msg) => { ${onMessage} });`, {
    eval: true,
  });
  let exited = false;
  worker.once('exit', () => void (exited = true));
  return { worker, exited: () => exited };
}

// What the page pool's close() waits for before it terminates a worker; the wait is capped so that a worker stuck in
// a task cannot hold up the outputs.
describe('askToRelease', () => {
  it.each([
    ['answers { released }', 'if (msg.release) port.postMessage({ released: false });', 60_000, false],
    ['stops instead of answering', 'process.exit(3);', 60_000, true],
    ['never answers (the wait runs out)', '', 50, false],
  ] as const)(
    'resolves when the worker %s',
    async (_case, onMessage, waitMs, exits) => {
      const { worker, exited } = tinyWorker(onMessage);
      try {
        await askToRelease(worker, waitMs);
        expect(exited()).toBe(exits);
        expect(worker.listenerCount('message')).toBe(0);
      } finally {
        await worker.terminate();
      }
    },
    30_000,
  );
});

describe('the page pool at close', () => {
  // The pool's close() relies on this answer (askToRelease, above); without it every close would wait out the cap.
  it('a page worker answers a release ask with whether it released', async () => {
    const base = new URL('../../src/workers/page-pool.ts', import.meta.url).href;
    const worker = spawnWorker(base, 'page-worker', { watchlistFile: join(ROOT, 'watchlist.json') });
    try {
      const answer = once(worker, 'message');
      worker.postMessage({ release: true });
      expect((await answer)[0]).toEqual({ released: poolsFreedPages() });
    } finally {
      await worker.terminate();
    }
  }, 60_000);

  it('ends its workers once, a second close() returning at once', async () => {
    const source = { ...(loadSources(join(ROOT, 'sources.json')).sources[0] ?? expect.unreachable()), adapter: 'generic' };
    const body = Buffer.from(
      '<html><head><title>Talks</title></head><body><article><h1>Talks</h1><p>Lavrov met Wang Yi.</p></article></body></html>',
    );
    const pool = createPagePool(1, loadWatchlistFile(join(ROOT, 'watchlist.json')), { releaseWaitMs: 30_000 });
    await pool.run(pageTask(1, body, source, 'Talks'));
    expect(pool.counts()).toEqual({ workers: 1, main: 0 });
    await pool.close();
    const again = Date.now();
    await pool.close();
    expect(Date.now() - again).toBeLessThan(5_000);
  }, 60_000);
});
