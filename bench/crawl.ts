// Crawl throughput: the real crawl() in a child process against the loopback server,
// N pages over 50 feeds, each size several times; then second runs over the same state (nothing new).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkChild, nodeFlags, runNode, type Forked } from './child.js';
import { launchEnv, launchFlags } from '../src/runtime.js';
import type { CrawlChildResult, CrawlJob } from './crawl-child.js';
import { sourcesConfig, type Plan } from './plan.js';
import type { ServerStats } from './server.js';

/** Runs per size: the 10,000-page case takes about 5 minutes of CPU here, so it runs once by default and its spread
 *  is judged from the smaller sizes; BENCH_RUNS="3,2,1" (runs for each size, in order) overrides. */
export const CRAWL_DEFAULTS = {
  feeds: 50,
  sizes: [1_000, 5_000, 10_000],
  runs: { 1000: 3, 5000: 2, 10000: 1 } as Record<number, number>,
  incrementalRuns: 3,
};

export function runsFromEnv(o = CRAWL_DEFAULTS, env = process.env.BENCH_RUNS): typeof CRAWL_DEFAULTS {
  if (!env) return o;
  const n = env.split(',').map(Number);
  return { ...o, runs: Object.fromEntries(o.sizes.map((size, i) => [size, Math.max(1, n[i] ?? o.runs[size] ?? 1)])) };
}

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));

export interface Site {
  ports: number[];
  /** Serve `pagesPerFeed` items per feed from now on; returns the counters (and resets them). */
  plan(pagesPerFeed: number): Promise<ServerStats>;
  stats(reset?: boolean): Promise<ServerStats>;
  stop(): void;
}

export async function startSite(feeds: number): Promise<Site> {
  const { forked, first } = await forkChild<{ ports: number[] }>(here('./server.js'), [String(feeds)]);
  const f: Forked = forked;
  return {
    ports: first.ports,
    plan: async (n) => (await f.ask<{ stats: ServerStats }>({ plan: n, reset: true })).stats,
    stats: async (reset = false) => (await f.ask<{ stats: ServerStats }>({ stats: true, reset })).stats,
    stop: () => f.stop(),
  };
}

export interface CrawlRun extends CrawlChildResult {
  pages: number;
  htmlBytes: number;
  server: ServerStats;
}

/** One crawl child over `dir` (a fresh dir is a first run; a reused one is an incremental run). */
export async function crawlOnce(
  site: Site,
  plan: Plan,
  dir: string,
  watchlistPath: string,
  feeds: number,
): Promise<CrawlChildResult & { server: ServerStats }> {
  const job: CrawlJob = {
    config: sourcesConfig(plan, site.ports, feeds),
    watchlistPath,
    outDir: join(dir, 'out'),
    statePath: join(dir, 'state.db'),
    resultPath: join(dir, 'result.json'),
  };
  const jobPath = join(dir, 'job.json');
  writeFileSync(jobPath, JSON.stringify(job));
  const before = await site.stats(true);
  // Started as the documented launch lines start a crawl (src/runtime.ts), so the figures are the shipped ones.
  await runNode(here('./crawl-child.js'), [jobPath], [...launchFlags(), ...nodeFlags()], launchEnv());
  const after = await site.stats();
  // The server reports its process's CPU since it started: this crawl's share is the difference.
  const server = { ...after, cpuMs: after.cpuMs - before.cpuMs };
  return { ...(JSON.parse(readFileSync(job.resultPath, 'utf8')) as CrawlChildResult), server };
}

/** Bytes of HTML as fetched (uncompressed) for `pagesPerFeed` items of every feed. */
export function htmlBytesOf(plan: Plan, feeds: number, pagesPerFeed: number): number {
  let n = 0;
  for (let f = 0; f < feeds; f++) {
    for (let i = 0; i < pagesPerFeed; i++) {
      const p = plan.page(f, i);
      n += p.prefix.length + p.unique.length + p.suffix.length;
    }
  }
  return n;
}

export interface CrawlMeasurement {
  runs: CrawlRun[];
  /** Incremental runs over the state of the first run of the smallest size. */
  incremental: (CrawlChildResult & { server: ServerStats })[];
}

/** Sizes interleaved round by round (a load spike on the shared machine hits every size alike). */
export async function measureCrawl(
  site: Site,
  plan: Plan,
  watchlistPath: string,
  o = CRAWL_DEFAULTS,
  progress: (s: string) => void = () => undefined,
  /** Run after every measured crawl (the parse limit's rounds between the crawls, bench/index.ts). */
  between: () => Promise<void> = async () => undefined,
): Promise<CrawlMeasurement> {
  const runs: CrawlRun[] = [];
  const incremental: CrawlMeasurement['incremental'] = [];
  const bytes = new Map(o.sizes.map((n) => [n, htmlBytesOf(plan, o.feeds, n / o.feeds)]));
  const rounds = Math.max(...o.sizes.map((n) => o.runs[n] ?? 1));
  for (let r = 0; r < rounds; r++) {
    for (const pages of o.sizes) {
      if (r >= (o.runs[pages] ?? 1)) continue;
      await site.plan(pages / o.feeds);
      const dir = mkdtempSync(join(tmpdir(), 'ww-bench-'));
      const run = await crawlOnce(site, plan, dir, watchlistPath, o.feeds);
      runs.push({ ...run, pages, htmlBytes: bytes.get(pages)! });
      progress(
        `crawl ${pages} pages, round ${r + 1}: ${(run.wallMs / 1000).toFixed(1)} s, ${run.counts.fetched ?? 0} fetched, peak RSS ${Math.round(run.peakRssMB)} MB`,
      );
      if (r === 0 && pages === o.sizes[0]) {
        for (let i = 0; i < o.incrementalRuns; i++) incremental.push(await crawlOnce(site, plan, dir, watchlistPath, o.feeds));
        progress(`incremental: ${incremental.map((x) => `${Math.round(x.wallMs)} ms`).join(', ')}`);
      }
      rmSync(dir, { recursive: true, force: true });
      await between();
    }
  }
  return { runs, incremental };
}
