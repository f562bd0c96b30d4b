// How a crawling process is started, for memory. V8 and glibc size themselves for a long-lived server: a
// main-thread young generation of up to 3 × 16 MB, an old generation grown to up to 4× its live size before the
// next full collection (V8 picks that factor from the heap limit, several GB by default on this machine; the
// page workers already have their own limits, src/workers/page-pool.ts), and a malloc arena per thread that keeps
// freed pages. For a crawl of a few minutes those defaults are most of its peak RSS.
//
// All three must be set before Node starts, so every documented launch line carries them (package.json `start`,
// the Dockerfile, README's cron and systemd lines; tests/project/runtime.test.ts holds them to these values).
// A crawl started without them works the same and uses more memory.
//
// Measured with the benchmark's pages (2 cores, Node 20): 3,000 pages, runs interleaved, peak RSS 399-400 MB
// untuned and 297-316 MB with the two flags, for ~8 % more CPU (the main thread collects more often); the
// arenas alone changed nothing at that size. 10,000 pages, two bench runs with all three: 452 MB before,
// 365-369 MB after, on 188-203 CPU s against 190. V8's heap growth flag (--heap-growing-percent=20) took the
// peak to 307-343 MB but cost 25-45 % more CPU, mostly in the workers' collections: not shipped
// (docs/BENCHMARK.md, "Eighth run").

export const RUNTIME_DEFAULTS = {
  /** The main thread's semi-space, MB (V8's default grows to 16; the young generation is three of them). Its
   *  allocation is fetch buffers and store rows, short-lived, which a small nursery collects as well. */
  semiSpaceMb: 4,
  /** The main thread's old-generation limit, MB. Below ~2 GB V8 keeps less headroom before a full collection
   *  (a factor of ~1.6 at 1,024 instead of 4). The end of a run over 10,000 flagged items peaks at ~170 MB of
   *  heap, so this holds a window of ~60,000 items; raise it past that. 512 (a factor of ~1.4) measured 325
   *  against 384 MB at 10,000 pages, for 11 % more CPU and a window half as large. */
  oldSpaceMb: 1024,
  /** glibc malloc arenas: the default (8 × cores) gives each worker thread its own, holding freed pages. */
  mallocArenaMax: 2,
};

/** The node flags a crawling process starts with (before the script). */
export function launchFlags(d = RUNTIME_DEFAULTS): string[] {
  return [`--max-semi-space-size=${d.semiSpaceMb}`, `--max-old-space-size=${d.oldSpaceMb}`];
}

/** The environment a crawling process starts with. */
export function launchEnv(d = RUNTIME_DEFAULTS): Record<string, string> {
  return { MALLOC_ARENA_MAX: String(d.mallocArenaMax) };
}
