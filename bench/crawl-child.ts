// One measured crawl, in its own process so peak RSS is the crawl's alone: `node crawl-child.js JOB.json`.
// Runs the real crawl() (src/run.ts) with the job's SourcesConfig and the repository's watchlist, samples RSS,
// and writes wall/CPU/RSS and the run's counts to JOB.result.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { crawl } from '../src/run.js';
import { compileWatchlist, validateWatchlistShape } from '../src/match/index.js';
import { createLogger } from '../src/log.js';
import type { SourcesConfig } from '../src/types.js';
import { ThreadLedger, type ThreadSplit } from './threads.js';

export interface CrawlJob {
  config: SourcesConfig;
  watchlistPath: string;
  outDir: string;
  statePath: string;
  resultPath: string;
}

export interface CrawlChildResult {
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the whole process (getrusage maxrss), in MiB like every memory figure of the bench. */
  peakRssMB: number;
  /** RSS every RSS_SAMPLE_MS: [ms since start, MiB], the peak's unit, so a sample and the peak compare. */
  rss: [number, number][];
  kind: string;
  counts: Record<string, number>;
  fetch: unknown;
  extraction: { pages: number; lowConfidence: number; fallbacks: Record<string, number> };
  exitCode: number;
  /** CPU by thread (Linux): main thread, threads started by the crawl, V8's background threads. */
  threads?: ThreadSplit;
}

const RSS_SAMPLE_MS = 250;
/** Memory figures are MiB (2^20 bytes): getrusage gives KiB, and the goals were set against its figure. */
const MIB = 2 ** 20;

async function main(jobPath: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as CrawlJob;
  const shape = validateWatchlistShape(JSON.parse(readFileSync(job.watchlistPath, 'utf8')), job.watchlistPath);
  if (!shape.ok) throw new Error(`watchlist invalid: ${JSON.stringify(shape.issues)}`);
  const watchlist = compileWatchlist(shape.value, job.watchlistPath);
  const log = await createLogger('quiet');
  const rss: [number, number][] = [];
  const t0 = performance.now();
  const threads = new ThreadLedger();
  const timer = setInterval(() => {
    rss.push([Math.round(performance.now() - t0), Math.round(process.memoryUsage.rss() / MIB)]);
    threads.sample();
  }, RSS_SAMPLE_MS);
  const cpu0 = process.cpuUsage();
  const res = await crawl({ config: job.config, watchlist, outDir: job.outDir, statePath: job.statePath, log });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  const split = threads.split();
  const extraction = { pages: 0, lowConfidence: 0, fallbacks: {} as Record<string, number> };
  if (res.kind === 'done') {
    for (const s of res.report.sources) {
      extraction.pages += s.extraction.pages;
      extraction.lowConfidence += s.extraction.lowConfidence;
      for (const [k, v] of Object.entries(s.extraction.fallbacks)) extraction.fallbacks[k] = (extraction.fallbacks[k] ?? 0) + v;
    }
  }
  const out: CrawlChildResult = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    rss,
    kind: res.kind,
    counts: res.kind === 'done' ? { ...res.report.counts } : {},
    fetch: res.kind === 'done' ? res.report.fetch : null,
    extraction,
    exitCode: res.kind === 'done' ? res.report.exitCode : -1,
    ...(split ? { threads: split } : {}),
  };
  writeFileSync(job.resultPath, JSON.stringify(out));
}

await main(process.argv[2] ?? '');
