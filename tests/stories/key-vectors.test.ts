import { describe, expect, it } from 'vitest';
import { EMPTY_FINGERPRINT } from '../../src/simhash.js';
import type { ItemFeatures } from '../../src/stories/features.js';
import { buildCorpus, pairEvidence, pairScore, scoreOf } from '../../src/stories/similarity.js';

// The integer key runs' own paths (growing past the corpus's exact capacity, more shared keys than the first
// buffer holds), which the data sets of scale.test.ts never reach: each row's score must still be pairEvidence's.
const feature = (id: string, keys: string[], more: Partial<ItemFeatures> = {}): ItemFeatures => ({
  id,
  source: 's',
  outlet: 'o',
  lang: 'en',
  atMs: 0,
  at: '2026-11-20T10:00:00Z',
  keys: new Set(keys),
  strength: new Map(keys.map((k, i) => [k, i % 3 === 0 ? 0.4 : 1])),
  prominent: new Set(['lavrov']),
  leadDates: new Set(['11-20']),
  pubDay: '11-19',
  simhash: EMPTY_FINGERPRINT,
  textTokens: 0,
  reprintOf: null,
  ...more,
});

const numbers = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `number:${from + i}`);
const a = feature('a', [...numbers(100), 'entity:lavrov', 'date:11-20', 'rule:trade']);
const b = feature('b', [...numbers(100, 30), 'entity:lavrov', 'date:11-20', 'term:trade']);
const c = feature('c', ['rule:trade', 'number:5'], { reprintOf: 'a' });

describe('pairScore through key runs', () => {
  it.each([
    ['100 shared keys (past the first shared-position buffer)', [a, b], a, b],
    ['an item outside the corpus (its run added later, the arrays grown)', [a, b], a, c],
    ['both items outside an empty corpus', [], b, c],
    ['no shared key, a reprint link', [a, c], c, a],
  ])('%s: the evidence sum', (_name, items, x, y) => {
    const corpus = buildCorpus(items, 72);
    const expected = scoreOf(pairEvidence(x, y, corpus));
    expect(pairScore(x, y, corpus)).toBe(expected);
    expect(pairScore(y, x, corpus)).toBe(scoreOf(pairEvidence(y, x, corpus)));
  });

  it("keeps the corpus items' runs when a later item grows the arrays", () => {
    const corpus = buildCorpus([a, b], 72);
    pairScore(a, c, corpus);
    expect(pairScore(a, b, corpus)).toBe(scoreOf(pairEvidence(a, b, corpus)));
  });

  it('scores the rows above, so none passes by being 0 on both paths', () => {
    const corpus = buildCorpus([a, b], 72);
    expect(pairScore(a, b, corpus)).toBeGreaterThan(0.3);
    expect(pairScore(a, c, corpus)).toBeGreaterThan(0);
  });
});
