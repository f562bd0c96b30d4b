// Giving a thread's free heap pages back to the system before the thread ends. V8 13 (Node 24) keeps the pages its
// collector frees in a pool for the isolate to reuse, still resident, for as long as the isolate lives; when the
// isolate is torn down (a worker terminated) they move to a pool shared by the process and are freed 8 s later
// (src/heap/page-pool.cc, kReleaseTaskDelayInSeconds). Only a memory-reducing full collection frees them at once.
// Node 20's V8 frees a page when the collector does and a dead worker's heap with the worker.
//
// A crawl ends its page workers before it builds the outputs so that the run's peak is the larger of the two
// phases, not their sum (src/run.ts). Under Node 24 the workers' pages stayed for the first 8 s of the outputs,
// which is most of them at 10,000 pages. Measured (two workers that had held ~250 MB each, terminated): 561 MB still
// resident for 8 s, then 76; after this function in each worker, 93 MB at once.
//
// The collection is asked for through V8's `gc` extension, which exists only in contexts made while the expose-gc
// flag is set: the flag is set for one new context and cleared again, so no other context of the process gets a
// global `gc`. A thread that already has one (a process started with --expose-gc) uses it and leaves the flag as
// it found it. releaseFreedPages runs on the thread whose heap it is; askToRelease is the owning thread's side.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Worker } from 'node:worker_threads';

export const HEAP_RELEASE_DEFAULTS = {
  /** The first V8 major version that pools freed pages (Node 24's is 13.6; Node 22's 12.4 does not). */
  poolingV8Major: 13,
};

/** Whether this runtime's V8 keeps freed pages resident until a memory-reducing collection. */
export function poolsFreedPages(v8Version = process.versions.v8, d = HEAP_RELEASE_DEFAULTS): boolean {
  return Number.parseInt(v8Version, 10) >= d.poolingV8Major;
}

/** The owner's ask and the worker's answer (whether it released anything: false where V8 does not pool). */
export interface ReleaseAsk {
  release: true;
}
export interface ReleaseAnswer {
  released: boolean;
}

type GcExtension = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Runs a memory-reducing full collection on the calling thread's heap, so that the pages it has freed go back to
 * the system now. The thread's live objects are untouched; it costs one full collection (a few rounds of it, until
 * nothing more is freed). Does nothing, and says so, where V8 does not pool freed pages.
 */
export function releaseFreedPages(): boolean {
  if (!poolsFreedPages()) return false;
  gcExtension()({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

/** The thread's own `gc` when it has one; otherwise one from a context made with the flag set for that instant. */
function gcExtension(): GcExtension {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as GcExtension;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as GcExtension;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** The other side, on the thread that owns `worker`: asks it (the message { release: true }) to run
 *  releaseFreedPages, and resolves when it answers { released }, stops, or `waitMs` has passed, whichever comes
 *  first. Never rejects: a worker that does not answer is ended by the caller all the same. */
export function askToRelease(worker: Worker, waitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('exit', done).off('error', done);
      resolve();
    };
    const onMessage = (msg: Partial<ReleaseAnswer>): void => {
      if (msg.released !== undefined) done();
    };
    const timer = setTimeout(done, waitMs);
    worker.on('message', onMessage).on('exit', done).on('error', done);
    worker.postMessage({ release: true } satisfies ReleaseAsk);
  });
}
