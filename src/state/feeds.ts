// Feed rows: conditional-GET validators and health (last success, last new item, failures, cadence).
// advanceFeed runs last in commitFeed's transaction, after the feed's items: validators never move past
// items that are not committed.

import type { Db } from './open.js';
import type { FeedCommit, FeedState } from './types.js';

/** Recent dated items used for the cadence; fewer than MIN_GAPS gaps give no cadence at all. */
const CADENCE = { recentItems: 21, minGaps: 3 } as const;

interface FeedRow {
  feed_url: string;
  source_id: string;
  etag: string | null;
  last_modified: string | null;
  last_ok_at: string | null;
  last_new_item_at: string | null;
  last_attempt_at: string | null;
  consecutive_failures: number;
  consecutive_empty: number;
  status: string | null;
  error_code: string | null;
  error_message: string | null;
  newest_item_at: string | null;
}

function nextRow(prev: FeedRow | undefined, c: FeedCommit, hadNewItem: boolean): FeedRow {
  const base: FeedRow = prev ?? {
    feed_url: c.feedUrl,
    source_id: c.sourceId,
    etag: null,
    last_modified: null,
    last_ok_at: null,
    last_new_item_at: null,
    last_attempt_at: null,
    consecutive_failures: 0,
    consecutive_empty: 0,
    status: null,
    error_code: null,
    error_message: null,
    newest_item_at: null,
  };
  const row: FeedRow = { ...base, source_id: c.sourceId, last_attempt_at: c.at, status: c.status };
  if (hadNewItem) row.last_new_item_at = c.at;
  switch (c.status) {
    case 'ok':
    case 'empty':
      return {
        ...row,
        etag: c.validators.etag ?? null,
        last_modified: c.validators.lastModified ?? null,
        last_ok_at: c.at,
        consecutive_failures: 0,
        consecutive_empty: c.status === 'empty' ? base.consecutive_empty + 1 : 0,
        error_code: null,
        error_message: null,
        // Undated items leave the last known newest time in place: "unknown" is not "fresh".
        newest_item_at: c.newestItemAt ?? base.newest_item_at,
      };
    case 'not_modified':
      return { ...row, last_ok_at: c.at, consecutive_failures: 0, error_code: null, error_message: null };
    case 'deferred':
      return { ...row, error_code: c.error?.code ?? null, error_message: c.error?.message ?? null };
    default:
      return { ...row, consecutive_failures: base.consecutive_failures + 1, error_code: c.error.code, error_message: c.error.message };
  }
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export interface FeedTable {
  advance(c: FeedCommit, hadNewItem: boolean): void;
  state(feedUrl: string): FeedState | undefined;
}

export function feedTable(db: Db): FeedTable {
  const get = db.prepare<[string], FeedRow>('SELECT * FROM feeds WHERE feed_url = ?');
  const cols = [
    'feed_url',
    'source_id',
    'etag',
    'last_modified',
    'last_ok_at',
    'last_new_item_at',
    'last_attempt_at',
    'consecutive_failures',
    'consecutive_empty',
    'status',
    'error_code',
    'error_message',
    'newest_item_at',
  ];
  const put = db.prepare(`INSERT INTO feeds (${cols.join(', ')}) VALUES (${cols.map((k) => `@${k}`).join(', ')})
    ON CONFLICT (feed_url) DO UPDATE SET ${cols
      .slice(1)
      .map((k) => `${k} = excluded.${k}`)
      .join(', ')}`);
  const times = db.prepare<[string, number], { sort_ms: number }>(`SELECT i.sort_ms FROM feed_items f JOIN items i ON i.id = f.item_id
    WHERE f.feed_url = ? AND i.published_at IS NOT NULL ORDER BY i.sort_ms DESC LIMIT ?`);

  function medianGapMs(feedUrl: string): number | undefined {
    const ms = times.all(feedUrl, CADENCE.recentItems).map((r) => r.sort_ms);
    const gaps = ms.slice(1).map((t, i) => (ms[i] ?? t) - t);
    return gaps.length >= CADENCE.minGaps ? median(gaps) : undefined;
  }

  function state(feedUrl: string): FeedState | undefined {
    const r = get.get(feedUrl);
    if (!r) return undefined;
    const s: FeedState = {
      sourceId: r.source_id,
      validators: {
        ...(r.etag !== null ? { etag: r.etag } : {}),
        ...(r.last_modified !== null ? { lastModified: r.last_modified } : {}),
      },
      consecutiveFailures: r.consecutive_failures,
      consecutiveEmpty: r.consecutive_empty,
    };
    if (r.last_ok_at !== null) s.lastOkAt = r.last_ok_at;
    if (r.last_new_item_at !== null) s.lastNewItemAt = r.last_new_item_at;
    if (r.last_attempt_at !== null) s.lastAttemptAt = r.last_attempt_at;
    if (r.status !== null) s.status = r.status;
    if (r.newest_item_at !== null) s.newestItemAt = r.newest_item_at;
    if (r.error_code !== null) s.error = { code: r.error_code, message: r.error_message ?? '' };
    const gap = medianGapMs(feedUrl);
    if (gap !== undefined) s.medianGapMs = gap;
    return s;
  }

  return { advance: (c, hadNewItem) => put.run(nextRow(get.get(c.feedUrl), c, hadNewItem)), state };
}
