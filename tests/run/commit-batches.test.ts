// orderedBatches: a long feed's finished items are handed on in feed order, a batch at a time, whatever order
// they finish in; a feed shorter than a batch is handed on whole at the end, as before batching.
import { describe, expect, it } from 'vitest';
import { orderedBatches } from '../../src/commit-batches.js';

function run(batchSize: number, finishOrder: number[]): { flushed: number[][]; rest: number[] } {
  const flushed: number[][] = [];
  const b = orderedBatches<number>(batchSize, (batch) => flushed.push(batch));
  for (const i of finishOrder) b.put(i, i);
  return { flushed, rest: b.rest() };
}

describe('orderedBatches', () => {
  it.each([
    // [batch size, finish order, batches flushed while running, handed on by rest()]
    [3, [0, 1], [], [0, 1]],
    [
      3,
      [0, 1, 2, 3, 4, 5, 6],
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      [6],
    ],
    [3, [2, 1, 0, 3], [[0, 1, 2]], [3]],
    [2, [3, 2, 1, 0], [[0, 1, 2, 3]], []],
    [
      2,
      [1, 3, 0, 2],
      [
        [0, 1],
        [2, 3],
      ],
      [],
    ],
    [32, Array.from({ length: 10 }, (_, i) => 9 - i), [], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  ] as const)('batch %i, finished %j: flushed %j, rest %j', (size, order, flushed, rest) => {
    expect(run(size, [...order])).toEqual({ flushed, rest });
  });

  it('rest() refuses to hand on values past an index that never finished', () => {
    const b = orderedBatches<number>(4, () => undefined);
    b.put(1, 1);
    expect(() => b.rest()).toThrow(/missing index 0/);
  });
});
