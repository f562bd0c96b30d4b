// Types at the state store's boundary: what src/run.ts hands to commitFeed and what it reads back.

import type { CandidateStatus, Validators } from '../types.js';

/** Terminal state of one observed item at the end of a run: each observed item is in exactly one. */
export type ItemStatus = 'flagged' | 'seen' | 'failed' | 'feed_only' | 'deferred';

export type Decision = 'keep' | 'discard' | 'quoted';

export type ChangedField = 'title' | 'body';

export interface ItemError {
  code: string;
  message: string;
}

/** One item as the run processed it this time (page fetched or failed, matched or not). */
export interface ItemObservation {
  kind: 'processed';
  id: string;
  /** The link as the feed gave it (what the editor clicks). */
  url: string;
  canonical: string;
  guid: string | null;
  sourceId: string;
  title: string;
  /** Feed summary, kept so a failed/deferred item can be retried (and feed-matched) in a later run. */
  summary?: string | null;
  publishedAt: string | null;
  /** SimHash of the body; null when no body was extracted. */
  fingerprint: string | null;
  /** textHash of the body; null means "body not observed this time" and keeps the stored hash. */
  contentHash: string | null;
  titleHash: string;
  /** textHash of the feed's own title for the item: lets the run skip refetching an item the feed did not change. */
  feedTitleHash?: string | null;
  /** Signature of the watchlist hits (hitsSignature in match/signature.ts); null when nothing matched. */
  hitKey: string | null;
  hitRules: string[];
  status: ItemStatus;
  /** The rendered candidate for flagged and feed_only items as the store keeps it (JSON of a Candidate), else null. */
  candidateJson: string | null;
  error: ItemError | null;
  feedOnly: boolean;
}

/** An item listed again by a feed that the run did not reprocess: only its last sighting advances. */
export interface ItemSighting {
  kind: 'sighted';
  id: string;
}

export type ItemCommit = ItemObservation | ItemSighting;

/** What the store held before a commit touched the item. */
export interface PreviousItem {
  status: ItemStatus;
  titleHash: string;
  contentHash: string | null;
  hitKey: string | null;
  hitRules: string[];
}

export type ItemCommitResult =
  | { id: string; kind: 'new' }
  | { id: string; kind: 'unchanged'; previous: PreviousItem }
  /** Title or body hash changed since the item was first seen. `reflagged`: the change touched a watchlist hit,
   *  so the item is shown to the editor again with status 'updated'. */
  | { id: string; kind: 'updated'; changed: ChangedField[]; reflagged: boolean; previous: PreviousItem };

/** Per-run, per-source extraction counts; a source's counts within one run add up. */
export interface ExtractionCounts {
  pages: number;
  missingBody: number;
  missingDate: number;
  missingTitle: number;
  lowConfidence: number;
  /** Pages that fell back to the generic extractor, by reason code. */
  fallbacks?: Record<string, number>;
}

export interface ExtractionRun extends ExtractionCounts {
  runId: string;
  startedAt: string;
  fallbacks: Record<string, number>;
}

export type FeedOutcome =
  /** A 200 with a feed: the response's validators replace the stored ones (none given: cleared). */
  | {
      status: 'ok' | 'empty';
      validators: Validators;
      newestItemAt?: string;
      /** Items of this feed committed ahead of it (commitFeedItems) included a new one: the feed had a new item. */
      earlierNew?: boolean;
    }
  | { status: 'not_modified' }
  /** Not fetched this run (Retry-After beyond the cap, circuit open, deadline): nothing advances. */
  | { status: 'deferred'; error?: ItemError }
  | { status: 'blocked' | 'not_a_feed' | 'error'; error: ItemError };

export type FeedCommit = {
  feedUrl: string;
  sourceId: string;
  /** When the feed was fetched (ISO); items first/last seen at this time. */
  at: string;
  /** Added to this run's counts for the source (beginRun must have been called). */
  extraction?: ExtractionCounts;
} & FeedOutcome;

export interface FeedState {
  sourceId: string;
  validators: Validators;
  lastOkAt?: string;
  lastNewItemAt?: string;
  lastAttemptAt?: string;
  consecutiveFailures: number;
  consecutiveEmpty: number;
  status?: string;
  error?: ItemError;
  /** Median gap between the publication times of the feed's recent items; undefined with < 3 gaps. */
  medianGapMs?: number;
  /** The newest item time the feed (channel) listed when last read with items. */
  newestItemAt?: string;
}

export interface StoredItem {
  id: string;
  url: string;
  canonical: string;
  guid: string | null;
  sourceId: string;
  title: string;
  summary: string | null;
  publishedAt: string | null;
  fingerprint: string | null;
  contentHash: string | null;
  titleHash: string;
  feedTitleHash: string | null;
  hitKey: string | null;
  hitRules: string[];
  status: ItemStatus;
  feedOnly: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
  error: ItemError | null;
  /** Consecutive commits that ended failed or deferred (0 after a success). */
  attempts: number;
  changed: ChangedField[];
}

export type CandidateFilter = CandidateStatus | 'kept' | 'discarded' | 'quoted' | 'undecided';

export interface CandidateQuery {
  /** Only items published (or, undated, first seen) at or after this instant. */
  sinceIso?: string;
  status?: CandidateFilter;
  /** Items older than this many days leave the list (default 30). */
  retentionDays?: number;
  now?: Date;
  sourceId?: string;
}

export interface ReprintQuery {
  excludeId: string;
  excludeSourceId?: string;
  /** Only items published (undated: first seen) strictly before this instant. */
  beforeIso?: string;
  maxDistance?: number;
}
