// The crawl's run, and with src/crawl-source.ts and src/crawl-item.ts the only modules that know the order of
// the stages:
//   lock → state (healing outputs a dead run left behind) → fetcher and page workers → every source at once
//   (crawl-source.ts: per channel fetch feed/sitemap/listing → decode → parse → one item per story → fetch page →
//   decode → adapter → normalize → match → state commit, per feed items first, then validators)
//   → outputs (candidates.json, review.html, run report).
// Guarantees: no failure of one feed or page stops the others; every item discovered ends the run in exactly one
// recorded state; candidates.json is rendered from the store at the start and the end of every run, so a crash
// between a store commit and the output rename heals on the next run.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Fetcher, HostHold, SourcesConfig } from './types.js';
import type { RunReport, SourceReport } from './report-types.js';
import { EXIT } from './exit.js';
import { openPagePool, POOL_DEFAULTS, type PagePool } from './workers/page-pool.js';
import { createFetcher, type FetcherOptions } from './fetch/index.js';
import { createReplayDispatcher } from './fetch/replay.js';
import type { HostCookies } from './fetch/cookies.js';
import type { CompiledWatchlist } from './match/index.js';
import { openStore, type Store } from './state/store.js';
import { acquireRunLock } from './state/lock.js';
import { crashPoint } from './durable/crash.js';
import { sweepTempFiles } from './durable/atomic.js';
import { outputDirs, writeOutputs, type OutputPaths } from './output/write.js';
import { itemBlockInWorker } from './output/review-items.js';
import { emptyCounts, exitCodeFor } from './output/report.js';
import { ioProblem } from './io-errors.js';
import { sourcesToRun } from './config.js';
import { crawlSource, type RunContext } from './crawl-source.js';
import { tuneTierUp } from './runtime.js';

/** A dry run takes no lock: it writes nothing another run could trip over. */
const NO_LOCK = { assertHeld: (): void => undefined, release: async (): Promise<void> => undefined };

/** Present in the out dir while a run is open; found at start, it means the last run died before its outputs. */
export const OPEN_RUN_MARKER = '.wirewatch-run-open';

export const RUN_DEFAULTS = {
  /** The crawl command's run deadline when none is given: below the documented scheduler limits (systemd
   *  TimeoutStartSec=25min, Kubernetes activeDeadlineSeconds 1500), leaving minutes for the outputs. At the
   *  deadline nothing new starts; unfinished items are deferred to the next run and reported. */
  deadlineMs: 20 * 60_000,
  retentionDays: 30,
  /** A long run logs its counts this often (info), so a log shows it is alive and how far it got. */
  progressEveryMs: 30_000,
};

export interface CrawlOptions {
  config: SourcesConfig;
  watchlist: CompiledWatchlist;
  outDir: string;
  statePath: string;
  replayDir?: string;
  only?: string[];
  dryRun?: boolean;
  /** A fixed clock for replays and tests; the real clock otherwise. */
  now?: Date;
  log: Logger;
  fetch?: {
    dispatcher?: Dispatcher;
    limits?: FetcherOptions['limits'];
    deadlineMs?: number;
    lookup?: FetcherOptions['lookup'];
    launchBrowser?: FetcherOptions['launchBrowser'];
    challengeWaitMs?: number;
  };
  retentionDays?: number;
  signal?: AbortSignal;
  /** Worker threads for the CPU half of items (decode → extract → match); default: src/workers/page-pool.ts. */
  workers?: number;
}

/** `flaggedOutsideWindow`: items flagged this run that candidates.json and review.html leave out, being older than
 *  the retention window by the run clock (a replay of old fixtures without --now, a backfill). `replayMisses`: the
 *  addresses a replay was asked for and has no recording of (they answered 404), robots.txt aside. */
export type CrawlResult =
  | { kind: 'locked' }
  | {
      kind: 'done';
      report: RunReport;
      candidatesPath: string;
      reviewPath: string;
      reportPath: string;
      flaggedOutsideWindow: number;
      replayMisses: readonly string[];
    };

export async function crawl(opts: CrawlOptions): Promise<CrawlResult> {
  tuneTierUp();
  // A dry run writes nothing: no out dir, no lock file, no temp sweep; it commits into a private in-memory copy
  // of the state, so its counts are exactly what the same crawl would report (and a concurrent run is not held up).
  if (!opts.dryRun) mkdirSync(opts.outDir, { recursive: true });
  const lock = opts.dryRun ? NO_LOCK : await acquireRunLock(opts.statePath);
  if (lock === 'held') return { kind: 'locked' };
  let store: Store | undefined;
  let fetcher: Fetcher | undefined;
  let pages: PagePool | undefined;
  try {
    if (!opts.dryRun) for (const dir of outputDirs(opts.outDir)) await sweepTempFiles(dir);
    const st = (store = openStore(opts.statePath, opts.dryRun ? { preview: true } : {}));
    const now = opts.now ? () => opts.now as Date : () => new Date();
    const retentionDays = opts.retentionDays ?? RUN_DEFAULTS.retentionDays;
    const outputs = outputsOf(opts, st, now, retentionDays);
    const report = emptyReport(opts);
    const openMarker = join(opts.outDir, OPEN_RUN_MARKER);
    await beginRun(opts, st, report, openMarker, outputs);
    const made = await makeFetcher(opts, st);
    const f = (fetcher = made.fetcher);
    const replayMisses = made.replayMisses;
    // Nothing is lost when a worker stops (the main thread does its tasks), but the run's log says so.
    const pool = (pages = openPagePool(opts.workers, opts.watchlist, (lost) => opts.log.warn(lost, 'page worker stopped')));
    opts.signal?.addEventListener('abort', () => void f.close(), { once: true });
    const outsideWindow = { cutoffMs: now().getTime() - retentionDays * 86_400_000, count: 0 };
    const assertHeld = () => lock.assertHeld();
    const ctx = { log: opts.log, watchlist: opts.watchlist, store: st, fetcher: f, pages: pool, now, report, outsideWindow, assertHeld };
    report.sources = await crawlSources(ctx, opts);
    report.finishedAt = new Date().toISOString();
    report.exitCode = exitCodeFor(report.sources, report.counts);
    report.fetch = (f as Fetcher & { stats?: () => unknown }).stats?.();
    // The crawl is over: the workers' heaps and the connection pool are given back before the outputs are built,
    // so the run's peak is the larger of the two phases, not their sum.
    await pool.close();
    await f.close();
    if (opts.dryRun)
      return {
        kind: 'done',
        report,
        candidatesPath: '',
        reviewPath: '',
        reportPath: '',
        flaggedOutsideWindow: outsideWindow.count,
        replayMisses,
      };
    crashPoint('before-outputs');
    lock.assertHeld();
    const paths = await outputs(report);
    st.finishRun(report);
    st.prune(new Date(now().getTime() - retentionDays * 86_400_000).toISOString());
    rmSync(openMarker, { force: true });
    return { kind: 'done', report, ...paths, flaggedOutsideWindow: outsideWindow.count, replayMisses };
  } catch (e) {
    // SQLite's errors carry no path: a full disk or a read-only file under the store is named by the state path.
    if (ioProblem(e) && typeof (e as { path?: unknown }).path !== 'string') Object.assign(e as object, { path: opts.statePath });
    throw e;
  } finally {
    await fetcher?.close().catch(() => undefined);
    await pages?.close().catch(() => undefined);
    store?.close();
    await lock.release().catch(() => undefined);
  }
}

/** The run's outputs, rendered from the store (output/write.ts): candidates.json's items and review.html's item
 *  block on a second thread whenever the crawl's pages have worker threads (output/review-items.ts). */
function outputsOf(opts: CrawlOptions, store: Store, now: () => Date, retentionDays: number): (report?: RunReport) => Promise<OutputPaths> {
  const blocks = (opts.workers ?? POOL_DEFAULTS.workers) > 0 ? () => itemBlockInWorker(opts.statePath, opts.outDir) : undefined;
  return (report?: RunReport) =>
    writeOutputs({
      outDir: opts.outDir,
      store,
      now: now(),
      retentionDays,
      config: opts.config,
      ...(report ? { report } : {}),
      ...(blocks
        ? { itemBlocks: blocks, onItemBlockFailed: (e: Error) => opts.log.warn({ err: e.message }, 'review items worker failed') }
        : {}),
    });
}

function emptyReport(opts: CrawlOptions): RunReport {
  // Named by the wall clock, not the (possibly fixed) run clock, so run reports sort in the order they ran.
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  return {
    schemaVersion: 1,
    runId,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    exitCode: EXIT.ok,
    dryRun: !!opts.dryRun,
    replay: opts.replayDir ?? null,
    counts: emptyCounts(),
    sources: [],
    items: [],
  };
}

/** Opens the run in the store and marks it open in the out dir. The outputs are rendered from the store at the end
 *  of a run: one that died before that (its marker is still here) may have committed items no output shows yet, so
 *  they are rendered now, before anything else. */
async function beginRun(
  opts: CrawlOptions,
  store: Store,
  report: RunReport,
  openMarker: string,
  outputs: () => Promise<unknown>,
): Promise<void> {
  const run = { runId: report.runId, startedAt: report.startedAt };
  if (opts.dryRun) {
    store.beginRun(run); // into the in-memory copy
    return;
  }
  const heal = existsSync(openMarker) || !existsSync(join(opts.outDir, 'candidates.json'));
  writeFileSync(openMarker, `${report.runId}\n`);
  store.beginRun(run);
  if (heal) await outputs();
}

/** Every enabled source (or those --only names) at once, with a progress line in the log while they run. */
async function crawlSources(ctx: Omit<RunContext, 'limit' | 'pageSlots'>, opts: CrawlOptions): Promise<SourceReport[]> {
  const sources = sourcesToRun(opts.config, opts.only);
  let sourcesDone = 0;
  const progress = setInterval(
    () => opts.log.info({ sourcesDone, sources: sources.length, counts: ctx.report.counts }, 'progress'),
    RUN_DEFAULTS.progressEveryMs,
  );
  progress.unref();
  try {
    return await Promise.all(sources.map((s) => crawlSource(ctx, s).finally(() => void sourcesDone++)));
  } finally {
    clearInterval(progress);
  }
}

async function makeFetcher(opts: CrawlOptions, store: Store): Promise<{ fetcher: Fetcher; replayMisses: readonly string[] }> {
  let dispatcher = opts.fetch?.dispatcher;
  const replay = opts.replayDir ? await createReplayDispatcher(opts.replayDir) : undefined;
  if (replay) dispatcher = replay.dispatcher;
  const deadline = opts.fetch?.deadlineMs ? Date.now() + opts.fetch.deadlineMs : undefined;
  // A replay has no server to be polite to: politeness delays are dropped, everything else is the same path.
  // A recorded challenge stays a challenge: a replay never starts a browser (its walled sources read as plain).
  const sources = opts.replayDir ? opts.config.sources.map((s) => ({ ...s, minDelayMs: 0, fetch: 'plain' as const })) : opts.config.sources;
  const fetcher = createFetcher({
    userAgent: opts.config.userAgent,
    sources,
    log: opts.log,
    ...(dispatcher ? { dispatcher } : {}),
    ...(opts.fetch?.limits ? { limits: opts.fetch.limits } : {}),
    ...(opts.fetch?.lookup ? { lookup: opts.fetch.lookup } : {}),
    ...(deadline ? { deadline } : {}),
    // Cookies a browser earned on a walled host: offered first, and kept with the host (not by a dry run).
    ...(opts.replayDir ? {} : { cookies: store.hostCookies() }),
    ...(opts.replayDir || opts.dryRun ? {} : { onCookies: (h: HostCookies) => store.saveHostCookies(h) }),
    // A host's Retry-After beyond the cap holds past this run: later runs leave it alone until then (a dry run obeys,
    // and keeps nothing; a replay has no host to wait for).
    ...(opts.replayDir ? {} : { holds: store.hostHolds(Date.now()) }),
    ...(opts.replayDir || opts.dryRun ? {} : { onHold: (h: HostHold) => store.saveHostHold(h) }),
    ...(opts.fetch?.launchBrowser ? { launchBrowser: opts.fetch.launchBrowser } : {}),
    ...(opts.fetch?.challengeWaitMs !== undefined ? { challengeWaitMs: opts.fetch.challengeWaitMs } : {}),
  });
  return { fetcher, replayMisses: replay?.misses ?? [] };
}
