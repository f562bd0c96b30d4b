// The editor's list as a pure function of the database: flagged items inside the retention window, newest
// first, with the editor's decision, the status the editor should see and the reprint they duplicate.
// candidates.json is rendered from this at the start and the end of every run, so a crash between a DB
// commit and the output rename heals on the next run.

import { EMPTY_FINGERPRINT, hamming, parseFingerprint } from '../simhash.js';
import type { Candidate, CandidateStatus } from '../types.js';
import { capMatchFields } from '../match/caps.js';
import { KEY_STRIDE, probeKeys, probeRadius, reprintIndex, type BandItem, type ReprintIndex, type ReprintStats } from './bands.js';
import type { Db } from './open.js';
import type { ItemRow } from './items.js';
import type { CandidateQuery, ChangedField, Decision, ReprintQuery } from './types.js';

export const RETENTION_DEFAULTS = { retentionDays: 30 } as const;
/** 12 of 64 SimHash bits: unrelated texts differ in ~32 ± 4, small edits of a reprint in well under 12. */
export const REPRINT_DEFAULTS = { maxDistance: 12 } as const;
const DAY_MS = 86_400_000;
const HAMMING_FN = 'wirewatch_hamming';

/** The columns a rendered candidate reads: the list query selects only these (a row's other strings, its title,
 *  summary and URLs among them, were decoded from UTF-8 for every item of every output and thrown away). */
const CANDIDATE_COLUMNS = [
  'id',
  'candidate',
  'changed',
  'fingerprint',
  'feed_only',
  'first_seen_at',
  'last_seen_at',
  'error_code',
  'error_message',
  'flagged_at',
  'flag_reason',
] as const satisfies readonly (keyof ItemRow)[];

type CandidateRow = Pick<ItemRow, (typeof CANDIDATE_COLUMNS)[number]> & { decision: Decision | null; decided_at: string | null };

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
  /** The same list as candidates(), one at a time from a cursor; no other store call may run until it ends. */
  eachCandidate(q?: CandidateQuery): Iterable<Candidate>;
  /** How many items the window of `q` lists, without reading them: eachCandidate yields at most this many (it
   *  leaves out a row it cannot read, and filters by status). */
  windowSize(q?: CandidateQuery): number;
}

type ReprintParams = ReprintQuery & { beforeMs?: number | null; beforeId?: string };
type Found = { id: string; sourceId: string };

// The filters every reprint lookup shares: not the item itself, not its source, and strictly earlier in
// (sort_ms, id) order when a bound is given.
const REPRINT_FILTERS = `i.id != @excludeId AND (@excludeSourceId IS NULL OR i.source_id != @excludeSourceId)
  AND (@beforeMs IS NULL OR i.sort_ms < @beforeMs OR (@beforeId IS NOT NULL AND i.sort_ms = @beforeMs AND i.id < @beforeId))`;

/** findReprint: through the band index when maxDistance allows (0–14 bits), else the full scan it replaces. */
function reprintLookup(db: Db): (fp: string, q: ReprintParams) => Found | undefined {
  // Among the items close enough, the earliest published is the original; (sort_ms, id) orders ties.
  const scan = db.prepare(`SELECT i.id, i.source_id AS sourceId FROM items i
    WHERE i.fingerprint IS NOT NULL AND i.fingerprint != '${EMPTY_FINGERPRINT}' AND ${REPRINT_FILTERS}
      AND ${HAMMING_FN}(i.fingerprint, @fp) <= @maxDistance
    ORDER BY i.sort_ms, i.id LIMIT 1`);
  // The same, over only the items sharing a probed block value (bands.ts; item_bands holds usable fingerprints
  // only), so the distance function runs on a few percent of the store.
  const banded = db.prepare(`SELECT i.id, i.source_id AS sourceId FROM
    (SELECT DISTINCT b.item_id FROM json_each(@keys) k JOIN item_bands b ON b.band = k.value / ${KEY_STRIDE} AND b.value = k.value % ${KEY_STRIDE}) c
    CROSS JOIN items i ON i.id = c.item_id
    WHERE ${REPRINT_FILTERS} AND ${HAMMING_FN}(i.fingerprint, @fp) <= @maxDistance
    ORDER BY i.sort_ms, i.id LIMIT 1`);

  return (fp, q) => {
    if (fp === EMPTY_FINGERPRINT) return undefined;
    const beforeMs = q.beforeMs ?? (q.beforeIso ? Date.parse(q.beforeIso) : null);
    const maxDistance = q.maxDistance ?? REPRINT_DEFAULTS.maxDistance;
    const params = {
      excludeId: q.excludeId,
      excludeSourceId: q.excludeSourceId ?? null,
      beforeMs: Number.isNaN(beforeMs) ? null : beforeMs,
      beforeId: q.beforeId ?? null,
    };
    const radius = probeRadius(maxDistance);
    if (radius === undefined) return scan.get({ ...params, fp, maxDistance }) as Found | undefined;
    const bits = parseFingerprint(fp);
    if (!bits) return undefined; // an unreadable query is 64 bits from everything, beyond any probed distance
    return banded.get({ ...params, fp, maxDistance, keys: JSON.stringify(probeKeys(bits, radius)) }) as Found | undefined;
  };
}

/** The parameters of the window's id list (candidateViews' listIds). */
function windowParams(q: CandidateQuery): { cutoffMs: number; sinceMs: number | null; sourceId: string | null } {
  const nowMs = (q.now ?? new Date()).getTime();
  const sinceMs = q.sinceIso ? Date.parse(q.sinceIso) : null;
  return {
    cutoffMs: nowMs - (q.retentionDays ?? RETENTION_DEFAULTS.retentionDays) * DAY_MS,
    sinceMs: sinceMs === null || Number.isNaN(sinceMs) ? null : sinceMs,
    sourceId: q.sourceId ?? null,
  };
}

/**
 * candidateViews(db, stats?): `stats` counts the fingerprint comparisons of each render (tests, profiles).
 */
export function candidateViews(db: Db, stats?: ReprintStats): CandidateViews {
  const query = reprintLookup(db);
  // The window's ids in order, then each row by its key. One query ordering the rows themselves put every
  // candidate's JSON through SQLite's sorter, which spills past the page cache (2 MB) to a temporary file: ~90 MB
  // written and merged per pass at 10,000 items, 470-500 ms a pass against 340-360 this way.
  const flagged = `i.status IN ('flagged', 'feed_only') AND i.candidate IS NOT NULL`;
  const listIds = db
    .prepare(`SELECT i.id FROM items i WHERE ${flagged}
      AND i.sort_ms >= @cutoffMs AND (@sinceMs IS NULL OR i.sort_ms >= @sinceMs)
      AND (@sourceId IS NULL OR i.source_id = @sourceId)
    ORDER BY i.sort_ms DESC, i.id`)
    .pluck();
  const countIds = db.prepare(`SELECT count(*) FROM (${listIds.source})`).pluck();
  const rowOf = db.prepare(`SELECT ${CANDIDATE_COLUMNS.map((c) => `i.${c}`).join(', ')}, d.decision AS decision, d.at AS decided_at
    FROM items i LEFT JOIN decisions d ON d.item_id = i.id WHERE i.id = ? AND ${flagged}`);
  // Every item that can be an original, oldest first: one read per render, indexed in memory.
  const fingerprinted = db.prepare(`SELECT i.id, i.source_id AS sourceId, i.fingerprint FROM items i
    WHERE i.id IN (SELECT item_id FROM item_bands WHERE band = 0) ORDER BY i.sort_ms, i.id`);

  // The outputs read the window twice in a row (candidates.json with the stories, then review.html); the index
  // is rebuilt only when the store changed in between (its build was ~2.5 s and ~20 MB of garbage at 10,000
  // items, before the typed-array index).
  // total_changes() counts this connection's writes, data_version moves on any other connection's commit.
  const version = db.prepare('SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS other');
  let cached: { key: string; index: ReprintIndex } | undefined;
  function indexNow(): ReprintIndex {
    const v = version.get() as { own: number; other: number };
    const key = `${v.own}:${v.other}`;
    if (cached?.key !== key) cached = { key, index: indexOf(fingerprinted.iterate() as Iterable<FingerprintRow>, stats) };
    return cached.index;
  }

  // A cursor over the rows: the window's ids and one candidate in memory at a time (the outputs stream them to
  // disk). Outside a transaction each row is read as it stands when its turn comes: a row that stopped being a
  // candidate or was deleted since the ids were read (another process) is skipped; the window is the ids'.
  function* eachCandidate(q: CandidateQuery = {}): Generator<Candidate> {
    const index = indexNow();
    const ids = listIds.all(windowParams(q)) as string[];
    for (const id of ids) {
      const r = rowOf.get(id) as CandidateRow | undefined;
      const c = r && renderable(r, index);
      if (c && matchesFilter(c, q.status)) yield c;
    }
  }

  const candidates = db.transaction((q: CandidateQuery = {}): Candidate[] => [...eachCandidate(q)]);

  return {
    findReprint: (fp, q) => query(fp, q),
    candidates: (q) => candidates(q),
    eachCandidate,
    windowSize: (q = {}) => countIds.get(windowParams(q)) as number,
  };
}

interface FingerprintRow {
  id: string;
  sourceId: string;
  fingerprint: string;
}

/** The reprint index over every item that can be an original, read oldest first (unreadable fingerprints left out). */
function indexOf(rows: Iterable<FingerprintRow>, stats: ReprintStats | undefined): ReprintIndex {
  const items: BandItem[] = [];
  for (const r of rows) {
    const fp = parseFingerprint(r.fingerprint);
    if (fp) items.push({ id: r.id, sourceId: r.sourceId, fp });
  }
  return reprintIndex(items, REPRINT_DEFAULTS.maxDistance, stats);
}

function render(r: CandidateRow, index: ReprintIndex): Candidate {
  // Capped again on the way out: an item stored before the caps must not blow up any output.
  const stored = capMatchFields(JSON.parse(r.candidate ?? '{}') as Candidate);
  const changed = JSON.parse(r.changed) as ChangedField[];
  // With a fingerprint the DB decides (whatever order the run committed items in, the earlier text is the
  // original); without one, whatever the run stored (a credit line, say) stands.
  const usable = r.fingerprint !== null && r.fingerprint !== EMPTY_FINGERPRINT;
  // The index holds every usable fingerprint (read in the same transaction); an unreadable one matches nothing.
  const found = usable && index.has(r.id) ? index.originalOf(r.id) : undefined;
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

/** One unreadable stored row is left out instead of stopping every output (it stays in the store). */
function renderable(r: CandidateRow, index: ReprintIndex): Candidate | undefined {
  try {
    return render(r, index);
  } catch {
    return undefined;
  }
}
