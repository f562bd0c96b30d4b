// The run report (runs/<runId>.json): a status for every source and feed, counts, health flags, and the
// exit code they imply. Pure functions over what run.ts collected.
import type { ChannelKind } from '../types.js';

/** `stale`: the channel answers, but its newest item is older than the source's threshold. */
export type FeedStatus = 'ok' | 'not_modified' | 'stale' | 'empty' | 'blocked' | 'not_a_feed' | 'deferred' | 'error';

export interface FeedReport {
  url: string;
  /** The discovery channel's kind (rss, atom, sitemap, listing); absent on the retries line. */
  kind?: ChannelKind;
  status: FeedStatus;
  /** The newest item time the channel lists (recorded from the last read with items on a 304). */
  newestItemAt?: string;
  code?: string;
  message?: string;
  httpStatus?: number;
  parseMode?: 'strict' | 'lenient';
  charset?: string;
  charsetSource?: string;
  movedTo?: string;
  /** Stories processed through this channel (a story an earlier channel listed this run counts there). */
  items: number;
  /** Stories the channel listed, when more than `items` (the rest were taken by an earlier channel). */
  listed?: number;
  new: number;
  flagged: number;
  failed: number;
  retryAfterMs?: number;
  /** Listed items already known from earlier runs (set when the feed was read before). */
  overlap?: number;
  /** The feed was read before and now lists no known item: items may have scrolled out unseen (T24). */
  possibleGap?: boolean;
}

export interface ExtractionCounts {
  pages: number;
  lowConfidence: number;
  missingTitle: number;
  missingDate: number;
  missingBody: number;
  fallbacks: Record<string, number>;
}

export interface SourceReport {
  id: string;
  name: string;
  status: FeedStatus;
  feeds: FeedReport[];
  extraction: ExtractionCounts;
  health: string[];
}

export interface RunCounts {
  itemsSeen: number;
  new: number;
  updated: number;
  fetched: number;
  extracted: number;
  flagged: number;
  feedOnly: number;
  failed: number;
  skipped: number;
  unchanged: number;
}

export interface RunReport {
  schemaVersion: 1;
  runId: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  dryRun: boolean;
  replay: string | null;
  counts: RunCounts;
  sources: SourceReport[];
  items: { id: string; url: string; sourceId: string; state: string; error?: { code: string; message: string } }[];
  fetch?: unknown;
}

export function emptyCounts(): RunCounts {
  return { itemsSeen: 0, new: 0, updated: 0, fetched: 0, extracted: 0, flagged: 0, feedOnly: 0, failed: 0, skipped: 0, unchanged: 0 };
}

export function emptyExtraction(): ExtractionCounts {
  return { pages: 0, lowConfidence: 0, missingTitle: 0, missingDate: 0, missingBody: 0, fallbacks: {} };
}

const GOOD: ReadonlySet<FeedStatus> = new Set(['ok', 'not_modified']);
const RANK: FeedStatus[] = ['ok', 'not_modified', 'stale', 'empty', 'deferred', 'not_a_feed', 'blocked', 'error'];

/** A source's status: ok when any feed is ok, else its best feed's status. */
export function sourceStatus(feeds: FeedReport[]): FeedStatus {
  if (feeds.length === 0) return 'error';
  return feeds.map((f) => f.status).sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0] as FeedStatus;
}

/** 0 when every feed is ok, not modified or briefly empty and no item failed; 3 when outputs were written with failures. */
export function exitCodeFor(sources: SourceReport[], counts: RunCounts): number {
  // An empty feed is news-less, not broken, until it stays empty for several runs (health flag "empty: …").
  const emptyTooLong = (s: SourceReport) => s.health.some((h) => h.startsWith('empty:'));
  const live = (s: SourceReport, f: FeedReport) => GOOD.has(f.status) || (f.status === 'empty' && !emptyTooLong(s));
  // A stale channel beside a live one is reported, not a failure; a source whose every channel is stale or
  // failing brings the desk nothing new and fails the run.
  const feedsOk = sources.every((s) => s.feeds.every((f) => live(s, f) || f.status === 'stale') && s.feeds.some((f) => live(s, f)));
  return feedsOk && counts.failed === 0 ? 0 : 3;
}

/** One line per source with a feed that could not be read, for the terminal: its feeds, statuses and causes. */
export function problemLines(sources: SourceReport[]): string[] {
  const lines: string[] = [];
  for (const s of sources) {
    const bad = s.feeds.filter((f) => !GOOD.has(f.status));
    if (bad.length === 0) continue;
    const parts = bad.map((f) => {
      const why = [f.code, f.message].filter(Boolean).join(': ');
      return `${f.status} ${f.url}${why ? ` (${why})` : ''}`;
    });
    lines.push(`${s.id}: ${parts.join('; ')}`);
  }
  return lines;
}
