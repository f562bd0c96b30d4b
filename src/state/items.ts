// Item rows: reading them back and writing one commit. Runs inside the caller's transaction; the merge
// rules (what changed, which outcome wins, when the editor sees an item again) live in change.ts.

import { CrawlError } from '../errors.js';
import type { Db } from './open.js';
import { bandRows } from './bands.js';
import { classifyChange, nextFlagMark, takesOver, type Change } from './change.js';
import type { ChangedField, ItemCommit, ItemCommitResult, ItemObservation, ItemStatus, PreviousItem, StoredItem } from './types.js';

export interface ItemRow {
  id: string;
  source_id: string;
  url: string;
  canonical: string;
  guid: string | null;
  title: string;
  summary: string | null;
  published_at: string | null;
  sort_ms: number;
  fingerprint: string | null;
  content_hash: string | null;
  title_hash: string;
  feed_title_hash: string | null;
  hit_key: string | null;
  hit_rules: string;
  status: ItemStatus;
  feed_only: number;
  candidate: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  changed: string;
  flagged_at: string | null;
  flag_reason: 'new' | 'updated' | null;
  first_seen_at: string;
  last_seen_at: string;
  last_seen_ms: number;
}

/** Epoch ms of an ISO string with any offset (or a bare date), or null when absent or unparseable. */
export function toMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function requireMs(iso: string, what: string): number {
  const ms = toMs(iso);
  if (ms === null) throw new CrawlError('internal_error', `${what} is not an ISO time: ${JSON.stringify(iso)}`, { disposition: 'stop' });
  return ms;
}

export function rowToItem(r: ItemRow): StoredItem {
  return {
    id: r.id,
    url: r.url,
    canonical: r.canonical,
    guid: r.guid,
    sourceId: r.source_id,
    title: r.title,
    summary: r.summary,
    publishedAt: r.published_at,
    fingerprint: r.fingerprint,
    contentHash: r.content_hash,
    titleHash: r.title_hash,
    feedTitleHash: r.feed_title_hash,
    hitKey: r.hit_key,
    hitRules: JSON.parse(r.hit_rules) as string[],
    status: r.status,
    feedOnly: r.feed_only === 1,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    error: r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '' },
    attempts: r.attempts,
    changed: JSON.parse(r.changed) as ChangedField[],
  };
}

function previousOf(r: ItemRow): PreviousItem {
  return {
    status: r.status,
    titleHash: r.title_hash,
    contentHash: r.content_hash,
    hitKey: r.hit_key,
    hitRules: JSON.parse(r.hit_rules) as string[],
  };
}

/** Outcomes whose page is worth another attempt on a later run, even if the feed answers 304 by then: a failed or
 *  deferred page, and a match seen only in the feed text (the editor has no body yet). Attempts count them. */
const RETRYING: readonly ItemStatus[] = ['failed', 'deferred', 'feed_only'];

const COLUMNS = [
  'id',
  'source_id',
  'url',
  'canonical',
  'guid',
  'title',
  'summary',
  'published_at',
  'sort_ms',
  'fingerprint',
  'content_hash',
  'title_hash',
  'feed_title_hash',
  'hit_key',
  'hit_rules',
  'status',
  'feed_only',
  'candidate',
  'error_code',
  'error_message',
  'attempts',
  'changed',
  'flagged_at',
  'flag_reason',
  'first_seen_at',
  'last_seen_at',
  'last_seen_ms',
] as const;

/** The row an observation produces on top of `prev` (undefined: a new item), under the change rules. */
function mergeRow(prev: ItemRow | undefined, c: ItemObservation, change: Change, at: string): ItemRow {
  const atMs = requireMs(at, 'commit time');
  const firstSeenAt = prev?.first_seen_at ?? at;
  const lastSeenMs = Math.max(prev?.last_seen_ms ?? atMs, atMs);
  const lastSeenAt = prev && prev.last_seen_ms > atMs ? prev.last_seen_at : at;
  if (prev && !takesOver(prev.status, c.status, change)) {
    return { ...prev, last_seen_at: lastSeenAt, last_seen_ms: lastSeenMs };
  }
  const mark = nextFlagMark(
    prev?.status,
    { flaggedAt: prev?.flagged_at ?? null, flagReason: prev?.flag_reason ?? null },
    c.status,
    change,
    at,
  );
  const retrying = RETRYING.includes(c.status);
  const prevRetrying = prev !== undefined && RETRYING.includes(prev.status);
  const changed = new Set<ChangedField>(prev ? (JSON.parse(prev.changed) as ChangedField[]) : []);
  if (change.kind === 'updated') change.changed.forEach((f) => changed.add(f));
  return {
    id: c.id,
    source_id: c.sourceId,
    url: c.url,
    canonical: c.canonical,
    guid: c.guid,
    title: c.title,
    summary: c.summary ?? prev?.summary ?? null,
    published_at: c.publishedAt,
    sort_ms: toMs(c.publishedAt) ?? requireMs(firstSeenAt, 'first seen'),
    fingerprint: c.fingerprint ?? prev?.fingerprint ?? null,
    content_hash: c.contentHash ?? prev?.content_hash ?? null,
    title_hash: c.titleHash,
    feed_title_hash: c.feedTitleHash ?? prev?.feed_title_hash ?? null,
    hit_key: c.hitKey,
    hit_rules: JSON.stringify([...new Set(c.hitRules)].sort()),
    status: c.status,
    feed_only: c.feedOnly ? 1 : 0,
    candidate: c.candidateJson,
    error_code: c.error?.code ?? null,
    error_message: c.error?.message ?? null,
    attempts: retrying ? (prevRetrying ? prev.attempts : 0) + 1 : 0,
    changed: JSON.stringify([...changed].sort()),
    flagged_at: mark.flaggedAt,
    flag_reason: mark.flagReason,
    first_seen_at: firstSeenAt,
    last_seen_at: lastSeenAt,
    last_seen_ms: lastSeenMs,
  };
}

export interface ItemWriter {
  /** Writes one commit seen at `at` (listed by `feedUrl` when given) and says what it was. */
  write(c: ItemCommit, at: string, feedUrl?: string): ItemCommitResult;
  get(id: string): ItemRow | undefined;
  /** Failed, deferred or feed-only rows, oldest first, with fewer than maxAttempts attempts. */
  pending(sourceId?: string, maxAttempts?: number): ItemRow[];
}

export function itemWriter(db: Db): ItemWriter {
  const get = db.prepare<[string], ItemRow>('SELECT * FROM items WHERE id = ?');
  // An upsert, not INSERT OR REPLACE: REPLACE deletes the old row, which would cascade to its decisions.
  const put = db.prepare(`INSERT INTO items (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((k) => `@${k}`).join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((k) => k !== 'id')
      .map((k) => `${k} = excluded.${k}`)
      .join(', ')}`);
  const touch = db.prepare('UPDATE items SET last_seen_at = ?, last_seen_ms = ? WHERE id = ? AND last_seen_ms < ?');
  const link = db.prepare('INSERT OR IGNORE INTO feed_items (feed_url, item_id) VALUES (?, ?)');
  const bands = bandRows(db);
  const pending = db.prepare<[{ sourceId: string | null; maxAttempts: number }], ItemRow>(`SELECT * FROM items
    WHERE status IN (${RETRYING.map((st) => `'${st}'`).join(', ')}) AND (@sourceId IS NULL OR source_id = @sourceId) AND attempts < @maxAttempts
    ORDER BY sort_ms, id`);

  function write(c: ItemCommit, at: string, feedUrl?: string): ItemCommitResult {
    const prev = get.get(c.id);
    let result: ItemCommitResult;
    if (c.kind === 'sighted') {
      if (!prev) throw new CrawlError('internal_error', `sighting of unknown item ${c.id}`, { disposition: 'stop' });
      const atMs = requireMs(at, 'commit time');
      touch.run(at, atMs, c.id, atMs);
      result = { id: c.id, kind: 'unchanged', previous: previousOf(prev) };
    } else {
      const change: Change = prev ? classifyChange(previousOf(prev), c) : { kind: 'unchanged' };
      const row = mergeRow(prev, c, change, at);
      put.run(row);
      bands.follow(row.id, row.fingerprint, prev?.fingerprint);
      if (!prev) result = { id: c.id, kind: 'new' };
      else if (change.kind === 'unchanged') result = { id: c.id, kind: 'unchanged', previous: previousOf(prev) };
      else result = { id: c.id, kind: 'updated', changed: change.changed, reflagged: change.reflagged, previous: previousOf(prev) };
    }
    if (feedUrl !== undefined) link.run(feedUrl, c.id);
    return result;
  }

  return {
    write,
    get: (id) => get.get(id),
    pending: (sourceId, maxAttempts) => pending.all({ sourceId: sourceId ?? null, maxAttempts: maxAttempts ?? Number.MAX_SAFE_INTEGER }),
  };
}
