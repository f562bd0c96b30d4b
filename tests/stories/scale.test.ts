import { describe, expect, it } from 'vitest';
import { buildStories, JOIN_THRESHOLD } from '../../src/stories/index.js';
import { averageLinkClusters, pairKey } from '../../src/stories/cluster.js';
import { pairScoresFrom } from '../../src/stories/pair-scores.js';
import { DEFAULT_ENTITY_RULES, itemFeatures } from '../../src/stories/features.js';
import { allPairs, indexedPairs, MAX_NEIGHBOURS_PER_LIST, scorePairs } from '../../src/stories/pairs.js';
import { buildCorpus, pairEvidence, pairScore, scoreOf } from '../../src/stories/similarity.js';
import type { Candidate } from '../../src/types.js';
import { loadWeek } from '../fixtures-stories/week.js';
import { denseAverageLink, lcg, syntheticItems } from './synthetic.js';

const WINDOW_HOURS = 72;
const base = loadWeek()[0] as Candidate;
const small = syntheticItems(base, { items: 400, days: 5, seed: 7 });

/** Features in buildStories' order (time, then id) and the corpus, as build.ts prepares them. */
function prepared(items: readonly Candidate[]) {
  const entities = new Set(DEFAULT_ENTITY_RULES);
  const features = items.map((c) => itemFeatures(c, c.source.id, entities));
  features.sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { features, corpus: buildCorpus(features, WINDOW_HOURS) };
}

/** Pairs of items no more than the window apart: what a sliding time window alone would score. */
function pairsWithinWindow(items: readonly Candidate[]): number {
  const times = items.map((c) => Date.parse(c.publishedAt ?? c.firstSeenAt)).sort((a, b) => a - b);
  let count = 0;
  let first = 0;
  times.forEach((t, k) => {
    while (t - (times[first] ?? t) > WINDOW_HOURS * 3_600_000) first++;
    count += k - first;
  });
  return count;
}

function counted(items: readonly Candidate[]) {
  let pairs = 0;
  const stories = buildStories(items, {}, { onPairScored: () => void pairs++ });
  return { stories, pairs };
}

describe('indexed pairs agree with all pairs', () => {
  const { features, corpus } = prepared(small);
  const indexed = scorePairs(features, corpus);
  const brute = scorePairs(features, corpus, { candidates: allPairs });

  it('scores exactly the pairs all-pairs scoring finds positive, with the same scores', () => {
    expect(brute.keys.length).toBeGreaterThan(100);
    expect(indexed.keys).toEqual(brute.keys);
    expect(indexed.scores).toEqual(brute.scores);
  });

  it('scores far fewer pairs than a sliding time window alone would', () => {
    expect(indexedPairs(features, corpus.windowMs).length).toBeLessThan(pairsWithinWindow(small) / 5);
  });

  it('builds the same stories as all-pairs scoring, and they use every kind of join evidence', () => {
    const stories = buildStories(small);
    expect(stories).toEqual(buildStories(small, {}, { candidates: allPairs }));
    expect(stories.filter((s) => s.items.length > 1).length).toBeGreaterThan(40);
    const kinds = new Set(
      stories.flatMap((s) => s.items.flatMap((m) => (m.join.kind === 'joined' ? m.join.evidence.map((e) => e.kind) : []))),
    );
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['date', 'entity', 'number', 'reprint', 'text']));
  });

  it('clusters the sparse scores as the dense all-pairs clustering does', () => {
    const n = features.length;
    const dense = new Float64Array(n * n);
    brute.keys.forEach((key, k) => {
      const s = brute.scores[k] as number;
      [dense[key], dense[(key % n) * n + Math.floor(key / n)]] = [s, s];
    });
    const times = features.map((f) => f.atMs);
    const windowMs = WINDOW_HOURS * 3_600_000;
    expect(averageLinkClusters({ scores: indexed, timesMs: times, threshold: JOIN_THRESHOLD, windowMs })).toEqual(
      denseAverageLink(dense, times, JOIN_THRESHOLD, windowMs),
    );
  });
});

describe('pairScore is the sum of pairEvidence, bit for bit', () => {
  it.each([
    ['the hand-written week', loadWeek()],
    ['400 synthetic items over 5 days', small],
    ['600 synthetic items in one day', syntheticItems(base, { items: 600, days: 1, seed: 3 })],
  ])('every pair of %s', (_name, items) => {
    const { features, corpus } = prepared(items);
    let positive = 0;
    for (const key of allPairs(features)) {
      const a = features[Math.floor(key / features.length)];
      const b = features[key % features.length];
      if (!a || !b) continue;
      const expected = scoreOf(pairEvidence(a, b, corpus));
      if (!Object.is(pairScore(a, b, corpus), expected)) expect.unreachable(`${a.id} ~ ${b.id}: ${pairScore(a, b, corpus)} ≠ ${expected}`);
      if (expected > 0) positive++;
    }
    expect(positive).toBeGreaterThan(10);
  });
});

describe('averageLinkClusters against the dense algorithm on random graphs with tied scores', () => {
  it.each([
    [1, 30, 0.3],
    [2, 60, 0.15],
    [3, 80, 0.08],
    [4, 120, 0.05],
    // Dense enough that rows shrink, shift and move many times (neighbours.ts).
    [5, 200, 0.3],
    [6, 300, 0.1],
  ])('seed %i: %i items, edge density %f', (seed, n, density) => {
    const rand = lcg(seed);
    const levels = [0.2, 0.4, 0.6, 1, 1];
    const sparse = new Map<number, number>();
    const dense = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (rand() >= density) continue;
        const s = levels[Math.floor(rand() * levels.length)] as number;
        sparse.set(pairKey(i, j, n), s);
        [dense[i * n + j], dense[j * n + i]] = [s, s];
      }
    }
    const times = Array.from({ length: n }, (_, i) => i * 3);
    const scores = pairScoresFrom(n, [...sparse.keys()], [...sparse.values()]);
    expect(averageLinkClusters({ scores, timesMs: times, threshold: 0.3, windowMs: 60 })).toEqual(denseAverageLink(dense, times, 0.3, 60));
  });
});

describe('a month of flagged items', () => {
  const month = syntheticItems(base, { items: 5000, days: 30, seed: 11 });
  const n = month.length;
  // All pairs: n(n-1)/2 ≈ 12.5 M; within 72 h of each other ≈ 2.4 M. Pairs sharing join evidence within the
  // window: ≈ 44 per item here (mostly the four persons and the common figures), 220 k in all.
  const { stories, pairs } = counted(month);

  it('scores a bounded number of pairs: linear in the items, a fraction of the pairs within the window', () => {
    expect(pairs).toBeGreaterThan(0);
    expect(pairs).toBeLessThan(n * 80);
    expect(pairs).toBeLessThan(pairsWithinWindow(month) / 5);
  });

  it('puts every item in exactly one story, most events in one story each', () => {
    expect(stories.flatMap((s) => s.items.map((m) => m.id)).sort()).toEqual(month.map((c) => c.id).sort());
    expect(stories.filter((s) => s.items.length > 1).length).toBeGreaterThan(500);
  });
});

describe('a dense burst: thousands of items in one window sharing the same people and figures', () => {
  // Every item within 12 hours: the evidence lists are as dense as they get. Without the per-list neighbour cap
  // the pairs grow with the square of the burst (10,000 bench pages overflowed a Set).
  const burst = syntheticItems(base, { items: 3000, days: 0.5, seed: 5 });
  const { stories, pairs } = counted(burst);

  it('scores at most the capped neighbours per evidence list, and still files every item once', () => {
    // Seeded: capped, about 123 k pairs; uncapped, about 324 k (and every pair at bench density).
    expect(pairs).toBeLessThan(burst.length * MAX_NEIGHBOURS_PER_LIST);
    expect(stories.flatMap((s) => s.items.map((m) => m.id)).sort()).toEqual(burst.map((c) => c.id).sort());
  });
});
