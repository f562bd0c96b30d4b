// review.html's item block rendered on a second thread while the main thread builds the window's stories. The
// block (one record and card per item, review.ts deskItemText) needs the rules' colours, known once
// candidates.json's items have been read, but nothing the stories give (an item's stories travel in the page's
// story island); the stories' build and the block were each about a quarter of the outputs' time, one after the
// other on one core. The worker reads the window through its own read-only connection to the store, with the
// same query and so in the same order as the main thread's cursor, and writes the block to a temp file beside
// the outputs, which the main thread then copies into review.html (memory stays independent of the window).
// Guarantee: the page is byte-identical to the one rendered on the main thread (tests/output/review-items.test.ts).
// A worker that cannot start or fails costs only time: the caller renders the block itself.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Store } from '../state/store.js';
import { tempNameFor, utf8Chunks } from '../durable/atomic.js';
import { spawnWorker } from '../workers/spawn.js';
import { deskItemText } from './review.js';
import { facetsOf, type RuleStyle } from './review-assets/item.js';

export const ITEM_BLOCK_DEFAULTS = {
  /** The worker is started when the window's first pass reaches this many items, and not for a smaller window:
   *  its start (~0.3 s of CPU: a thread, its modules, the store's reprint index) is more than a small window's
   *  block costs. Crawl pairs against the tree before it: at 1,000 pages the outputs took as long with a worker
   *  (1.57 against 1.60 s) for ~0.3 s more CPU; at 10,000 pages 10.3 against 13.6 s. */
  minItems: 2_000,
  chunkBytes: 1024 * 1024,
};

/** What the block depends on, as plain data (it crosses to the worker). */
export interface ItemBlockJob {
  retentionDays: number;
  nowIso: string;
  style: RuleStyle;
  /** Where to write it: a temp name in the out dir (durable/atomic.ts), swept after a crash like any other. */
  path: string;
}

/** A rendered block: its file and how many items it holds. */
export interface ItemBlock {
  path: string;
  count: number;
}

/** A worker that renders one block: `render` resolves with the block once it is complete, or rejects. */
export interface ItemBlockAside {
  render(job: Omit<ItemBlockJob, 'path'>): Promise<ItemBlock>;
  /** Stops the worker and removes a block that was never read. Safe to call at any time, more than once. */
  close(): void;
}

/** The block of the window's items, written to `job.path`. Returns how many items it holds. */
export function writeItemBlock(store: Store, job: ItemBlockJob): number {
  const fd = openSync(job.path, 'w');
  try {
    let count = 0;
    const texts = function* (): Generator<string> {
      for (const item of store.eachCandidate({ retentionDays: job.retentionDays, now: new Date(job.nowIso) })) {
        count++;
        yield deskItemText(item, facetsOf(item, []), job.style);
      }
    };
    for (const chunk of utf8Chunks(texts(), ITEM_BLOCK_DEFAULTS.chunkBytes)) {
      for (let offset = 0; offset < chunk.length; ) offset += writeSync(fd, chunk, offset);
    }
    return count;
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes in chunks of one reused buffer: each chunk is written out before the next is read. */
export function* blockChunks(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(ITEM_BLOCK_DEFAULTS.chunkBytes);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) yield buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Starts review-items-worker.ts at once (it loads its modules and opens the store while the main thread reads
 *  the window for candidates.json); `render` hands it the job. Its errors are listened for from the start: one
 *  that comes before `render` fails that call instead of the process. */
export function itemBlockInWorker(statePath: string, outDir: string): ItemBlockAside {
  const path = tempNameFor(join(outDir, 'review-items'));
  let worker: Worker | undefined;
  let stopped: Error | undefined;
  let settle: ((answer: { count?: number; error?: string } | Error) => void) | undefined;
  const stop = (e: Error): void => {
    stopped ??= e;
    settle?.(stopped);
  };
  try {
    worker = spawnWorker(import.meta.url, 'review-items-worker', { statePath });
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`review items worker exited with code ${code} before its block`)));
    worker.on('message', (msg: { count?: number; error?: string }) => settle?.(msg));
  } catch (e) {
    stopped = e as Error;
  }
  return {
    render: (job) =>
      new Promise<ItemBlock>((resolve, reject) => {
        if (stopped || !worker) return reject(stopped ?? new Error('review items worker closed'));
        settle = (answer) => {
          settle = undefined;
          if (answer instanceof Error) reject(answer);
          else if (typeof answer.count === 'number') resolve({ path, count: answer.count });
          else reject(new Error(answer.error ?? 'review items worker gave no count'));
        };
        worker.postMessage({ ...job, path } satisfies ItemBlockJob);
      }),
    close() {
      settle = undefined;
      void worker?.terminate();
      worker = undefined;
      rmSync(path, { force: true });
    },
  };
}
