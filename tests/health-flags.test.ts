// Health flags over every discovery channel of a source, as a table: each row gives the store's state of the
// source's feed (F) and news sitemap (S) and the flags expected. Failing and empty are a channel's; quiet is the
// source's (a sitemap behind a feed rarely brings a new item of its own while the source is busy).
import { describe, expect, it } from 'vitest';
import { healthFlags } from '../src/health.js';
import type { FeedState } from '../src/state/types.js';
import type { SourceReport } from '../src/report-types.js';
import { loopbackSource } from './fetch/helpers.js';

const F = 'https://tass.com/rss/v2.xml';
const S = 'https://tass.com/sitemap_news0.xml';
const NOW = new Date('2026-11-22T06:00:00Z');
const HOUR_MS = 3_600_000;
const source = loopbackSource([], {
  id: 'tass-en',
  feeds: [F],
  channels: [
    { kind: 'rss', url: F },
    { kind: 'sitemap', url: S },
  ],
});
const report: SourceReport = {
  id: 'tass-en',
  name: 'TASS',
  status: 'ok',
  feeds: [],
  extraction: { pages: 0, lowConfidence: 0, missingTitle: 0, missingDate: 0, missingBody: 0, fallbacks: {} },
  health: [],
};
const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * HOUR_MS).toISOString();
const st = (o: Partial<FeedState>): FeedState => ({
  sourceId: 'tass-en',
  validators: {},
  consecutiveFailures: 0,
  consecutiveEmpty: 0,
  ...o,
});

describe('healthFlags', () => {
  it.each<[string, Partial<FeedState> | undefined, Partial<FeedState> | undefined, string[]]>([
    ['never crawled', undefined, undefined, []],
    ['both answer, new items an hour ago', { lastNewItemAt: hoursAgo(1), medianGapMs: HOUR_MS }, { medianGapMs: 6 * HOUR_MS }, []],
    ['the sitemap failing 3 runs', {}, { consecutiveFailures: 3 }, [`failing: ${S} has failed 3 runs in a row`]],
    ['the sitemap listing nothing 3 runs', {}, { consecutiveEmpty: 3 }, [`empty: ${S} has listed no item 3 runs in a row`]],
    ['the feed failing 4 runs', { consecutiveFailures: 4 }, {}, [`failing: ${F} has failed 4 runs in a row`]],
    [
      'the sitemap long without a new item of its own while the feed brings them: not quiet',
      { lastNewItemAt: hoursAgo(1), medianGapMs: HOUR_MS },
      { lastNewItemAt: hoursAgo(200), medianGapMs: 2 * HOUR_MS },
      [],
    ],
    [
      'no new item on any channel for 20 h, usual gap 2 h: quiet',
      { lastNewItemAt: hoursAgo(20), medianGapMs: 2 * HOUR_MS },
      { lastNewItemAt: hoursAgo(30), medianGapMs: 5 * HOUR_MS },
      ['quiet: no new item from tass-en in 20 h (usual gap 2 h)'],
    ],
    ['5 h without a new item is within the 6 h floor', { lastNewItemAt: hoursAgo(5), medianGapMs: HOUR_MS / 2 }, {}, []],
    ['no cadence known: never quiet', { lastNewItemAt: hoursAgo(500) }, {}, []],
  ])('%s', (_name, feed, sitemap, flags) => {
    const states = new Map([
      [F, feed && st(feed)],
      [S, sitemap && st(sitemap)],
    ]);
    const store = { feedState: (url: string) => states.get(url), extractionHistory: () => [] };
    expect(healthFlags(store, source, report, NOW)).toEqual(flags);
  });
});
