// How a crawling process is started, for memory, and the one V8 setting a crawl makes on itself, for CPU
// (tierUpFlags, at the end). V8 and glibc size themselves for a long-lived server: a main-thread young generation
// of up to 3 × 16 MB, an old generation grown to up to 4× its live size before the next full collection (V8 picks
// that factor from the heap limit, several GB by default on this machine; the page workers already have their own
// limits, src/workers/page-pool.ts), a malloc arena per thread that keeps freed pages, and page-sized buffers
// carved from those arenas. For a crawl of a few minutes those defaults are most of its peak RSS.
//
// All of them must be set before Node starts, so every documented launch line carries them (package.json `start`,
// the Dockerfile, README's cron and systemd lines; tests/project/runtime.test.ts holds them to these values).
// A crawl started without them works the same and uses more memory. The heap flags are process-wide: V8 applies
// them to every isolate, so they also replace the page workers' own resourceLimits (src/workers/page-pool.ts).
//
// Measured with the benchmark's pages (2 cores, Node 20): 3,000 pages, runs interleaved, peak RSS 399-400 MB
// untuned and 297-316 MB with the two flags, for ~8 % more CPU (the main thread collects more often); the
// arenas alone changed nothing at that size. 10,000 pages, two bench runs with the flags and the arenas: 452 MB
// before, 365-369 MB after, on 188-203 CPU s against 190. V8's heap growth flag (--heap-growing-percent=20) took the
// peak to 307-343 MB but cost 25-45 % more CPU, mostly in the workers' collections: not shipped
// (docs/BENCHMARK.md, "Eighth run").

import { setFlagsFromString } from 'node:v8';

export const RUNTIME_DEFAULTS = {
  /** The main thread's semi-space, MB (V8's default grows to 16; the young generation is three of them). Its
   *  allocation is fetch buffers and store rows, short-lived, which a small nursery collects as well. */
  semiSpaceMb: 4,
  /** The old-generation limit, MB, of the main thread and (the flag overrides their own) of the page workers. Below
   *  ~2 GB V8 keeps less headroom before a full collection (a factor of ~1.3-1.6 instead of 4). 512 since the
   *  outputs stream and the stories are spooled: the end of a run over 20,000 flagged items peaks at ~200 MB of heap
   *  (side run, 20,000 pages), so this holds a window of ~50,000 items; raise it past that. Measured against 1,024
   *  (2026-12-05): 3,000 pages, two pairs in turn, peak RSS 239 / 243 against 257 / 281 MB for the same CPU (57-60
   *  s); 10,000 pages 264 MB against 269-314 in the runs before; Node 24, 3,000 pages, 280-286 against 302-339.
   *  Before the spool, 512 had cost 11 % more CPU at 10,000 pages, with the end's live heap near the limit. */
  oldSpaceMb: 512,
  /** glibc malloc arenas: the default (8 × cores) gives each worker thread its own, holding freed pages. */
  mallocArenaMax: 2,
  /** glibc's mmap threshold, bytes: an allocation at least this large gets its own mapping, returned to the
   *  system when freed. Left alone, glibc raises the threshold to the largest block freed so far (up to 32 MB), so
   *  after the first page every page-sized buffer (the bench's are 74-290 KB: the fetched body, the copy sent to a
   *  worker, the worker's copy) comes from an arena, where freed blocks between live ones stay resident.
   *  Measured, 5,000 pages, two pairs in turn: peak RSS 334 / 318 → 299 / 300 MB, 227 → 178 MB once the workers
   *  have stopped, crawl CPU 125-133 s either way; 10,000 pages in two bench runs: 329 and 347 MB against 365-369
   *  (docs/BENCHMARK.md, "Ninth run"). 64 KB keeps the many small allocations in the arenas: 16 KB halved the
   *  main arena again but cost ~20 % more CPU. */
  mallocMmapThresholdBytes: 65_536,
  /** V8 11's (Node 20's) tier-up budget, bytes of bytecode a function runs before TurboFan is asked to optimise
   *  it: 8 × V8's 67,584. See tierUpFlags. */
  interruptBudgetBytes: 8 * 67_584,
};

/** V8 flags a crawl sets on itself when it starts (tuneTierUp), for CPU. Unlike the launch flags they can be set
 *  at run time (V8 reads the budget each time it resets a function's) and they exist in one V8 only: Node 24's
 *  V8 counts calls instead and exits on an unknown flag on the command line, so they cannot go in a launch line.
 *  Why: at V8's default budget TurboFan compiled ~860 functions in a 1,000-page crawl, across three isolates, ~2.8
 *  of its ~11 CPU s on V8's background threads, many of them warm rather than hot or compiled again after a
 *  deopt. With 8× the budget only the hot ones are compiled, and later, on more type feedback. Measured on Node 20
 *  (bench pages, runs in turn): 1,000 pages, five rounds, CPU 11.0 → 10.3 s (median), V8's background threads
 *  3.9 → 2.4 s; 5,000 pages, three pairs, 41.8 / 39.2 / 41.3 → 37.5 / 39.1 / 39.4 s, background 11.1 → 7.4 s.
 *  4× and 16× were within this machine's noise of 8× (docs/BENCHMARK.md, "Thirtieth run"); the larger the
 *  budget, the less background work and the more in the isolates. Node 24's V8 (13.6) tiers up by call
 *  counts through Maglev: 4-5× its counts, or no Maglev, saved nothing in three 1,000-page rounds, so it keeps its
 *  defaults; Node 22's (12.4) was not measured and keeps them too. */
export function tierUpFlags(v8Version = process.versions.v8, d = RUNTIME_DEFAULTS): string[] {
  return Number.parseInt(v8Version, 10) === 11 ? [`--interrupt-budget=${d.interruptBudgetBytes}`] : [];
}

/** Sets tierUpFlags on this process, before the page workers start (V8's flags are the process's, every isolate
 *  reads them). Idempotent. */
export function tuneTierUp(): void {
  for (const flag of tierUpFlags()) setFlagsFromString(flag);
}

/** The node flags a crawling process starts with (before the script). */
export function launchFlags(d = RUNTIME_DEFAULTS): string[] {
  return [`--max-semi-space-size=${d.semiSpaceMb}`, `--max-old-space-size=${d.oldSpaceMb}`];
}

/** The environment a crawling process starts with. */
export function launchEnv(d = RUNTIME_DEFAULTS): Record<string, string> {
  return { MALLOC_ARENA_MAX: String(d.mallocArenaMax), MALLOC_MMAP_THRESHOLD_: String(d.mallocMmapThresholdBytes) };
}
