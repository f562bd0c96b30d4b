// Runs a task per index through a p-limit pool, handing the pool an index only when this caller has fewer than
// the pool's concurrency waiting or running. Queuing every index at once (Promise.all over map) holds a promise,
// a closure and a queue entry per index until its turn: a first crawl over a large backlog queued every feed's
// items that way (200 per feed in the bench's 10,000-page crawl). Guarantees: indexes are taken in ascending
// order, each at most once, never more than `limit.concurrency` of this caller's at once; after a task fails no
// new index is taken, and the promise rejects with that first failure once the running tasks have settled.
import type { LimitFunction } from 'p-limit';

export async function eachLimited(n: number, limit: LimitFunction, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { reason: unknown } | undefined;
  const runner = async (): Promise<void> => {
    while (failure === undefined && next < n) {
      const i = next++;
      await limit(() => task(i)).catch((reason: unknown) => void (failure ??= { reason }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, Math.max(1, limit.concurrency)) }, runner));
  if (failure) throw failure.reason;
}
