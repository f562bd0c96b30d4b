// The run report (runs/<runId>.json): what one run did, per source and per channel, as the CLI, `status` and the
// health checks read it back. Types only; src/output/report.ts builds it.
import type { CodedReason, ErrorCode } from './errors.js';
import type { ExitCode } from './exit.js';
import type { ChannelKind } from './types.js';

/** `stale`: the channel answers, but its newest item is older than the source's threshold. */
export type FeedStatus = 'ok' | 'not_modified' | 'stale' | 'empty' | 'blocked' | 'not_a_feed' | 'deferred' | 'error';

export interface FeedReport {
  url: string;
  /** The discovery channel's kind (rss, atom, sitemap, listing); absent on the retries line. */
  kind?: ChannelKind;
  status: FeedStatus;
  /** The newest item time the channel lists (recorded from the last read with items on a 304). */
  newestItemAt?: string;
  code?: ErrorCode;
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
  /** Entries with no guid, link, title or text: read, but not trackable across runs, so not processed. */
  unidentified?: number;
  /** Entries left out by the feed reader: past the per-feed item limit, or unreadable. */
  dropped?: number;
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
  /** Items whose page could not be read this run (whatever state they ended in); policy skips not counted. */
  pageErrors: number;
  /** Feed entries left out by the reader (see FeedReport.dropped). */
  dropped: number;
}

export interface RunReport {
  schemaVersion: 1;
  runId: string;
  startedAt: string;
  finishedAt: string;
  exitCode: ExitCode;
  dryRun: boolean;
  replay: string | null;
  counts: RunCounts;
  sources: SourceReport[];
  items: { id: string; url: string; sourceId: string; state: string; error?: CodedReason }[];
  fetch?: unknown;
}
