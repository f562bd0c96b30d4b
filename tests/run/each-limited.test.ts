// eachLimited: every index once, in ascending order, never more of the caller's tasks in the pool (running or
// queued) than its concurrency, and no new index after a failure.
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { eachLimited } from '../../src/each-limited.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * 3));

describe('eachLimited', () => {
  it.each([
    [0, 1],
    [1, 16],
    [5, 1],
    [5, 3],
    [40, 3],
    [40, 16],
  ])('%i indexes through a pool of %i', async (n, concurrency) => {
    const limit = pLimit(concurrency);
    const started: number[] = [];
    let inPool = 0;
    await eachLimited(n, limit, async (i) => {
      started.push(i);
      inPool = Math.max(inPool, limit.activeCount + limit.pendingCount);
      await tick();
    });
    expect(started).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(inPool).toBeLessThanOrEqual(concurrency);
  });

  it('takes no new index after a failure, lets the running ones finish, and rejects with the first failure', async () => {
    const limit = pLimit(3);
    const started: number[] = [];
    const finished: number[] = [];
    const run = eachLimited(30, limit, async (i) => {
      started.push(i);
      if (i === 4) throw new Error('disk full at 4');
      await tick();
      if (i === 5) throw new Error('later failure at 5');
      finished.push(i);
    });
    await expect(run).rejects.toThrow('disk full at 4');
    expect(Math.max(...started)).toBeLessThan(4 + 3);
    expect(finished.sort((a, b) => a - b)).toEqual(started.filter((i) => i !== 4 && i !== 5).sort((a, b) => a - b));
  });
});
