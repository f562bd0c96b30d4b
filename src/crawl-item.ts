// One item's crawl, in the order of its stages: known and unchanged → nothing to do; no link → its feed text is
// the article; otherwise fetch the page → page work (decode → adapter → normalize → match, in a page worker)
// → observe. crawl-source.ts commits what it returns, in feed order; with run.ts these are the only modules
// that know the order of the stages.
// Guarantee: every item gets one outcome, never a throw for a page that could not be fetched or read.
import type { Logger } from 'pino';
import type pLimit from 'p-limit';
import type { FeedItem, Fetcher, SourceConfig } from './types.js';
import type { SourceReport } from './report-types.js';
import { fetchPage } from './stages/page.js';
import { matchedWork, readWork } from './stages/page-work.js';
import type { PagePool } from './workers/page-pool.js';
import { articleFromFeed } from './normalize.js';
import type { CompiledWatchlist } from './match/index.js';
import type { Store } from './state/store.js';
import { crashPoint } from './durable/crash.js';
import { isSettled, isUnchanged, observe, unchangedOutcome, type ItemOutcome } from './item.js';
import { countPage } from './output/report.js';

/** What an item's crawl needs from its run and source (crawl-source.ts RunContext). */
export interface ItemContext {
  log: Logger;
  watchlist: CompiledWatchlist;
  store: Store;
  fetcher: Fetcher;
  /** Where the CPU half of an item runs: worker threads, or this thread; the results are the same. */
  pages: PagePool;
  now: () => Date;
  /** Per source: a page holds a place from before its fetch until its CPU half is done (pagesInMemoryPerSource). */
  pageSlots: ReturnType<typeof pLimit>;
}

/** One listed item: its outcome, to be committed by the caller. `titled`: the channel is a feed, whose titles
 *  are headlines (a sitemap or a listing names a story, not its current headline). */
export async function crawlItem(
  ctx: ItemContext,
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
  const at = { source, item, id, feedUrl: feedUrl ?? source.feeds[0] ?? '', nowIso: now.toISOString() };
  const work = await ctx.pageSlots(async () => {
    const fetched = await fetchPage(ctx.fetcher, source, link, { keepEncoded: true });
    return fetched.kind === 'response' ? await ctx.pages.run({ response: fetched.response, ...at }) : readWork(fetched, at, ctx.watchlist);
  });
  if (work.internal) ctx.log.error({ err: work.internal, url: item.link }, 'internal error while processing an item');
  if (work.largeBodyBytes !== undefined) ctx.log.warn({ url: link, bytes: work.largeBodyBytes }, 'large body');
  if (work.stats) countPage(extraction, work.stats);
  const { article, match, hitKey, pageError, deferred, fetched: wasFetched } = work;
  return observe({
    source,
    item,
    id,
    article,
    match,
    hitKey,
    ...(pageError ? { pageError } : {}),
    deferred,
    fetched: wasFetched,
  });
}

/** An item without a link: its feed text (full content when the feed carries it) is the article; nothing to fetch. */
function feedOnlyItem(
  ctx: ItemContext,
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
  return observe({
    source,
    item,
    id,
    ...matchedWork(article, { id, source, nowIso: now.toISOString() }, ctx.watchlist),
    deferred: false,
    fetched: false,
  });
}
