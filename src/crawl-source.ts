// One source's crawl, in the order of its stages: per channel (feed, sitemap, listing) read → one item per story →
// per item its crawl (crawl-item.ts: fetch page → page work → observe) → store commit (a feed's items in feed
// order, a batch at a time, then its validators); then the source's retries. run.ts owns the run around it (lock,
// store, fetcher, page pool, outputs); the three are the only modules that know the order of the stages.
// Guarantees: no failure of one feed or page stops the others; every item discovered ends in exactly one recorded
// state, counted once in the run report.
import pLimit from 'p-limit';
import type { Channel, FeedItem, SourceConfig, Validators } from './types.js';
import type { FeedReport, RunReport, SourceReport } from './report-types.js';
import type { ErrorCode } from './errors.js';
import type { FeedFailure } from './stages/feed.js';
import { newestItemAt, readChannel } from './stages/channel.js';
import { channelsOf, isFeedKind, isStale, staleAfterMs } from './discover/channels.js';
import { StoriesSeen, storyIds } from './discover/stories.js';
import { identifiable, idsOfItems } from './normalize.js';
import type { FeedCommit, FeedOutcome, ItemCommitResult } from './state/store.js';
import { crashPoint } from './durable/crash.js';
import type { ItemOutcome } from './item.js';
import { orderedBatches } from './commit-batches.js';
import { eachLimited } from './each-limited.js';
import { emptyExtraction, sourceStatus, tallyItem } from './output/report.js';
import { healthFlags } from './health.js';
import { crawlItem, type ItemContext } from './crawl-item.js';

export const SOURCE_DEFAULTS = {
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
  /** A failed or deferred item is retried on later runs up to this many attempts, then given up (kept with its error). */
  maxAttempts: 3,
};

/** What a source's crawl shares with its run; `limit` and `pageSlots` are the source's own (crawlSource). */
export interface RunContext extends ItemContext {
  report: RunReport;
  limit: ReturnType<typeof pLimit>;
  /** Items flagged this run whose time is before the retention cutoff (they reach no output). */
  outsideWindow: { cutoffMs: number; count: number };
  /** Throws when another process took the lock over (ours went stale): nothing more may be committed. */
  assertHeld: () => void;
}

/** One source: its channels in order, then its pending retries; its report, with health flags, once it is done. */
export async function crawlSource(run: Omit<RunContext, 'limit' | 'pageSlots'>, source: SourceConfig): Promise<SourceReport> {
  const ctx: RunContext = {
    ...run,
    limit: pLimit(SOURCE_DEFAULTS.itemConcurrency),
    pageSlots: pLimit(Math.max(SOURCE_DEFAULTS.pagesInMemoryPerSource, 2 * source.perHostConcurrency)),
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
  ctx.log.info(
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
    ctx.log.warn(
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
  const batches = orderedBatches<ItemOutcome>(SOURCE_DEFAULTS.commitBatchItems, (batch) => {
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
    batches.put(i, await crawlItem(ctx, source, item, id, extraction, channel.url, titled));
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

/** Items that failed or were deferred in earlier runs, retried even when their feed answers 304 now. One whose host
 *  asked to be left alone (a Retry-After, this run or kept from an earlier one) waits untouched: asked now it would
 *  be deferred unsent, and each such run would spend one of its attempts, so a day's wait would give it up. */
async function retryPending(
  ctx: RunContext,
  source: SourceConfig,
  extraction: SourceReport['extraction'],
  processed: StoriesSeen,
): Promise<void> {
  const pending = ctx.store
    .pendingItems({ sourceId: source.id, maxAttempts: SOURCE_DEFAULTS.maxAttempts })
    .filter((p) => !processed.has(p.id) && !ctx.fetcher.isHeld?.(p.url));
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
  const batches = orderedBatches<ItemOutcome>(SOURCE_DEFAULTS.commitBatchItems, flush);
  await eachLimited(pending.length, ctx.limit, async (i) => {
    const p = pending[i] as (typeof pending)[number];
    const item = {
      link: p.url,
      title: p.title,
      ...(p.guid ? { guid: p.guid } : {}),
      ...(p.summary ? { summary: p.summary } : {}),
      ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
    };
    batches.put(i, await crawlItem(ctx, source, item, p.id, extraction));
  });
  const rest = batches.rest();
  if (rest.length > 0) flush(rest);
}

function failFeed(ctx: RunContext, source: SourceConfig, fr: FeedReport, status: FeedFailure, code: ErrorCode, message: string): Fetched {
  Object.assign(fr, { status, code, message });
  ctx.log.warn({ source: source.id, feed: fr.url, status, code }, message);
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
  tallyItem(ctx.report, fr, o, r, ctx.outsideWindow);
  ctx.log.debug({ source: o.sourceId, url: o.url, state: o.state, result: r?.kind, ...(o.error ? { code: o.error.code } : {}) }, 'item');
}
