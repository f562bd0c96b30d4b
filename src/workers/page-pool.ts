// A small pool of worker threads for the CPU half of items (src/stages/page-work.ts: decode, parse, extract,
// normalize, match), so a crawl uses both cores while the main thread keeps fetch, the store and the order of
// results. node:worker_threads directly rather than a pool library: the whole protocol is one request and one
// reply per item, a library would add a dependency for ~100 lines, and its worker-file resolution would have to
// be taught the TypeScript-source case (tests) anyway. Guarantees: a task gets the same result as pageWork on the
// main thread (same function, plain data both ways); a worker that dies or cannot start never loses an item:
// its tasks run on the main thread instead. A worker that dies after doing work (a page past its heap limit) is
// replaced, a few times per run; one that never answered is not (it would only fail again), and once no worker
// is left every later task runs on the main thread.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { charTables } from '../match/chars.js';
import type { CompiledWatchlist } from '../match/index.js';
import { pageWork, type PageWorkInput, type PageWorkResult } from '../stages/page-work.js';
import { FROM_SOURCE, spawnWorker } from './spawn.js';
import { askToRelease, poolsFreedPages } from '../heap-release.js';

export const POOL_DEFAULTS = {
  /** Worker threads when the crawl does not say: two, both cores parsing while the main thread fetches and stores
   *  (its share is small); none on a one-core machine, where a worker would only add copying; none when running
   *  from the TypeScript sources (the tests), where each worker would load a TypeScript loader: the tests that
   *  cover the pool ask for it (tests/workers/), and they check its results equal this thread's. */
  workers: availableParallelism() > 1 && !FROM_SOURCE ? 2 : 0,
  /** Tasks handed to one worker at a time: one running, the rest ready, so it works through the main thread's
   *  longer turns (a feed's parse, a batch's commit, a collection) instead of waiting for its next page. With 2,
   *  each worker of a 5,000-page crawl sat idle ~2.5 s between pages after its first (measured inside the worker);
   *  with 8, ~1 s, and the crawl took 26.7-30.7 s of wall against 27.9-31.8 with 2 in six pairs in turn (faster
   *  in five). The bodies are bounded as before by the pages in flight (crawl-source.ts pagesInMemoryPerSource). */
  tasksPerWorker: 8,
  // The two limits below hold only in a process started without V8's heap flags: V8 gives those flags precedence
  // over an isolate's own constraints, so a crawl launched as documented (src/runtime.ts: npm start, the Dockerfile,
  // the cron and systemd lines) runs its workers with the main thread's 4 MB semi-space and 512 MB old generation
  // (tests/project/runtime.test.ts holds both cases). Found on 2026-12-05; the launch flags' figures in
  // docs/BENCHMARK.md (eighth run on) were all measured that way.
  /** A worker's young generation (V8's default is 48 MB, 34 MB of it committed once a worker has parsed a few
   *  pages). 16, not 8: with the old generation limited (below), a page's DOM promoted by a scavenge in a small
   *  young generation is paid for again by full collections. Bench, 3,000 pages, runs interleaved: 8 MB cost
   *  12-14 % more CPU than no limits, 16 MB none measurable (±10 % between runs) for ~20 MB more RSS. */
  youngGenerationMb: 16,
  /** A worker's old generation limit. V8 leaves less headroom before the next full collection when the limit is
   *  small (heap-controller.h: the growing factor's ceiling is 4 for the multi-GB limit a worker gets by default
   *  here, 1.3-2 below ~1 GB). Bench, 3,000 pages: peak RSS 445-660 MB without it (it varied run to run),
   *  392-398 MB with it. 512 because a page at the reader's element cap (300,000) needed 192-256 MB of heap; a
   *  page past the limit kills its worker and is done on the main thread instead, whose limit is the same under
   *  the launch flags (src/runtime.ts) and V8's default otherwise. */
  oldGenerationMb: 512,
  /** Workers started to replace ones that died, per pool slot and run. */
  respawnsPerWorker: 3,
  /** How long close() waits for a worker to give back its freed heap pages (one full collection of a heap of a few
   *  tens of MB: ~10-60 ms here). */
  releaseWaitMs: 2_000,
};

export type PoolLimits = typeof POOL_DEFAULTS;

export interface PagePool {
  run(input: PageWorkInput): Promise<PageWorkResult>;
  close(): Promise<void>;
  /** Tasks answered by a worker and tasks done on the main thread (the fallback), so far. */
  counts(): { workers: number; main: number };
}

interface Slot {
  worker: Worker;
  pending: Map<number, Task>;
  alive: boolean;
  /** Tasks it answered: a worker that answered none is not replaced when it dies. */
  answered: number;
  respawns: number;
}

function spawn(workerData: unknown, limits: PoolLimits): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: limits.youngGenerationMb, maxOldGenerationSizeMb: limits.oldGenerationMb };
  return spawnWorker(import.meta.url, 'page-worker', workerData, resourceLimits);
}

/** The same work on the main thread: the pool's fallback, and the whole path when the crawl runs no workers. */
export function inlinePool(watchlist: CompiledWatchlist): PagePool {
  let main = 0;
  return { run: async (input) => (main++, pageWork(input, watchlist)), close: async () => undefined, counts: () => ({ workers: 0, main }) };
}

/** Told when a worker stops before the pool closes: its error (ERR_WORKER_OUT_OF_MEMORY for a page past the heap
 *  limit) or its exit code, whether a new worker replaces it, and how many of its tasks move to the main thread. */
export type WorkerLost = (e: { reason: string; replaced: boolean; tasksMoved: number }) => void;

type Task = { input: PageWorkInput; resolve: (r: PageWorkResult) => void };

/** `count` workers, each compiling the watchlist from its file (a compiled watchlist holds functions). */
export function createPagePool(
  count: number,
  watchlist: CompiledWatchlist,
  limitsIn: Partial<PoolLimits> = {},
  onLost: WorkerLost = () => undefined,
): PagePool {
  return new WorkerPool(count, watchlist, { ...POOL_DEFAULTS, ...limitsIn }, onLost);
}

class WorkerPool implements PagePool {
  private readonly inline: PagePool;
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private nextId = 0;
  private answered = 0;

  constructor(
    count: number,
    private readonly watchlist: CompiledWatchlist,
    private readonly limits: PoolLimits,
    private readonly onLost: WorkerLost,
  ) {
    this.inline = inlinePool(watchlist);
    for (let i = 0; i < count; i++) this.slots.push(this.start(0));
  }

  run(input: PageWorkInput): Promise<PageWorkResult> {
    return new Promise((resolve) => {
      this.waiting.push({ input, resolve });
      this.pump();
    });
  }

  counts(): { workers: number; main: number } {
    return { workers: this.answered, main: this.inline.counts().main };
  }

  /** Ends every worker. Where V8 keeps a heap's freed pages (heap-release.ts), a live worker first gives them back,
   *  so that the outputs built next do not find them still resident; one that does not answer within releaseWaitMs
   *  is ended all the same. A second close() ends nothing more. */
  async close(): Promise<void> {
    const release = poolsFreedPages();
    await Promise.all(
      this.slots.map(async (s) => {
        const live = s.alive;
        s.alive = false;
        if (live && release) await askToRelease(s.worker, this.limits.releaseWaitMs);
        await s.worker.terminate();
      }),
    );
  }

  private start(respawns: number): Slot {
    const worker = spawn({ watchlistFile: this.watchlist.file, charTables: charTables() }, this.limits);
    const slot: Slot = { worker, pending: new Map(), alive: true, answered: 0, respawns };
    worker.on('message', (msg: { id: number; result?: PageWorkResult; error?: string }) => {
      const task = slot.pending.get(msg.id);
      if (!task) return;
      slot.pending.delete(msg.id);
      slot.answered++;
      if (msg.result) this.answered++, task.resolve(msg.result);
      else void this.inline.run(task.input).then(task.resolve);
      this.pump();
    });
    worker.on('error', (e: Error & { code?: string }) => this.retire(slot, e.code ?? e.message));
    worker.on('exit', (code) => this.retire(slot, `exit code ${code}`));
    return slot;
  }

  private retire(slot: Slot, reason: string): void {
    if (!slot.alive) return;
    slot.alive = false;
    // Its unfinished tasks are done here instead: nothing is lost, the results are the same.
    const tasksMoved = slot.pending.size;
    for (const { input, resolve } of slot.pending.values()) void this.inline.run(input).then(resolve);
    slot.pending.clear();
    const replaced = slot.answered > 0 && slot.respawns < this.limits.respawnsPerWorker;
    if (replaced) this.slots[this.slots.indexOf(slot)] = this.start(slot.respawns + 1);
    this.onLost({ reason, replaced, tasksMoved });
    this.pump();
  }

  /** Starts waiting tasks on workers with a free place; each worker holds at most `tasksPerWorker` tasks, so bodies
   *  wait here once (not copied into a worker's queue) and memory stays bounded by the fetches in flight. */
  private pump(): void {
    for (;;) {
      const free = this.slots.filter((s) => s.alive && s.pending.size < this.limits.tasksPerWorker);
      const task = this.waiting[0];
      if (!task) return;
      if (this.slots.every((s) => !s.alive)) {
        this.waiting.shift();
        void this.inline.run(task.input).then(task.resolve);
        continue;
      }
      const slot = free.reduce<Slot | undefined>((a, b) => (a === undefined || b.pending.size < a.pending.size ? b : a), undefined);
      if (!slot) return;
      this.waiting.shift();
      const id = this.nextId++;
      slot.pending.set(id, task);
      // Copied, not transferred: the main thread keeps the bytes so that it can do the task itself if the worker dies.
      slot.worker.postMessage({ id, input: task.input });
    }
  }
}

/**
 * The crawl's pool: `count` workers (default POOL_DEFAULTS.workers), or the main thread alone when the count is 0
 * or the watchlist has no file a worker could compile it from (a watchlist built in memory).
 */
export function openPagePool(count: number | undefined, watchlist: CompiledWatchlist, onLost?: WorkerLost): PagePool {
  const n = count ?? POOL_DEFAULTS.workers;
  return n > 0 && existsSync(watchlist.file) ? createPagePool(n, watchlist, {}, onLost) : inlinePool(watchlist);
}
