// Exports of flagged items: the newsletter draft (md), two subscription feeds (jsonfeed, atom) and a spreadsheet
// (csv). `renderExport` is pure: items and options in, the document out. Selection (--since, --status kept)
// happens before, in `selectItems`, so every format sees the same items.

import { DateTime } from 'luxon';
import type { Candidate } from '../types.js';
import { renderAtom } from './atom.js';
import { renderCsv } from './csv.js';
import { renderJsonFeed } from './jsonfeed.js';
import { type GroupBy, renderMarkdown } from './md.js';
import { itemMillis, utcDateTime } from '../output/order.js';
import { EXPORT_STATUSES, type Decision, type ExportDecision, type ExportFormat, type ExportStatus } from './types.js';

export type { ExportDecision, ExportFormat } from './types.js';
export type { GroupBy } from './md.js';

export interface ExportOptions {
  groupBy?: GroupBy;
  generatedAt: string;
  feedUrl?: string;
  /** The feed's id when no feedUrl is given: one per filter set (feedIdFor), so two filtered feeds in one
   *  reader stay two feeds. */
  feedId?: string;
  /** Where this document is written (a file: URL) when no feedUrl is given: Atom's rel="self". */
  selfUrl?: string;
  stories?: unknown[];
  /** The editor's decisions by item id (store and decisions.json); comments fill md and csv. */
  decisions?: Map<string, ExportDecision>;
}

export function renderExport(format: ExportFormat, items: Candidate[], opts: ExportOptions): string | Buffer {
  switch (format) {
    case 'md':
      return renderMarkdown(items, opts);
    case 'jsonfeed':
      return renderJsonFeed(items, opts);
    case 'atom':
      return renderAtom(items, opts);
    case 'csv':
      return renderCsv(items, opts);
  }
}

const RELATIVE_SINCE = /^(\d+)\s*(m|h|d|w)$/;
const UNIT: Record<string, 'minutes' | 'hours' | 'days' | 'weeks'> = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks' };

/** `--since`: `7d`, `24h`, `30m`, `2w` before `now`, or an ISO date/time (a date alone is UTC midnight).
 * Returns undefined for anything else, so the caller can report a usage error. */
export function parseSince(value: string, now: Date): Date | undefined {
  const rel = RELATIVE_SINCE.exec(value.trim());
  if (rel) {
    const unit = UNIT[rel[2] as string] as 'minutes';
    return DateTime.fromJSDate(now)
      .minus({ [unit]: Number(rel[1]) })
      .toJSDate();
  }
  const dt = DateTime.fromISO(value.trim(), { zone: 'utc' });
  return dt.isValid ? dt.toJSDate() : undefined;
}

/** The export's selection: a --since bound and the --status values (any of them; none given: every item). */
export interface Selection {
  since?: Date;
  status?: readonly ExportStatus[];
  decisions: Map<string, ExportDecision>;
}

/** Whether the editor's decision on the item (the store's, else the one candidates.json carries) is one the
 *  statuses select. */
export function hasStatus(item: Candidate, statuses: readonly ExportStatus[], decisions: Map<string, ExportDecision>): boolean {
  const decision = decisions.get(item.id)?.decision ?? item.decision ?? null;
  return statuses.some((s) => (EXPORT_STATUSES[s].decisions as readonly (Decision | null)[]).includes(decision));
}

export function selectItems(items: Candidate[], sel: Selection): Candidate[] {
  const sinceMs = sel.since?.getTime();
  const { status } = sel;
  return items.filter(
    (item) => (sinceMs === undefined || itemMillis(item) >= sinceMs) && (status === undefined || hasStatus(item, status, sel.decisions)),
  );
}

/** Why an export came out empty, for stderr: an empty draft or feed is valid output (a feed reader wants it), but an
 *  editor who asked for "--since 7d" a fortnight after the last crawl should learn why nothing is there. */
export function emptyNote(items: Candidate[], sel: Selection): string {
  if (items.length === 0) return 'the export is empty: candidates.json holds no flagged items';
  const held = `candidates.json holds ${items.length} item${items.length === 1 ? '' : 's'}`;
  const recent = selectItems(items, { ...(sel.since ? { since: sel.since } : {}), decisions: sel.decisions });
  if (sel.since !== undefined && recent.length === 0) {
    const newest = new Date(items.reduce((max, item) => Math.max(max, itemMillis(item)), 0)).toISOString();
    return `the export is empty: ${held}, none since ${utcDateTime(sel.since.toISOString())} (the newest is dated ${utcDateTime(newest)}; crawl again, or widen --since)`;
  }
  const window = sel.since === undefined ? '' : `, ${recent.length} since ${utcDateTime(sel.since.toISOString())}`;
  const says = (sel.status ?? []).map((s) => EXPORT_STATUSES[s].says).join(' or ');
  return `the export is empty: ${held}${window}, none ${says} in review (--status ${(sel.status ?? []).join(',')})`;
}
