// Health flags for a source, so a feed that goes quiet or an adapter that stops matching is reported the same
// day: failing for several runs, no new item for longer than the feed's usual cadence, and an extraction alarm
// when the share of pages missing a title, date or body jumps against the source's own history.
import type { SourceConfig } from './types.js';
import type { ExtractionCounts, SourceReport } from './report-types.js';
import type { Store } from './state/store.js';

export const HEALTH_DEFAULTS = {
  failingRuns: 3,
  /** A feed that parses but lists nothing this many runs in a row is flagged (and the run exits 3). */
  emptyRuns: 3,
  /** Quiet when the last new item is older than this many usual gaps (and at least minQuietMs). */
  cadenceFactor: 3,
  minQuietMs: 6 * 3600_000,
  historyRuns: 10,
  /** Alarm when this run's missing share exceeds the historical share by this much (absolute). */
  alarmJump: 0.3,
  minPagesForAlarm: 2,
};

function missingShare(x: ExtractionCounts): number {
  if (x.pages === 0) return 0;
  return Math.max(x.missingTitle, x.missingDate, x.missingBody, x.lowConfidence) / x.pages;
}

export function healthFlags(store: Store, source: SourceConfig, report: SourceReport, now: Date): string[] {
  const flags: string[] = [];
  for (const feed of source.feeds) {
    const st = store.feedState(feed);
    if (!st) continue;
    if (st.consecutiveFailures >= HEALTH_DEFAULTS.failingRuns)
      flags.push(`failing: ${feed} has failed ${st.consecutiveFailures} runs in a row`);
    if (st.consecutiveEmpty >= HEALTH_DEFAULTS.emptyRuns)
      flags.push(`empty: ${feed} has listed no item ${st.consecutiveEmpty} runs in a row`);
    if (st.lastNewItemAt && st.medianGapMs) {
      const quietMs = now.getTime() - Date.parse(st.lastNewItemAt);
      const limit = Math.max(HEALTH_DEFAULTS.minQuietMs, HEALTH_DEFAULTS.cadenceFactor * st.medianGapMs);
      if (quietMs > limit)
        flags.push(
          `quiet: no new item in ${feed} for ${Math.round(quietMs / 3600_000)} h (usual gap ${Math.round(st.medianGapMs / 3600_000)} h)`,
        );
    }
  }
  const x = report.extraction;
  if (x.pages >= HEALTH_DEFAULTS.minPagesForAlarm) {
    const history = store.extractionHistory(source.id, HEALTH_DEFAULTS.historyRuns);
    const past = history.reduce((a, h) => ({ pages: a.pages + h.pages, bad: a.bad + missingShare(h) * h.pages }), { pages: 0, bad: 0 });
    const before = past.pages ? past.bad / past.pages : 0;
    const nowShare = missingShare(x);
    if (nowShare - before >= HEALTH_DEFAULTS.alarmJump) {
      flags.push(
        `extraction alarm: ${Math.round(nowShare * 100)}% of ${x.pages} pages lacked a title, date or body or fell back to generic (was ${Math.round(before * 100)}%); the layout probably changed`,
      );
    }
  }
  return flags;
}
