// The run report (runs/<runId>.json): a status for every source and feed, counts, health flags, and the
// exit code they imply. Pure functions over what run.ts and crawl-source.ts collect; the report's shape is in src/types.ts.

import type { ExtractionCounts, FeedReport, FeedStatus, RunCounts, RunReport, SourceReport } from '../report-types.js';
import { EXIT, type ExitCode } from '../exit.js';
import { newlyFlagged, type ItemOutcome } from '../item.js';
import type { ItemCommitResult } from '../state/store.js';
import type { PageStats } from '../stages/page-work.js';

/** Item error codes that are a choice, not a failure: robots, URL policy, and feed items with no page at all. */
const NOT_PAGE_ERRORS: ReadonlySet<string> = new Set(['skipped_robots', 'skipped_scheme', 'skipped_ssrf', 'no_link']);

export function emptyCounts(): RunCounts {
  return {
    itemsSeen: 0,
    new: 0,
    updated: 0,
    fetched: 0,
    extracted: 0,
    flagged: 0,
    feedOnly: 0,
    failed: 0,
    skipped: 0,
    unchanged: 0,
    pageErrors: 0,
    dropped: 0,
  };
}

export function emptyExtraction(): ExtractionCounts {
  return { pages: 0, lowConfidence: 0, missingTitle: 0, missingDate: 0, missingBody: 0, fallbacks: {} };
}

/** One committed item into the run's counts, its feed's report and the report's item list. `outsideWindow` counts
 *  the items flagged this run whose time is before its cutoff (they reach no output). */
export function tallyItem(
  report: RunReport,
  fr: FeedReport,
  o: ItemOutcome,
  r: ItemCommitResult | undefined,
  outsideWindow: { cutoffMs: number; count: number },
): void {
  const c = report.counts;
  c.itemsSeen++;
  if (o.state === 'unchanged') c.unchanged++;
  if (r?.kind === 'new') c.new++, fr.new++;
  if (r?.kind === 'updated') c.updated++;
  if (o.fetched) c.fetched++;
  if (o.extracted) c.extracted++;
  if (newlyFlagged(o, r)) {
    c.flagged++;
    fr.flagged++;
    if (o.state === 'feed_only') c.feedOnly++;
    const at = o.commit.kind === 'processed' && o.commit.publishedAt ? Date.parse(o.commit.publishedAt) : NaN;
    if (at < outsideWindow.cutoffMs) outsideWindow.count++;
  }
  if (o.state === 'failed') c.failed++, fr.failed++;
  if (o.state === 'deferred') c.skipped++;
  if (o.error && o.state !== 'unchanged' && !NOT_PAGE_ERRORS.has(o.error.code)) c.pageErrors++;
  report.items.push({ id: o.id, url: o.url, sourceId: o.sourceId, state: o.state, ...(o.error ? { error: o.error } : {}) });
}

/** One read page into its source's extraction counts. */
export function countPage(x: ExtractionCounts, page: PageStats): void {
  x.pages++;
  if (page.lowConfidence) x.lowConfidence++;
  if (page.missingTitle) x.missingTitle++;
  if (page.missingDate) x.missingDate++;
  if (page.missingBody) x.missingBody++;
  if (page.fallbackCode) x.fallbacks[page.fallbackCode] = (x.fallbacks[page.fallbackCode] ?? 0) + 1;
}

const GOOD: ReadonlySet<FeedStatus> = new Set(['ok', 'not_modified']);
const RANK: FeedStatus[] = ['ok', 'not_modified', 'stale', 'empty', 'deferred', 'not_a_feed', 'blocked', 'error'];

/** A source's status: ok when any feed is ok, else its best feed's status. */
export function sourceStatus(feeds: FeedReport[]): FeedStatus {
  if (feeds.length === 0) return 'error';
  return feeds.map((f) => f.status).sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0] as FeedStatus;
}

/** 0 when every feed is ok, not modified or briefly empty and no item failed; 3 when outputs were written with failures. */
export function exitCodeFor(sources: SourceReport[], counts: RunCounts): ExitCode {
  // An empty feed is news-less, not broken, until it stays empty for several runs (health flag "empty: …").
  const emptyTooLong = (s: SourceReport) => s.health.some((h) => h.startsWith('empty:'));
  const live = (s: SourceReport, f: FeedReport) => GOOD.has(f.status) || (f.status === 'empty' && !emptyTooLong(s));
  // A stale channel beside a live one is reported, not a failure; a source whose every channel is stale or
  // failing brings the desk nothing new and fails the run.
  const feedsOk = sources.every((s) => s.feeds.every((f) => live(s, f) || f.status === 'stale') && s.feeds.some((f) => live(s, f)));
  // A page that could not be read (timed out, gone, deferred to the next run) makes the run partial even when
  // the item still reached the editor from its feed text.
  return feedsOk && counts.failed === 0 && !counts.pageErrors ? EXIT.ok : EXIT.partial;
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
