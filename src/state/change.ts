// Change rules for an item seen again: what changed, whether the editor must see it again, and which
// observation wins. Pure, so src/run.ts can apply the same rules before a commit (store.item(id) gives it
// the previous state) that commitFeed applies inside the transaction.

import type { ChangedField, ItemObservation, ItemStatus, PreviousItem } from './types.js';

/** How much an outcome is worth: a later, weaker outcome for the same content never overwrites a stronger one. */
const STATUS_RANK: Record<ItemStatus, number> = { deferred: 0, failed: 1, feed_only: 2, seen: 3, flagged: 3 };

export const FLAGGED_STATUSES: readonly ItemStatus[] = ['flagged', 'feed_only'];

export function isFlagged(status: ItemStatus): boolean {
  return FLAGGED_STATUSES.includes(status);
}

export type Change = { kind: 'unchanged' } | { kind: 'updated'; changed: ChangedField[]; reflagged: boolean };

type Next = Pick<ItemObservation, 'titleHash' | 'contentHash' | 'hitKey' | 'hitRules'>;

function sameRules(a: readonly string[], b: readonly string[]): boolean {
  const sa = [...new Set(a)].sort();
  const sb = [...new Set(b)].sort();
  return sa.length === sb.length && sa.every((r, i) => r === sb[i]);
}

/**
 * Title or body hash differs → 'updated'. A null body hash on either side means the body was not observed,
 * which is not a change. Reflagged: the new version has hits and its hit signature or rule set differs.
 */
export function classifyChange(prev: PreviousItem, next: Next): Change {
  const changed: ChangedField[] = [];
  if (prev.titleHash !== next.titleHash) changed.push('title');
  if (prev.contentHash !== null && next.contentHash !== null && prev.contentHash !== next.contentHash) changed.push('body');
  if (changed.length === 0) return { kind: 'unchanged' };
  const touchesHit = next.hitRules.length > 0 && (next.hitKey !== prev.hitKey || !sameRules(prev.hitRules, next.hitRules));
  return { kind: 'updated', changed, reflagged: touchesHit };
}

const TERMINAL_RANK = STATUS_RANK.feed_only;

/**
 * Whether the new observation replaces the stored outcome (status, candidate, error, hashes, hits). A failed or
 * deferred attempt never replaces a processed outcome, even of an edited item: the editor keeps the last good
 * version, and since the stored hashes stay, the next run sees the edit again and retries it. Otherwise an
 * edit always wins, and for unchanged content a weaker outcome never replaces a stronger one.
 */
export function takesOver(prev: ItemStatus, next: ItemStatus, change: Change): boolean {
  if (STATUS_RANK[next] < TERMINAL_RANK && STATUS_RANK[prev] >= TERMINAL_RANK) return false;
  if (change.kind === 'updated') return true;
  return STATUS_RANK[next] >= STATUS_RANK[prev];
}

export interface FlagMark {
  flaggedAt: string | null;
  flagReason: 'new' | 'updated' | null;
}

/** When the item (re)entered the editor's list and why; kept as is when nothing new is shown. */
export function nextFlagMark(
  prevStatus: ItemStatus | undefined,
  prevMark: FlagMark,
  next: ItemStatus,
  change: Change,
  at: string,
): FlagMark {
  if (!isFlagged(next)) return { flaggedAt: null, flagReason: null };
  if (prevStatus !== undefined && change.kind === 'updated' && change.reflagged) return { flaggedAt: at, flagReason: 'updated' };
  if (prevStatus === undefined || !isFlagged(prevStatus)) return { flaggedAt: at, flagReason: 'new' };
  return prevMark;
}
