// How a crawling process is started, for memory. V8 and glibc size themselves for a long-lived server: a
// main-thread young generation of up to 3 × 16 MB, an old generation grown to up to 4× its live size before the
// next full collection (V8 picks that factor from the heap limit, several GB by default on this machine; the
// page workers already have their own limits, src/workers/page-pool.ts), a malloc arena per thread that keeps
// freed pages, and page-sized buffers carved from those arenas. For a crawl of a few minutes those defaults are
// most of its peak RSS.
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
};

/** The node flags a crawling process starts with (before the script). */
export function launchFlags(d = RUNTIME_DEFAULTS): string[] {
  return [`--max-semi-space-size=${d.semiSpaceMb}`, `--max-old-space-size=${d.oldSpaceMb}`];
}

/** The environment a crawling process starts with. */
export function launchEnv(d = RUNTIME_DEFAULTS): Record<string, string> {
  return { MALLOC_ARENA_MAX: String(d.mallocArenaMax), MALLOC_MMAP_THRESHOLD_: String(d.mallocMmapThresholdBytes) };
}
