// The crawl, and the only module that knows the order of the stages:
//   lock → state → per channel: fetch feed/sitemap/listing → decode → parse → one item per story
//   → fetch page → decode → adapter → normalize → match
//   → state commit (per feed: items first, then validators) → outputs (candidates.json, review.html, run report)
// Guarantees: no failure of one feed or page stops the others; every item discovered ends the run in exactly one
// recorded state; candidates.json is rendered from the store at the start and the end of every run, so a crash
// between a store commit and the output rename heals on the next run.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Channel, FeedItem, FeedReport, Fetcher, RunReport, SourceConfig, SourceReport, SourcesConfig, Validators } from './types.js';
import type { ErrorCode } from './errors.js';
import { EXIT } from './exit.js';
import type { FeedFailure } from './stages/feed.js';
import { newestItemAt, readChannel } from './stages/channel.js';
import { channelsOf, isFeedKind, isStale, staleAfterMs } from './discover/channels.js';
import { StoriesSeen, storyIds } from './discover/stories.js';
import { fetchPage } from './stages/page.js';
import { readWork, type PageStats } from './stages/page-work.js';
import { openPagePool, type PagePool } from './workers/page-pool.js';
import { createFetcher, type FetcherOptions } from './fetch/index.js';
import { createReplayDispatcher } from './fetch/replay.js';
import type { HostCookies } from './fetch/cookies.js';
import { articleFromFeed, identifiable, idsOfItems } from './normalize.js';
import { matchArticle, type CompiledWatchlist } from './match/index.js';
import { openStore, type FeedCommit, type FeedOutcome, type ItemCommitResult, type Store } from './state/store.js';
import { acquireRunLock } from './state/lock.js';
import { crashPoint } from './durable/crash.js';
import { sweepTempFiles } from './durable/atomic.js';
import { writeOutputs } from './output/write.js';
import { isSettled, isUnchanged, newlyFlagged, observe, unchangedOutcome, type ItemOutcome } from './item.js';
import { orderedBatches } from './commit-batches.js';
import { eachLimited } from './each-limited.js';
import { emptyCounts, emptyExtraction, exitCodeFor, sourceStatus } from './output/report.js';
import { healthFlags } from './health.js';
import { ioProblem } from './io-errors.js';

/** Item error codes that are a choice, not a failure: robots, URL policy, and feed items with no page at all. */
const NOT_PAGE_ERRORS: ReadonlySet<string> = new Set(['skipped_robots', 'skipped_scheme', 'skipped_ssrf', 'no_link']);

/** A dry run takes no lock: it writes nothing another run could trip over. */
const NO_LOCK = { assertHeld: (): void => undefined, release: async (): Promise<void> => undefined };

/** Present in the out dir while a run is open; found at start, it means the last run died before its outputs. */
export const OPEN_RUN_MARKER = '.wirewatch-run-open';

export const RUN_DEFAULTS = {
  /** The crawl command's run deadline when none is given: below the documented scheduler limits (systemd
   *  TimeoutStartSec=25min, Kubernetes activeDeadlineSeconds 1500), leaving minutes for the outputs. At the
   *  deadline nothing new starts; unfinished items are deferred to the next run and reported. */
  deadlineMs: 20 * 60_000,
  /** Items processed at once per source. Per source, not per run: one shared pool let the first source's items
   *  fill every slot while they queued for their own host's gate, so sources were crawled one after another.
   *  The fetcher's global in-flight cap and per-host limits still apply inside. */
  itemConcurrency: 16,
  /** A feed's finished items are committed in batches of this many, in feed order, while the rest are read: what
   *  a long feed holds in memory is a batch, not the feed (src/commit-batches.ts). The feed's validators advance
   *  only after its last item, as before. 8 rather than 32: the bench's 50 feeds held up to 50 × 31 finished
   *  items (article text and hits) waiting for their batch. 3,000 pages, four pairs in turn: mean main-thread heap
   *  44 → 35 MB, peak RSS 288-300 → 256-276 MB, CPU +1-4 % in three pairs and +13 % in one. */
  commitBatchItems: 8,
  /** Pages of one source fetched or being fetched and not yet read (at least twice its per-host concurrency):
   *  the bound on article bodies in memory. Without it a source's 16 items fetch at the fetcher's pace and their
   *  bodies queue for the slower CPU half, 16 × sources of them. Per source, for the reason above: a run-wide
   *  bound would be held by items waiting out one host's politeness delay while other hosts sit idle. Two (one
   *  being fetched, one being read) rather than four: the same pages per second on the bench's 50 sources, and
   *  half the bodies queued for the workers (crawl-phase RSS ~40 MB lower at 2,000 pages). */
  pagesInMemoryPerSource: 2,
  retentionDays: 30,
  /** A failed or deferred item is retried on later runs up to this many attempts, then given up (kept with its error). */
  maxAttempts: 3,
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
 *  the retention window by the run clock (a replay of old fixtures without --now, a backfill). */
export type CrawlResult =
  | { kind: 'locked' }
  | { kind: 'done'; report: RunReport; candidatesPath: string; reviewPath: string; reportPath: string; flaggedOutsideWindow: number };

interface RunContext {
  opts: CrawlOptions;
  store: Store;
  fetcher: Fetcher;
  /** Where the CPU half of an item runs: worker threads, or this thread; the results are the same. */
  pages: PagePool;
  now: () => Date;
  report: RunReport;
  limit: ReturnType<typeof pLimit>;
  /** Per source: a page holds a place from before its fetch until its CPU half is done (pagesInMemoryPerSource). */
  pageSlots: ReturnType<typeof pLimit>;
  /** Items flagged this run whose time is before the retention cutoff (they reach no output). */
  outsideWindow: { cutoffMs: number; count: number };
  /** Throws when another process took the lock over (ours went stale): nothing more may be committed. */
  assertHeld: () => void;
}

export async function crawl(opts: CrawlOptions): Promise<CrawlResult> {
  // A dry run writes nothing: no out dir, no lock file, no temp sweep; it commits into a private in-memory copy
  // of the state, so its counts are exactly what the same crawl would report (and a concurrent run is not held up).
  if (!opts.dryRun) mkdirSync(opts.outDir, { recursive: true });
  const lock = opts.dryRun ? NO_LOCK : await acquireRunLock(opts.statePath);
  if (lock === 'held') return { kind: 'locked' };
  let store: Store | undefined;
  let fetcher: Fetcher | undefined;
  let pages: PagePool | undefined;
  try {
    if (!opts.dryRun) await sweepTempFiles(opts.outDir);
    store = openStore(opts.statePath, opts.dryRun ? { preview: true } : {});
    const now = opts.now ? () => opts.now as Date : () => new Date();
    const retentionDays = opts.retentionDays ?? RUN_DEFAULTS.retentionDays;
    // Named by the wall clock, not the (possibly fixed) run clock, so run reports sort in the order they ran.
    const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const report: RunReport = {
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
    const openMarker = join(opts.outDir, OPEN_RUN_MARKER);
    if (!opts.dryRun) {
      // The outputs are rendered from the store at the end of a run. A run that died before that (its marker is
      // still here) may have committed items no output shows yet: render them now, before anything else.
      const heal = existsSync(openMarker) || !existsSync(join(opts.outDir, 'candidates.json'));
      writeFileSync(openMarker, `${runId}\n`);
      store.beginRun({ runId, startedAt: report.startedAt });
      if (heal) await writeOutputs({ outDir: opts.outDir, store, now: now(), retentionDays, config: opts.config });
    } else {
      store.beginRun({ runId, startedAt: report.startedAt }); // into the in-memory copy
    }
    fetcher = await makeFetcher(opts, store);
    // Nothing is lost when a worker stops (the main thread does its tasks), but the run's log says so.
    const pool = (pages = openPagePool(opts.workers, opts.watchlist, (lost) => opts.log.warn(lost, 'page worker stopped')));
    const f = fetcher;
    opts.signal?.addEventListener('abort', () => void f.close(), { once: true });
    const outsideWindow = { cutoffMs: now().getTime() - retentionDays * 86_400_000, count: 0 };
    const ctx: Omit<RunContext, 'limit' | 'pageSlots'> = {
      opts,
      store,
      fetcher,
      pages: pool,
      now,
      report,
      outsideWindow,
      assertHeld: () => lock.assertHeld(),
    };
    const sources = opts.config.sources.filter((s) => s.enabled && (!opts.only || opts.only.includes(s.id)));
    let sourcesDone = 0;
    const progress = setInterval(
      () => opts.log.info({ sourcesDone, sources: sources.length, counts: report.counts }, 'progress'),
      RUN_DEFAULTS.progressEveryMs,
    );
    progress.unref();
    try {
      report.sources = await Promise.all(sources.map((s) => crawlSource(ctx, s).finally(() => void sourcesDone++)));
    } finally {
      clearInterval(progress);
    }
    report.finishedAt = new Date().toISOString();
    report.exitCode = exitCodeFor(report.sources, report.counts);
    report.fetch = (fetcher as Fetcher & { stats?: () => unknown }).stats?.();
    // The crawl is over: the workers' heaps and the connection pool are given back before the outputs are built,
    // so the run's peak is the larger of the two phases, not their sum.
    await pages.close();
    await fetcher.close();
    if (opts.dryRun)
      return { kind: 'done', report, candidatesPath: '', reviewPath: '', reportPath: '', flaggedOutsideWindow: outsideWindow.count };
    crashPoint('before-outputs');
    lock.assertHeld();
    const paths = await writeOutputs({ outDir: opts.outDir, store, now: now(), retentionDays, config: opts.config, report });
    store.finishRun(report);
    store.prune(new Date(now().getTime() - retentionDays * 86_400_000).toISOString());
    rmSync(openMarker, { force: true });
    return { kind: 'done', report, ...paths, flaggedOutsideWindow: outsideWindow.count };
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

async function makeFetcher(opts: CrawlOptions, store: Store): Promise<Fetcher> {
  let dispatcher = opts.fetch?.dispatcher;
  if (opts.replayDir) dispatcher = (await createReplayDispatcher(opts.replayDir)).dispatcher;
  const deadline = opts.fetch?.deadlineMs ? Date.now() + opts.fetch.deadlineMs : undefined;
  // A replay has no server to be polite to: politeness delays are dropped, everything else is the same path.
  // A recorded challenge stays a challenge: a replay never starts a browser (its walled sources read as plain).
  const sources = opts.replayDir ? opts.config.sources.map((s) => ({ ...s, minDelayMs: 0, fetch: 'plain' as const })) : opts.config.sources;
  return createFetcher({
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
    ...(opts.fetch?.launchBrowser ? { launchBrowser: opts.fetch.launchBrowser } : {}),
    ...(opts.fetch?.challengeWaitMs !== undefined ? { challengeWaitMs: opts.fetch.challengeWaitMs } : {}),
  });
}

async function crawlSource(run: Omit<RunContext, 'limit' | 'pageSlots'>, source: SourceConfig): Promise<SourceReport> {
  const ctx: RunContext = {
    ...run,
    limit: pLimit(RUN_DEFAULTS.itemConcurrency),
    pageSlots: pLimit(Math.max(RUN_DEFAULTS.pagesInMemoryPerSource, 2 * source.perHostConcurrency)),
  };
  const extraction = emptyExtraction();
  const feeds: FeedReport[] = [];
  const processed = new StoriesSeen();
  const channels = channelsOf(source);
  for (const [i, ch] of channels.entries()) feeds.push(await crawlFeed(ctx, source, ch, i, extraction, processed));
  await retryPending(ctx, source, extraction, processed);
  const report: SourceReport = { id: source.id, name: source.name, status: sourceStatus(feeds), feeds, extraction, health: [] };
  // Health first: the extraction alarm compares this run with the source's past runs, not with itself.
  report.health = healthFlags(ctx.store, source, report, ctx.now());
  ctx.store.recordExtraction(source.id, extraction);
  ctx.opts.log.info(
    { source: source.id, status: report.status, feeds: feeds.map((f) => `${f.status}:${f.items}/${f.new}/${f.flagged}`) },
    'source done',
  );
  return report;
}

type Fetched = { kind: 'items'; items: FeedItem[]; validators: Validators; dropped: number } | { kind: 'done'; report: FeedReport };

/** The feed stage (src/stages/feed.ts); every way it can fail becomes the feed's status, never a throw. */
async function readSourceFeed(ctx: RunContext, source: SourceConfig, channel: Channel, fr: FeedReport): Promise<Fetched> {
  const prev = ctx.store.feedState(fr.url);
  const read = await readChannel(ctx.fetcher, source, channel, { now: ctx.now(), ...(prev ? { validators: prev.validators } : {}) });
  Object.assign(fr, read.facts);
  if (read.kind === 'not_modified') {
    fr.status = 'not_modified';
    markFreshness(ctx, source, fr, prev?.newestItemAt);
    commit(ctx, source, fr, { status: 'not_modified' }, []);
    return { kind: 'done', report: fr };
  }
  if (read.kind === 'failed') return failFeed(ctx, source, fr, read.status, read.code, read.message);
  fr.parseMode = read.parseMode;
  return { kind: 'items', items: read.items, validators: read.validators, dropped: read.feed.dropped };
}

async function crawlFeed(
  ctx: RunContext,
  source: SourceConfig,
  channel: Channel,
  index: number,
  extraction: SourceReport['extraction'],
  processed: StoriesSeen,
): Promise<FeedReport> {
  const fr: FeedReport = { url: channel.url, kind: channel.kind, status: 'ok', items: 0, new: 0, flagged: 0, failed: 0 };
  const read = await readSourceFeed(ctx, source, channel, fr);
  if (read.kind === 'done') return read.report;
  // An entry with nothing to tell it apart (no guid, link, title or text) cannot be tracked across runs.
  const readable = read.items.filter(identifiable);
  fr.unidentified = read.items.length - readable.length || undefined;
  if (read.dropped > 0) {
    fr.dropped = read.dropped;
    ctx.report.counts.dropped += read.dropped;
    ctx.opts.log.warn(
      { source: source.id, feed: channel.url, dropped: read.dropped },
      `${read.dropped} feed entries left out (past the per-feed limit or unreadable)`,
    );
  }
  const ids = storyIds(ctx.store, source.id, readable, idsOfItems(source, readable));
  markGap(ctx, fr, ids);
  // One story listed by two channels (or twice in one) is processed once per run: the first listing wins.
  const todo = readable.map((item, i) => ({ item, id: ids[i] as string })).filter(({ item, id }) => processed.claim(id, item.link, index));
  fr.items = todo.length;
  const newest = newestItemAt(read.items);
  const titled = isFeedKind(channel.kind);
  let earlierNew = false;
  const batches = orderedBatches<ItemOutcome>(RUN_DEFAULTS.commitBatchItems, (batch) => {
    ctx.assertHeld();
    const at = ctx.now().toISOString();
    const results = ctx.store.commitFeedItems(
      { sourceId: source.id, feedUrl: fr.url, at },
      batch.map((o) => o.commit),
    );
    batch.forEach((o, i) => tally(ctx, fr, o, results[i]));
    earlierNew ||= results.some((r) => r.kind === 'new');
  });
  await eachLimited(todo.length, ctx.limit, async (i) => {
    const { item, id } = todo[i] as (typeof todo)[number];
    batches.put(i, await processItem(ctx, source, item, id, extraction, channel.url, titled));
  });
  const outcomes = batches.rest();
  // Empty means the channel listed nothing; stories an earlier channel already took this run are not absence.
  const listed = readable.length > 0;
  if (todo.length !== readable.length) fr.listed = readable.length;
  const results = commit(
    ctx,
    source,
    fr,
    { status: listed ? 'ok' : 'empty', validators: read.validators, ...(newest ? { newestItemAt: newest } : {}), earlierNew },
    outcomes,
  );
  outcomes.forEach((o, i) => tally(ctx, fr, o, results[i]));
  if (!listed) fr.status = 'empty';
  markFreshness(ctx, source, fr, newest);
  return fr;
}

/** A channel that answers but whose newest item is older than the source's threshold is `stale`, not ok. */
function markFreshness(ctx: RunContext, source: SourceConfig, fr: FeedReport, newest: string | undefined): void {
  if (newest) fr.newestItemAt = newest;
  if ((fr.status === 'ok' || fr.status === 'not_modified' || fr.status === 'empty') && isStale(newest, source, ctx.now())) {
    Object.assign(fr, {
      status: 'stale',
      code: 'stale',
      message: `newest item ${newest}, older than ${staleAfterMs(source) / 3_600_000} hours`,
    });
  }
}

/** T24: a feed read before that now lists no item we know may have scrolled past items while we were away. */
function markGap(ctx: RunContext, fr: FeedReport, ids: string[]): void {
  if (ids.length === 0 || !ctx.store.feedState(fr.url)?.lastOkAt) return;
  fr.overlap = ids.filter((id) => ctx.store.item(id)).length;
  if (fr.overlap === 0) fr.possibleGap = true;
}

/** Items that failed or were deferred in earlier runs, retried even when their feed answers 304 now. */
async function retryPending(
  ctx: RunContext,
  source: SourceConfig,
  extraction: SourceReport['extraction'],
  processed: StoriesSeen,
): Promise<void> {
  const pending = ctx.store
    .pendingItems({ sourceId: source.id, maxAttempts: RUN_DEFAULTS.maxAttempts })
    .filter((p) => !processed.has(p.id));
  if (pending.length === 0) return;
  // As a feed's items: queued as slots free up and committed a batch at a time, so a backlog of retries (a week
  // of failed pages after an outage) holds a batch of finished articles in memory, not all of them.
  const fr: FeedReport = { url: '(retries)', status: 'ok', items: 0, new: 0, flagged: 0, failed: 0 };
  const flush = (batch: ItemOutcome[]): void => {
    ctx.assertHeld();
    const results = ctx.store.commitItems(
      batch.map((o) => o.commit),
      ctx.now().toISOString(),
    );
    batch.forEach((o, i) => tally(ctx, fr, o, results[i]));
  };
  const batches = orderedBatches<ItemOutcome>(RUN_DEFAULTS.commitBatchItems, flush);
  await eachLimited(pending.length, ctx.limit, async (i) => {
    const p = pending[i] as (typeof pending)[number];
    const item = {
      link: p.url,
      title: p.title,
      ...(p.guid ? { guid: p.guid } : {}),
      ...(p.summary ? { summary: p.summary } : {}),
      ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
    };
    batches.put(i, await processItem(ctx, source, item, p.id, extraction));
  });
  const rest = batches.rest();
  if (rest.length > 0) flush(rest);
}

function failFeed(ctx: RunContext, source: SourceConfig, fr: FeedReport, status: FeedFailure, code: ErrorCode, message: string): Fetched {
  Object.assign(fr, { status, code, message });
  ctx.opts.log.warn({ source: source.id, feed: fr.url, status, code }, message);
  commit(ctx, source, fr, { status, error: { code, message } }, []);
  return { kind: 'done', report: fr };
}

/** The feed's commit point: its items first, then its validators, in one store transaction. */
function commit(
  ctx: RunContext,
  source: SourceConfig,
  fr: FeedReport,
  outcome: FeedOutcome,
  outcomes: ItemOutcome[],
): (ItemCommitResult | undefined)[] {
  crashPoint('before-feed-commit');
  ctx.assertHeld();
  const results = ctx.store.commitFeed(
    { sourceId: source.id, feedUrl: fr.url, at: ctx.now().toISOString(), ...outcome } as FeedCommit,
    outcomes.map((o) => o.commit),
  );
  crashPoint('after-feed-commit');
  return results;
}

function tally(ctx: RunContext, fr: FeedReport, o: ItemOutcome, r: ItemCommitResult | undefined): void {
  const c = ctx.report.counts;
  c.itemsSeen++;
  if (o.state === 'unchanged') c.unchanged++;
  if (r?.kind === 'new') c.new++, fr.new++;
  if (r?.kind === 'updated') c.updated++;
  if (o.fetched) c.fetched++;
  if (o.extracted) c.extracted++;
  if (newlyFlagged(o, r)) {
    c.flagged++;
    fr.flagged++;
    if (o.state === 'feed_only') c.feedOnly++;
    const at = o.commit.kind === 'processed' && o.commit.publishedAt ? Date.parse(o.commit.publishedAt) : NaN;
    if (at < ctx.outsideWindow.cutoffMs) ctx.outsideWindow.count++;
  }
  if (o.state === 'failed') c.failed++, fr.failed++;
  if (o.state === 'deferred') c.skipped++;
  if (o.error && o.state !== 'unchanged' && !NOT_PAGE_ERRORS.has(o.error.code)) c.pageErrors++;
  ctx.report.items.push({ id: o.id, url: o.url, sourceId: o.sourceId, state: o.state, ...(o.error ? { error: o.error } : {}) });
  ctx.opts.log.debug(
    { source: o.sourceId, url: o.url, state: o.state, result: r?.kind, ...(o.error ? { code: o.error.code } : {}) },
    'item',
  );
}

async function processItem(
  ctx: RunContext,
  source: SourceConfig,
  item: FeedItem,
  id: string,
  extraction: SourceReport['extraction'],
  feedUrl?: string,
  titled = true,
): Promise<ItemOutcome> {
  const known = ctx.store.item(id);
  const now = ctx.now();
  // Seen before with the same feed title: nothing to fetch (a second run refetches no article). A sitemap or a
  // listing names a story, not its current headline: known and settled is enough there.
  if (isUnchanged(known, item) || (!titled && known && isSettled(known))) return unchangedOutcome(source, item, id);
  if (!item.link) return feedOnlyItem(ctx, source, item, id, now, feedUrl);
  crashPoint('during-article-fetch');
  const link = item.link;
  const at = { source, item, id, feedUrl: feedUrl ?? source.feeds[0] ?? '' };
  const work = await ctx.pageSlots(async () => {
    const fetched = await fetchPage(ctx.fetcher, source, link, { keepEncoded: true });
    return fetched.kind === 'response'
      ? await ctx.pages.run({ response: fetched.response, ...at, nowIso: now.toISOString() })
      : readWork(fetched, at, ctx.opts.watchlist);
  });
  if (work.internal) ctx.opts.log.error({ err: work.internal, url: item.link }, 'internal error while processing an item');
  if (work.largeBodyBytes !== undefined) ctx.opts.log.warn({ url: link, bytes: work.largeBodyBytes }, 'large body');
  if (work.stats) countExtraction(extraction, work.stats);
  const { article, match, pageError, deferred, fetched: wasFetched } = work;
  return observe({
    source,
    item,
    id,
    article,
    match,
    ...(pageError ? { pageError } : {}),
    deferred,
    fetched: wasFetched,
    now,
  });
}

/** An item without a link: its feed text (full content when the feed carries it) is the article; nothing to fetch. */
function feedOnlyItem(
  ctx: RunContext,
  source: SourceConfig,
  item: FeedItem,
  id: string,
  now: Date,
  feedUrl: string | undefined,
): ItemOutcome {
  const article = articleFromFeed(
    source,
    item,
    id,
    { code: 'no_link', message: 'the feed item has no link; its feed text is the article' },
    feedUrl,
  );
  const match = matchArticle(ctx.opts.watchlist, {
    title: article.title,
    paragraphs: article.paragraphs.map((p) => p.text),
    lang: article.lang,
  });
  return observe({ source, item, id, article, match, deferred: false, fetched: false, now });
}

function countExtraction(x: SourceReport['extraction'], page: PageStats): void {
  x.pages++;
  if (page.lowConfidence) x.lowConfidence++;
  if (page.missingTitle) x.missingTitle++;
  if (page.missingDate) x.missingDate++;
  if (page.missingBody) x.missingBody++;
  if (page.fallbackCode) x.fallbacks[page.fallbackCode] = (x.fallbacks[page.fallbackCode] ?? 0) + 1;
}
