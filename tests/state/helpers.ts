// Builders for store tests: one observation / feed commit with sensible defaults, overridden per case.
import type { Candidate } from '../../src/types.js';
import type { FeedCommit, ItemObservation } from '../../src/state/store.js';

export const FEED = 'https://tass.com/rss/v2.xml';
export const FEED2 = 'https://tass.com/rss/world.xml';
export const AT = '2026-11-22T06:00:00Z';
export const NOW = new Date(AT);

export function candidate(id: string, over: Partial<Candidate> = {}): Candidate {
  return {
    id,
    url: `https://tass.com/politics/${id}`,
    source: { id: 'tass-en', name: 'TASS' },
    title: `Lavrov item ${id}`,
    publishedAt: '2026-11-18T10:00:00+03:00',
    lang: 'en',
    byline: null,
    credit: null,
    score: 1,
    scoreExplain: [],
    status: 'new',
    feedOnly: false,
    matches: [
      {
        rule: 'lavrov',
        label: 'Lavrov',
        weight: 1,
        hits: [{ rule: 'lavrov', term: 'Lavrov', text: 'Lavrov', field: 'body', paragraph: 0, start: 0, end: 6 }],
      },
    ],
    excerpts: [{ paragraph: 0, text: 'Lavrov said', highlights: [[0, 6, 'lavrov']] }],
    firstSeenAt: AT,
    lastSeenAt: AT,
    timeZone: 'Europe/Moscow',
    extraction: { adapter: 'tass@2024', confidence: 'high' },
    ...over,
  };
}

export function obs(id: string, over: Partial<Omit<ItemObservation, 'hitRules'>> & { hitRules?: readonly string[] } = {}): ItemObservation {
  const status = over.status ?? 'flagged';
  const flagged = status === 'flagged' || status === 'feed_only';
  return {
    kind: 'processed',
    id,
    url: `https://tass.com/politics/${id}`,
    canonical: `https://tass.com/politics/${id}`,
    guid: null,
    sourceId: 'tass-en',
    title: `Lavrov item ${id}`,
    publishedAt: '2026-11-18T10:00:00+03:00',
    fingerprint: null,
    contentHash: `body-${id}`,
    titleHash: `title-${id}`,
    hitKey: flagged ? 'hits-1' : null,
    status,
    candidateJson: flagged ? JSON.stringify(candidate(id)) : null,
    error: null,
    feedOnly: status === 'feed_only',
    ...over,
    hitRules: [...(over.hitRules ?? (flagged ? ['lavrov'] : []))],
  };
}

export function feedOk(over: Partial<FeedCommit> = {}, etag = '"v2"'): FeedCommit {
  return { feedUrl: FEED, sourceId: 'tass-en', at: AT, status: 'ok', validators: { etag }, ...over } as FeedCommit;
}

/** ISO time `days` days before AT (negative: after). */
export function daysBefore(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

/** The commit-loop child's workload. */
export const LOOP_FEEDS = 400;
export const LOOP_ITEMS = 5;
export const loopFeed = (i: number): string => `https://example.org/feed-${i}.xml`;
