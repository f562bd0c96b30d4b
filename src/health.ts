// Health flags for a source, so a channel that fails or a source that goes quiet or an adapter that stops matching
// is reported the same day: a channel (feed, sitemap or section page) failing or listing nothing for several runs,
// no new item from the source for longer than its usual cadence, and an extraction alarm when the share of pages
// missing a title, date or body jumps against the source's own history.
import type { SourceConfig } from './types.js';
import { channelsOf } from './discover/channels.js';
import type { ExtractionCounts, SourceReport } from './report-types.js';
import type { Store } from './state/store.js';
import type { FeedState } from './state/types.js';

export const HEALTH_DEFAULTS = {
  failingRuns: 3,
  /** A channel that answers but lists nothing this many runs in a row is flagged (and the run exits 3). */
  emptyRuns: 3,
  /** Quiet when the source's last new item is older than this many usual gaps (and at least minQuietMs). */
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

/** Quiet is the source's, not a channel's: a story two channels list counts as new only on the first, so a second
 *  channel (tass-en's news sitemap behind its feed) brings new items rarely while the source is busy. The source is
 *  quiet when its newest new item on any channel is older than the usual gap of its busiest channel allows. */
function quietFlag(sourceId: string, states: readonly FeedState[], now: Date): string | undefined {
  const lastNew = Math.max(...states.map((st) => (st.lastNewItemAt ? Date.parse(st.lastNewItemAt) : -Infinity)));
  const gaps = states.flatMap((st) => (st.medianGapMs === undefined ? [] : [st.medianGapMs]));
  if (!Number.isFinite(lastNew) || gaps.length === 0) return undefined;
  const gapMs = Math.min(...gaps);
  const quietMs = now.getTime() - lastNew;
  if (quietMs <= Math.max(HEALTH_DEFAULTS.minQuietMs, HEALTH_DEFAULTS.cadenceFactor * gapMs)) return undefined;
  return `quiet: no new item from ${sourceId} in ${Math.round(quietMs / 3600_000)} h (usual gap ${Math.round(gapMs / 3600_000)} h)`;
}

export function healthFlags(
  store: Pick<Store, 'feedState' | 'extractionHistory'>,
  source: SourceConfig,
  report: SourceReport,
  now: Date,
): string[] {
  const flags: string[] = [];
  const states: FeedState[] = [];
  for (const { url } of channelsOf(source)) {
    const st = store.feedState(url);
    if (!st) continue;
    states.push(st);
    if (st.consecutiveFailures >= HEALTH_DEFAULTS.failingRuns)
      flags.push(`failing: ${url} has failed ${st.consecutiveFailures} runs in a row`);
    if (st.consecutiveEmpty >= HEALTH_DEFAULTS.emptyRuns)
      flags.push(`empty: ${url} has listed no item ${st.consecutiveEmpty} runs in a row`);
  }
  const quiet = quietFlag(source.id, states, now);
  if (quiet) flags.push(quiet);
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
