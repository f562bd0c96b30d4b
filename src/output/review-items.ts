// The window's items written on a second thread while the main thread reads them for the stories and builds
// the stories: candidates.json's items array (json-stream.ts topArrayPieces), then review.html's item block (one
// record and card per item, review.ts deskItemText). Neither needs anything the stories give (an item's stories
// travel in the page's story island); the block needs the rules' colours, known once the main thread has read
// every item. On one core, the items' JSON, the stories' build and the block came one after the other. The
// worker reads the window through its own read-only connection to the store, with the same query and so in the
// same order as the main thread's cursor, and writes each text to a temp file beside the outputs, which the main
// thread then copies into its file (memory stays independent of the window).
// Guarantee: both files are byte-identical to the ones rendered on the main thread
// (tests/output/review-items.test.ts). A worker that cannot start or fails costs only time: the caller renders
// what it did not get itself.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Candidate } from '../types.js';
import type { Store } from '../state/store.js';
import { tempNameFor, utf8Chunks } from '../durable/atomic.js';
import { spawnWorker } from '../workers/spawn.js';
import { topArrayPieces } from './json-stream.js';
import { deskItemText } from './review.js';
import { facetsOf, type RuleStyle } from './review-assets/item.js';

export const ITEM_BLOCK_DEFAULTS = {
  /** The worker is used for a window of at least this many items, not a smaller one: its start (~0.3 s of CPU:
   *  a thread, its modules, the store's reprint index) is more than a small window's texts cost. Crawl pairs
   *  against the tree before it (the block alone): at 1,000 pages the outputs took as long with a worker (1.57
   *  against 1.60 s) for ~0.3 s more CPU; at 10,000 pages 10.3 against 13.6 s. */
  minItems: 2_000,
  chunkBytes: 1024 * 1024,
};

/** The window both texts are written from, as plain data (it crosses to the worker). */
export interface WindowJob {
  retentionDays: number;
  nowIso: string;
}

/** One text to write, and where: a temp name in the out dir (durable/atomic.ts), swept after a crash like any
 *  other. 'items' is candidates.json's items array; 'block' needs the rules' colours. */
export type AsideJob = WindowJob & { path: string } & ({ kind: 'items' } | { kind: 'block'; style: RuleStyle });

/** What the worker answers for a job. */
export type AsideAnswer = { kind: AsideJob['kind'] } & ({ count: number } | { error: string });

/** A rendered text: its file and how many items it holds. */
export interface ItemBlock {
  path: string;
  count: number;
}

/** A worker that writes the window's two texts: each call resolves once its file is complete, or rejects. The
 *  worker does them in the order they were asked for. */
export interface ItemBlockAside {
  items(job: WindowJob): Promise<ItemBlock>;
  render(job: WindowJob & { style: RuleStyle }): Promise<ItemBlock>;
  /** Stops the worker and removes the files never read. Safe to call at any time, more than once. */
  close(): void;
}

function eachInWindow(store: Store, job: WindowJob): Iterable<Candidate> {
  return store.eachCandidate({ retentionDays: job.retentionDays, now: new Date(job.nowIso) });
}

/** Writes `job`'s text to `job.path`. Returns how many items it holds. */
export function writeAsideJob(store: Store, job: AsideJob): number {
  let count = 0;
  const counted = function* (): Generator<Candidate> {
    for (const item of eachInWindow(store, job)) count++, yield item;
  };
  if (job.kind === 'items') writePieces(job.path, topArrayPieces(counted()));
  else writePieces(job.path, blockTexts(counted(), job.style));
  return count;
}

function* blockTexts(items: Iterable<Candidate>, style: RuleStyle): Generator<string> {
  for (const item of items) yield deskItemText(item, facetsOf(item, []), style);
}

function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of utf8Chunks(pieces, ITEM_BLOCK_DEFAULTS.chunkBytes)) {
      for (let offset = 0; offset < chunk.length; ) offset += writeSync(fd, chunk, offset);
    }
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
 *  the window); `items` and `render` hand it their jobs. Its errors are listened for from the start: one that
 *  comes before or between the jobs fails those calls instead of the process. */
export function itemBlockInWorker(statePath: string, outDir: string): ItemBlockAside {
  const paths = { items: tempNameFor(join(outDir, 'candidates-items')), block: tempNameFor(join(outDir, 'review-items')) };
  const waiting = new Map<AsideJob['kind'], (answer: AsideAnswer | Error) => void>();
  let worker: Worker | undefined;
  let stopped: Error | undefined;
  const stop = (e: Error): void => {
    stopped ??= e;
    for (const settle of waiting.values()) settle(stopped);
  };
  try {
    worker = spawnWorker(import.meta.url, 'review-items-worker', { statePath });
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`review items worker exited with code ${code} before its texts`)));
    worker.on('message', (msg: AsideAnswer) => waiting.get(msg.kind)?.(msg));
  } catch (e) {
    stopped = e as Error;
  }
  const ask = (job: AsideJob): Promise<ItemBlock> =>
    new Promise<ItemBlock>((resolve, reject) => {
      if (stopped || !worker) return reject(stopped ?? new Error('review items worker closed'));
      waiting.set(job.kind, (answer) => {
        waiting.delete(job.kind);
        if (answer instanceof Error) reject(answer);
        else if ('count' in answer) resolve({ path: job.path, count: answer.count });
        else reject(new Error(answer.error));
      });
      worker.postMessage(job);
    });
  return {
    items: (job) => ask({ ...job, kind: 'items', path: paths.items }),
    render: (job) => ask({ ...job, kind: 'block', path: paths.block }),
    close() {
      waiting.clear();
      void worker?.terminate();
      worker = undefined;
      rmSync(paths.items, { force: true });
      rmSync(paths.block, { force: true });
    },
  };
}
