// The editor's list as a pure function of the database: flagged items inside the retention window, newest
// first, with the editor's decision, the status the editor should see and the reprint they duplicate.
// candidates.json is rendered from this at the start and the end of every run, so a crash between a DB
// commit and the output rename heals on the next run (RELIABILITY §4, SQLite protocol).

import { EMPTY_FINGERPRINT, hamming } from '../identity.js';
import type { Candidate, CandidateStatus } from '../types.js';
import type { Db } from './open.js';
import type { ItemRow } from './items.js';
import type { CandidateQuery, ChangedField, Decision, ReprintQuery } from './types.js';

export const RETENTION_DEFAULTS = { retentionDays: 30 } as const;
/** 12 of 64 SimHash bits: unrelated texts differ in ~32 ± 4, small edits of a reprint in well under 12. */
export const REPRINT_DEFAULTS = { maxDistance: 12 } as const;
const DAY_MS = 86_400_000;
const HAMMING_FN = 'wirewatch_hamming';

type CandidateRow = ItemRow & { decision: Decision | null; decided_at: string | null };

/** Registers the SQL function the reprint queries use; an unreadable stored fingerprint counts as 64 bits. */
export function registerFunctions(db: Db): void {
  db.function(HAMMING_FN, { deterministic: true }, (a: unknown, b: unknown) => {
    if (typeof a !== 'string' || typeof b !== 'string') return 64;
    try {
      return hamming(a, b);
    } catch {
      return 64;
    }
  });
}

function candidateStatus(r: CandidateRow): CandidateStatus {
  const decidedMs = r.decided_at ? Date.parse(r.decided_at) : NaN;
  const flaggedMs = r.flagged_at ? Date.parse(r.flagged_at) : NaN;
  if (!Number.isNaN(decidedMs) && (Number.isNaN(flaggedMs) || decidedMs >= flaggedMs)) return 'seen';
  return r.flag_reason === 'updated' ? 'updated' : 'new';
}

function matchesFilter(c: Candidate, filter: CandidateQuery['status']): boolean {
  switch (filter) {
    case undefined:
      return true;
    case 'kept':
      return c.decision === 'keep';
    case 'discarded':
      return c.decision === 'discard';
    case 'quoted':
      return c.decision === 'quoted';
    case 'undecided':
      return c.decision === null || c.decision === undefined;
    default:
      return c.status === filter;
  }
}

export interface CandidateViews {
  findReprint(fp: string, q: ReprintQuery): { id: string; sourceId: string } | undefined;
  candidates(q?: CandidateQuery): Candidate[];
}

export function candidateViews(db: Db): CandidateViews {
  // Among the items close enough, the earliest published is the original; (sort_ms, id) orders ties.
  const reprint = db.prepare(`SELECT id, source_id AS sourceId FROM items
    WHERE fingerprint IS NOT NULL AND fingerprint != '${EMPTY_FINGERPRINT}' AND id != @excludeId
      AND (@excludeSourceId IS NULL OR source_id != @excludeSourceId)
      AND (@beforeMs IS NULL OR sort_ms < @beforeMs OR (@beforeId IS NOT NULL AND sort_ms = @beforeMs AND id < @beforeId))
      AND ${HAMMING_FN}(fingerprint, @fp) <= @maxDistance
    ORDER BY sort_ms, id LIMIT 1`);
  const list = db.prepare(`SELECT i.*, d.decision AS decision, d.at AS decided_at FROM items i
    LEFT JOIN decisions d ON d.item_id = i.id
    WHERE i.status IN ('flagged', 'feed_only') AND i.candidate IS NOT NULL
      AND i.sort_ms >= @cutoffMs AND (@sinceMs IS NULL OR i.sort_ms >= @sinceMs)
      AND (@sourceId IS NULL OR i.source_id = @sourceId)
    ORDER BY i.sort_ms DESC, i.id`);

  function query(fp: string, q: ReprintQuery & { beforeMs?: number | null; beforeId?: string }) {
    if (fp === EMPTY_FINGERPRINT) return undefined;
    const beforeMs = q.beforeMs ?? (q.beforeIso ? Date.parse(q.beforeIso) : null);
    return reprint.get({
      fp, excludeId: q.excludeId, excludeSourceId: q.excludeSourceId ?? null, beforeMs: Number.isNaN(beforeMs) ? null : beforeMs,
      beforeId: q.beforeId ?? null, maxDistance: q.maxDistance ?? REPRINT_DEFAULTS.maxDistance,
    }) as { id: string; sourceId: string } | undefined;
  }

  function render(r: CandidateRow): Candidate {
    const stored = JSON.parse(r.candidate ?? '{}') as Candidate;
    const changed = JSON.parse(r.changed) as ChangedField[];
    // With a fingerprint the DB decides (whatever order the run committed items in, the earlier text is the
    // original); without one, whatever the run stored (a credit line, say) stands.
    const usable = r.fingerprint !== null && r.fingerprint !== EMPTY_FINGERPRINT;
    const found = usable ? query(r.fingerprint ?? '', { excludeId: r.id, excludeSourceId: r.source_id, beforeMs: r.sort_ms, beforeId: r.id }) : undefined;
    const reprintOf = usable ? (found ? { id: found.id, source: found.sourceId } : null) : (stored.reprintOf ?? null);
    return {
      ...stored,
      id: r.id,
      status: candidateStatus(r),
      feedOnly: r.feed_only === 1,
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
      error: r.error_code === null ? (stored.error ?? null) : { code: r.error_code, message: r.error_message ?? '' },
      decision: r.decision,
      reprintOf,
      ...(changed.length ? { changed } : {}),
    };
  }

  function candidates(q: CandidateQuery = {}): Candidate[] {
    const nowMs = (q.now ?? new Date()).getTime();
    const sinceMs = q.sinceIso ? Date.parse(q.sinceIso) : null;
    const rows = list.all({
      cutoffMs: nowMs - (q.retentionDays ?? RETENTION_DEFAULTS.retentionDays) * DAY_MS,
      sinceMs: sinceMs === null || Number.isNaN(sinceMs) ? null : sinceMs,
      sourceId: q.sourceId ?? null,
    }) as CandidateRow[];
    return rows.map(render).filter((c) => matchesFilter(c, q.status));
  }

  return { findReprint: (fp, q) => query(fp, q), candidates };
}
