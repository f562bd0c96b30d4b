import { describe, expect, it } from 'vitest';
import { F64Buffer, keyBuffer, pairKey, pairScoresFrom, scoreBetween, type TypedBuffer } from '../../src/stories/pair-scores.js';

const N = 10;

describe('pairScoresFrom answers as the Map it replaces', () => {
  it.each([
    ['ascending keys, taken as they are', [pairKey(0, 1, N), pairKey(0, 5, N), pairKey(3, 4, N)], [0.5, 0.25, 1]],
    ['keys in any order', [pairKey(3, 4, N), pairKey(0, 1, N), pairKey(0, 5, N)], [1, 0.5, 0.25]],
    ['a repeated key: the last score wins', [pairKey(0, 5, N), pairKey(0, 1, N), pairKey(3, 4, N), pairKey(0, 5, N)], [9, 0.5, 1, 0.25]],
  ] as [string, number[], number[]][])('%s', (_name, keys, scores) => {
    const map = new Map(keys.map((k, at) => [k, scores[at] as number]));
    const p = pairScoresFrom(N, keys, scores);
    expect([...p.keys]).toEqual([...map.keys()].sort((a, b) => a - b));
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) expect(scoreBetween(p, i, j)).toBe(i === j ? 0 : (map.get(pairKey(i, j, N)) ?? 0));
    }
  });
});

// Each buffer kind the stories use: doubles (scores), and pair keys among 10 items (Uint32).
const KINDS: [string, (expected?: number) => TypedBuffer<Uint32Array | Float64Array>][] = [
  ['F64Buffer', (expected) => new F64Buffer(expected)],
  ['keyBuffer', (expected) => keyBuffer(N, expected)],
];

describe.each(KINDS)('%s', (_kind, make) => {
  it.each([
    ['empty', [], []],
    ['sorted and unique', [3, 1, 2], [1, 2, 3]],
    ['repeats dropped', [5, 1, 5, 1, 1, 7], [1, 5, 7]],
    ['grown past its first storage', Array.from({ length: 5000 }, (_, k) => (k * 7919) % 3000), Array.from({ length: 3000 }, (_, k) => k)],
    [
      'past several full-size chunks',
      Array.from({ length: 200_000 }, (_, k) => (k * 7919) % 150_000),
      Array.from({ length: 150_000 }, (_, k) => k),
    ],
  ] as [string, number[], number[]][])('%s', (_name, values, expected) => {
    const b = make();
    for (const v of values) b.push(v);
    expect(b.length).toBe(values.length);
    expect([...b.sortedUnique()]).toEqual(expected);
  });

  it.each([
    ['no size given', undefined, 3000],
    ['the size it gets', 3000, 3000],
    ['fewer than it gets', 5000, 3000],
    ['more than it gets', 10, 3000],
  ] as [string, number | undefined, number][])('view() keeps every element in order: %s', (_name, expected, count) => {
    const b = make(expected);
    const values = Array.from({ length: count }, (_, k) => (k * 31) % 1000);
    for (const v of values) b.push(v);
    expect([...b.view()]).toEqual(values);
  });
});

describe('keyBuffer holds every pair key of n items', () => {
  it.each([
    [3, Uint32Array],
    [65_536, Uint32Array],
    [65_537, Float64Array],
    [200_000, Float64Array],
  ] as const)('n = %i: %o', (n, kind) => {
    const b = keyBuffer(n);
    const largest = pairKey(n - 2, n - 1, n);
    b.push(largest);
    b.push(pairKey(0, 1, n));
    const keys = b.sortedUnique();
    expect(keys).toBeInstanceOf(kind);
    expect([...keys]).toEqual([pairKey(0, 1, n), largest]);
  });
});
