// The outcome of one feed item, as a pure function of what the stages produced: its terminal state and the
// observation the store commits, with the candidate the editor sees as the stages serialised it. Whether the
// item is new, unchanged or updated (and re-flagged) is the store's call inside the commit (src/state/change.ts),
// so the rule lives once.
// Guarantee: every item ends in exactly one state, and a failed page whose feed text matches still reaches
// the editor (feed_only).
import type { FeedItem, ObservedArticle, ObservedMatch, SourceConfig } from './types.js';
import type { CodedReason } from './errors.js';
import { textHash } from './identity.js';
import { isFlagged } from './state/change.js';
import type { ItemCommit, ItemCommitResult, ItemStatus, StoredItem } from './state/store.js';

export type ItemState = ItemStatus | 'unchanged';

export interface ItemOutcome {
  id: string;
  url: string;
  sourceId: string;
  state: ItemState;
  fetched: boolean;
  extracted: boolean;
  error?: CodedReason;
  commit: ItemCommit;
}

/** States worth another attempt: the page failed, was deferred, or only the feed text was seen. */
const RETRY: ReadonlySet<ItemStatus> = new Set(['failed', 'deferred', 'feed_only']);

/** A known item whose feed title did not change and whose page was read needs no fetch this run. */
/** Stored and not waiting for a retry (failed, deferred and feed-only items are retried). */
export function isSettled(known: StoredItem): boolean {
  return !RETRY.has(known.status);
}

export function isUnchanged(known: StoredItem | undefined, item: FeedItem): known is StoredItem {
  return !!known && !RETRY.has(known.status) && known.feedTitleHash === textHash(item.title);
}

export function unchangedOutcome(source: SourceConfig, item: FeedItem, id: string): ItemOutcome {
  return {
    id,
    url: item.link ?? '',
    sourceId: source.id,
    state: 'unchanged',
    fetched: false,
    extracted: false,
    commit: { kind: 'sighted', id },
  };
}

export interface ObserveInput {
  source: SourceConfig;
  item: FeedItem;
  id: string;
  article: ObservedArticle;
  /** The rules hit and the candidate, serialised where the page was read (normalize.ts observedMatch). */
  match: ObservedMatch;
  /** matchSignature of the article's title and match (match/signature.ts), made where the match was. */
  hitKey: string | null;
  pageError?: CodedReason;
  deferred: boolean;
  fetched: boolean;
}

export function observe(input: ObserveInput): ItemOutcome {
  const { source, item, id, article, match, pageError } = input;
  const matched = match.hitRules.length > 0;
  // A link-less item has no page to wait for: its feed text is final (flagged, not the retried feed_only).
  const status: ItemStatus = matched
    ? article.feedOnly && item.link
      ? 'feed_only'
      : 'flagged'
    : pageError
      ? input.deferred
        ? 'deferred'
        : 'failed'
      : 'seen';
  return {
    id,
    url: article.url,
    sourceId: source.id,
    state: status,
    fetched: input.fetched,
    extracted: input.fetched && !pageError,
    ...(pageError ? { error: pageError } : {}),
    commit: {
      kind: 'processed',
      id,
      url: item.link ?? article.url,
      canonical: article.url,
      guid: item.guid ?? null,
      sourceId: source.id,
      title: article.title,
      summary: item.summary ?? null,
      publishedAt: article.publishedAt,
      // No body observed (feed-only) is not a body edit: null keeps the stored hash and fingerprint.
      fingerprint: article.feedOnly ? null : article.fingerprint,
      contentHash: article.contentHash,
      titleHash: textHash(article.title),
      feedTitleHash: textHash(item.title),
      hitKey: input.hitKey,
      hitRules: match.hitRules,
      status,
      candidateJson: match.candidateJson,
      error: pageError ?? null,
      feedOnly: article.feedOnly,
    },
  };
}

/** Flagged in this run: a first sighting with hits, a re-flagging edit, or hits where there were none. */
export function newlyFlagged(o: ItemOutcome, r: ItemCommitResult | undefined): boolean {
  if (!r || !isFlagged(o.state as ItemStatus)) return false;
  if (r.kind === 'new') return true;
  if (r.kind === 'updated') return r.reflagged;
  return !isFlagged(r.previous.status);
}
