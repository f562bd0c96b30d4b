// normalize.ts observedMatch builds the candidate where the page was read (a page worker) and sends it as JSON;
// the store keeps that JSON as it comes. So this is the one place the candidate's fields and their order are
// made: each field is checked against where it comes from, and the key order against candidates.json's.
import { describe, expect, it } from 'vitest';
import { observedMatch } from '../src/normalize.js';
import type { MatchResult, ObservedArticle, SourceConfig } from '../src/types.js';
import type { CodedReason } from '../src/errors.js';

const source = { id: 'tass-en', name: 'TASS (English)', outlet: 'TASS', timeZone: 'Europe/Moscow' } as SourceConfig;

const article: ObservedArticle = {
  id: 'a1',
  url: 'https://tass.com/politics/1',
  source: { id: 'tass-en', name: 'TASS (English)', outlet: 'TASS' },
  title: 'Lavrov meets Wang Yi',
  publishedAt: '2026-11-18T14:12+03:00',
  lang: 'en',
  byline: 'A. Writer',
  credit: 'TASS',
  lead: null,
  extraction: { adapter: 'tass', confidence: 'high' },
  feedOnly: false,
  fingerprint: '0f0f0f0f0f0f0f0f',
  contentHash: 'c1',
};

const hit = { rule: 'lavrov', term: 'Lavrov', text: 'Lavrov', field: 'title' as const, paragraph: 0, start: 0, end: 6 };
const match: MatchResult = {
  matches: [{ rule: 'lavrov', label: 'Lavrov', weight: 1, hits: [hit] }],
  excerpts: [{ paragraph: 0, text: 'Lavrov met Wang Yi.', highlights: [[0, 6, 'lavrov']] }],
  score: 2,
  scoreExplain: ['lavrov: weight 1 × 2 (title hit) = 2 [1 hit: Lavrov]'],
} as MatchResult;

/** candidates.json's item order before the store adds its own fields (status decided, decision, changed). */
const KEYS =
  'id url source title publishedAt lang byline credit score scoreExplain status feedOnly matches excerpts firstSeenAt lastSeenAt timeZone extraction reprintOf error';

describe('observedMatch', () => {
  const timedOut: CodedReason = { code: 'timeout_total', message: 'page timed out' };
  it.each([
    ['a page read', undefined, null],
    ['a page that failed, its feed text matched', timedOut, timedOut],
  ] as const)('%s: every field from the article, the match and the item', (_case, pageError, error) => {
    const seen = observedMatch(article, match, { id: 'a1', source, nowIso: '2026-11-18T12:00:00.000Z', pageError });
    expect(seen.hitRules).toEqual(['lavrov']);
    const candidate = JSON.parse(seen.candidateJson ?? 'null');
    expect(Object.keys(candidate).join(' ')).toBe(KEYS);
    expect(candidate).toEqual({
      id: 'a1',
      url: article.url,
      source: article.source,
      title: article.title,
      publishedAt: article.publishedAt,
      lang: 'en',
      byline: 'A. Writer',
      credit: 'TASS',
      score: 2,
      scoreExplain: match.scoreExplain,
      status: 'new',
      feedOnly: false,
      matches: match.matches,
      excerpts: match.excerpts,
      firstSeenAt: '2026-11-18T12:00:00.000Z',
      lastSeenAt: '2026-11-18T12:00:00.000Z',
      timeZone: 'Europe/Moscow',
      extraction: article.extraction,
      reprintOf: null,
      error,
    });
  });

  it('no rule hit: no candidate', () => {
    const none = { matches: [], excerpts: [], score: 0, scoreExplain: [] };
    expect(observedMatch(article, none, { id: 'a1', source, nowIso: '2026-11-18T12:00:00.000Z', pageError: undefined })).toEqual({
      hitRules: [],
      candidateJson: null,
    });
  });
});
