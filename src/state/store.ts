// The state store: one SQLite database (WAL, STRICT tables, versioned schema) holding feeds, items, the
// editor's decisions and runs. commitFeed is the commit point of the crawl: one transaction writes a feed's
// items and only then advances its validators, so a crash anywhere makes the next run re-observe the items
// instead of getting a 304 for items we never stored; upserts by id make reruns
// idempotent.

import { CrawlError } from '../errors.js';
import { canonicalUrl } from '../identity.js';
import type { Candidate } from '../types.js';
import { candidateViews, registerFunctions } from './candidates.js';
import { crashPoint } from '../durable/crash.js';
import { extractionTable } from './extraction.js';
import { feedTable } from './feeds.js';
import { hostTable } from './hosts.js';
import type { HostCookies, HostHold } from '../types.js';
import { itemWriter, rowToItem, toMs } from './items.js';
import { openDatabase, type Db, type OpenOptions } from './open.js';
import type {
  CandidateQuery,
  Decision,
  ExtractionCounts,
  ExtractionRun,
  FeedCommit,
  FeedState,
  ItemCommit,
  ItemCommitResult,
  ReprintQuery,
  StoredItem,
} from './types.js';

export type * from './types.js';

/** Runs kept by prune() whatever their age, so the extraction alarm always has a history to compare with. */
export const PRUNE_DEFAULTS = { keepRuns: 50 } as const;

export interface DecisionInput {
  id: string;
  decision: Decision;
  at: string;
  comment?: string;
}

export interface StoredDecision {
  id: string;
  decision: Decision;
  at: string;
  comment: string | null;
}

export interface Store {
  beginRun(run: { runId: string; startedAt: string }): void;
  feedState(feedUrl: string): FeedState | undefined;
  item(id: string): StoredItem | undefined;
  /** The id of the source's item stored under this URL (as listed, or as its canonical URL), if any. */
  itemIdByUrl(sourceId: string, url: string): string | undefined;
  /** One transaction: the feed's items first, then its validators and health. See the file header. */
  commitFeed(feed: FeedCommit, items: ItemCommit[]): ItemCommitResult[];
  /** A long feed's items committed ahead of its commitFeed, in batches, so a run never holds a whole feed's
   *  items in memory; the feed's validators still advance only in commitFeed, after every item. */
  commitFeedItems(feed: Pick<FeedCommit, 'feedUrl' | 'sourceId' | 'at'>, items: ItemCommit[]): ItemCommitResult[];
  /** One transaction for items outside a feed commit (retried failed/deferred items); no feed advances. */
  commitItems(items: ItemCommit[], at: string): ItemCommitResult[];
  /** Failed, deferred or feed-only items to retry first (their feed may answer 304 and never list them again). */
  pendingItems(opts?: { sourceId?: string; maxAttempts?: number }): StoredItem[];
  /** The earliest other item within the reprint distance of `fp`, by SQL over the band table. No stage calls it:
   *  the outputs decide reprints from an in-memory index of the whole window (candidates()). It stays as the
   *  store's one-fingerprint query, which tests/state/bands.test.ts holds to a full scan over the same layout. */
  findReprint(fp: string, opts: ReprintQuery): { id: string; sourceId: string } | undefined;
  candidates(opts?: CandidateQuery): Candidate[];
  /** candidates() as a cursor, one item at a time (streamed outputs): the window's ids first, each row in its turn. */
  eachCandidate(opts?: CandidateQuery): Iterable<Candidate>;
  /** How many items eachCandidate's window lists (it yields at most as many), without reading them. */
  windowSize(opts?: CandidateQuery): number;
  /** Latest decision per item wins (by `at`); unknown ids are skipped. Returns the rows changed. */
  recordDecisions(d: DecisionInput[]): number;
  /** Every stored decision with its time and comment, oldest first. */
  decisions(): StoredDecision[];
  /** Adds to a run's counts for a source (default: the run begun last; commitFeed does it when the feed carries them). */
  recordExtraction(sourceId: string, counts: ExtractionCounts, runId?: string): void;
  /** The source's counts in its most recent `runs` runs, newest first (the current run included). */
  extractionHistory(sourceId: string, runs: number): ExtractionRun[];
  finishRun(report: unknown, finishedAt?: string): void;
  /** Cookies browsers earned on walled hosts in earlier runs. */
  hostCookies(): HostCookies[];
  /** Replaces a host's earned cookies. */
  saveHostCookies(h: HostCookies): void;
  /** Hosts that asked (Retry-After) to be left alone past `nowMs`. */
  hostHolds(nowMs: number): HostHold[];
  /** Keeps a host's hold for later runs. */
  saveHostHold(h: HostHold): void;
  /** Deletes items last listed and published before the cutoff (so never one a feed still lists), old runs. */
  prune(olderThanIso: string): number;
  close(): void;
}

function validIso(iso: string, what: string): number {
  const ms = toMs(iso);
  if (ms === null) throw new CrawlError('internal_error', `${what}: not an ISO time: ${JSON.stringify(iso)}`, { disposition: 'stop' });
  return ms;
}

/** Decisions and pruning: the writes that do not come from a crawl's feeds. */
/** How far ahead of our clock an imported decision may be dated (the editor's browser clock may run fast). */
export const DECISION_FUTURE_SKEW_MS = 10 * 60_000;

function housekeeping(db: Db): Pick<Store, 'recordDecisions' | 'decisions' | 'prune'> {
  // Only an item we know; only a decision at least as recent as the stored one; an identical re-import is no change.
  const decide = db.prepare(`INSERT INTO decisions (item_id, decision, at, comment)
    SELECT @id, @decision, @at, @comment WHERE EXISTS (SELECT 1 FROM items WHERE id = @id)
    ON CONFLICT (item_id) DO UPDATE SET decision = excluded.decision, at = excluded.at, comment = excluded.comment
    WHERE julianday(excluded.at) >= julianday(decisions.at)
      AND (excluded.decision IS NOT decisions.decision OR excluded.comment IS NOT decisions.comment OR excluded.at IS NOT decisions.at)`);
  const list = db.prepare<[], StoredDecision>('SELECT item_id AS id, decision, at, comment FROM decisions ORDER BY julianday(at), item_id');
  const pruneItems = db.prepare('DELETE FROM items WHERE last_seen_ms < @cut AND sort_ms < @cut');
  const pruneRuns = db.prepare(`DELETE FROM runs WHERE started_ms < @cut
    AND run_id NOT IN (SELECT run_id FROM runs ORDER BY started_ms DESC LIMIT @keep)`);
  const decideTx = db.transaction((list: DecisionInput[]) =>
    list.reduce((n, d) => {
      if (validIso(d.at, `decision on ${d.id}`) > Date.now() + DECISION_FUTURE_SKEW_MS) {
        // A decision dated in the year 275760 would outrank every later import of the same item, forever.
        throw new CrawlError(
          'CONFIG_INVALID',
          `decision on ${d.id} is dated ${d.at}, in the future (more than ${DECISION_FUTURE_SKEW_MS / 60_000} minutes ahead of this clock); nothing was imported`,
          { disposition: 'stop' },
        );
      }
      return n + decide.run({ id: d.id, decision: d.decision, at: d.at, comment: d.comment ?? null }).changes;
    }, 0),
  );
  const pruneTx = db.transaction((cut: number) => {
    const n = pruneItems.run({ cut }).changes;
    pruneRuns.run({ cut, keep: PRUNE_DEFAULTS.keepRuns });
    return n;
  });
  return {
    recordDecisions: (d) => decideTx(d),
    decisions: () => list.all(),
    prune: (olderThanIso) => pruneTx(validIso(olderThanIso, 'prune cutoff')),
  };
}

/** Runs and their extraction counts; `current` is the run begun last in this process. */
function runLog(
  db: Db,
): Pick<Store, 'beginRun' | 'finishRun' | 'recordExtraction' | 'extractionHistory'> & { current(): string | undefined } {
  const begin = db.prepare('INSERT INTO runs (run_id, started_at, started_ms) VALUES (?, ?, ?) ON CONFLICT (run_id) DO NOTHING');
  const finish = db.prepare('UPDATE runs SET finished_at = ?, report = ? WHERE run_id = ?');
  const stats = extractionTable(db);
  let currentRun: string | undefined;
  const requireRun = (runId: string | undefined, what: string): string => {
    if (runId === undefined) throw new CrawlError('internal_error', `${what} before beginRun`, { disposition: 'stop' });
    return runId;
  };
  return {
    current: () => currentRun,
    beginRun({ runId, startedAt }) {
      begin.run(runId, startedAt, validIso(startedAt, 'run start'));
      currentRun = runId;
    },
    finishRun(report, finishedAt = new Date().toISOString()) {
      finish.run(finishedAt, JSON.stringify(report ?? null), requireRun(currentRun, 'finishRun'));
    },
    recordExtraction: (sourceId, counts, runId = currentRun) =>
      stats.add(requireRun(runId, 'extraction counts recorded'), sourceId, counts),
    extractionHistory: (sourceId, n) => stats.history(sourceId, n),
  };
}

export function openStore(path: string, opts: OpenOptions = {}): Store {
  const db = openDatabase(path, opts);
  registerFunctions(db);
  const items = itemWriter(db);
  const feeds = feedTable(db);
  const views = candidateViews(db);
  const runs = runLog(db);
  const hosts = hostTable(db);
  const byUrl = db.prepare<[string, string, string, string], { id: string }>(
    'SELECT id FROM items WHERE (source_id = ? AND canonical = ?) OR (source_id = ? AND url = ?) LIMIT 1',
  );

  /** A feed's items, seen at the feed's time: the whole of a batch, the first step of a feed commit. */
  const writeFeedItems = (feed: Pick<FeedCommit, 'feedUrl' | 'at'>, list: ItemCommit[]): ItemCommitResult[] => {
    validIso(feed.at, `feed ${feed.feedUrl} at`);
    return list.map((c) => items.write(c, feed.at, feed.feedUrl));
  };
  const commitFeedTx = db.transaction((feed: FeedCommit, list: ItemCommit[]): ItemCommitResult[] => {
    const results = writeFeedItems(feed, list);
    crashPoint('store.commitFeed.items');
    if (feed.extraction) runs.recordExtraction(feed.sourceId, feed.extraction);
    feeds.advance(feed, ('earlierNew' in feed && feed.earlierNew === true) || results.some((r) => r.kind === 'new'));
    crashPoint('store.commitFeed.feed');
    return results;
  });
  const commitFeedItemsTx = db.transaction(writeFeedItems);
  const commitItemsTx = db.transaction((list: ItemCommit[], at: string) => list.map((c) => items.write(c, at)));

  return {
    ...runs,
    ...housekeeping(db),
    feedState: (feedUrl) => feeds.state(feedUrl),
    item(id) {
      const r = items.get(id);
      return r ? rowToItem(r) : undefined;
    },
    itemIdByUrl: (sourceId, url) => byUrl.get(sourceId, canonicalUrl(url), sourceId, url)?.id,
    commitFeed(feed, list) {
      const results = commitFeedTx(feed, list);
      crashPoint('store.commitFeed.committed');
      return results;
    },
    commitFeedItems: (feed, list) => commitFeedItemsTx(feed, list),
    commitItems: (list, at) => (validIso(at, 'commit time'), commitItemsTx(list, at)),
    pendingItems: (o = {}) => items.pending(o.sourceId, o.maxAttempts).map(rowToItem),
    findReprint: (fp, q) => views.findReprint(fp, q),
    hostCookies: () => hosts.cookies(),
    saveHostCookies: (h) => hosts.saveCookies(h),
    hostHolds: (nowMs) => hosts.holds(nowMs),
    saveHostHold: (h) => hosts.saveHold(h),
    candidates: (q) => views.candidates(q),
    eachCandidate: (q) => views.eachCandidate(q),
    windowSize: (q) => views.windowSize(q),
    close() {
      if (db.open) db.close();
    },
  };
}
