// Per-run, per-source extraction counts: how many pages a source gave and how many lacked a body, date or
// title, fell back to the generic extractor (by reason) or were low-confidence. The run compares a source's
// current counts with its own history to raise the "layout probably changed" alarm the same day.

import type { Db } from './open.js';
import type { ExtractionCounts, ExtractionRun } from './types.js';

interface StatsRow {
  pages: number;
  missing_body: number;
  missing_date: number;
  missing_title: number;
  low_confidence: number;
  fallbacks: string;
}

function merged(prev: StatsRow | undefined, c: ExtractionCounts): StatsRow {
  const fallbacks: Record<string, number> = prev ? (JSON.parse(prev.fallbacks) as Record<string, number>) : {};
  for (const [code, n] of Object.entries(c.fallbacks ?? {})) fallbacks[code] = (fallbacks[code] ?? 0) + n;
  return {
    pages: (prev?.pages ?? 0) + c.pages,
    missing_body: (prev?.missing_body ?? 0) + c.missingBody,
    missing_date: (prev?.missing_date ?? 0) + c.missingDate,
    missing_title: (prev?.missing_title ?? 0) + c.missingTitle,
    low_confidence: (prev?.low_confidence ?? 0) + c.lowConfidence,
    fallbacks: JSON.stringify(fallbacks),
  };
}

export interface ExtractionTable {
  /** Adds to (runId, sourceId)'s counts; call inside a transaction when it must commit with something else. */
  add(runId: string, sourceId: string, counts: ExtractionCounts): void;
  history(sourceId: string, runs: number): ExtractionRun[];
}

export function extractionTable(db: Db): ExtractionTable {
  const get = db.prepare<[string, string], StatsRow>('SELECT * FROM extraction_stats WHERE run_id = ? AND source_id = ?');
  const put =
    db.prepare(`INSERT INTO extraction_stats (run_id, source_id, pages, missing_body, missing_date, missing_title, low_confidence, fallbacks)
    VALUES (@run_id, @source_id, @pages, @missing_body, @missing_date, @missing_title, @low_confidence, @fallbacks)
    ON CONFLICT (run_id, source_id) DO UPDATE SET pages = excluded.pages, missing_body = excluded.missing_body,
      missing_date = excluded.missing_date, missing_title = excluded.missing_title, low_confidence = excluded.low_confidence,
      fallbacks = excluded.fallbacks`);
  const history = db.prepare<[string, number], StatsRow & { run_id: string; started_at: string }>(`SELECT s.*, r.started_at
    FROM extraction_stats s JOIN runs r ON r.run_id = s.run_id WHERE s.source_id = ? ORDER BY r.started_ms DESC, r.run_id DESC LIMIT ?`);
  const add = db.transaction((runId: string, sourceId: string, counts: ExtractionCounts) => {
    put.run({ run_id: runId, source_id: sourceId, ...merged(get.get(runId, sourceId), counts) });
  });
  return {
    add: (runId, sourceId, counts) => add(runId, sourceId, counts),
    history: (sourceId, n) =>
      history.all(sourceId, n).map((r) => ({
        runId: r.run_id,
        startedAt: r.started_at,
        pages: r.pages,
        missingBody: r.missing_body,
        missingDate: r.missing_date,
        missingTitle: r.missing_title,
        lowConfidence: r.low_confidence,
        fallbacks: JSON.parse(r.fallbacks) as Record<string, number>,
      })),
  };
}
