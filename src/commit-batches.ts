// A long feed's finished items handed on in feed order, a batch at a time, so the crawl commits them while the
// rest are still being read instead of holding the whole feed until its end. Guarantees: every value is flushed
// exactly once, in index order (the run report lists items as the feed did, whatever order they finished in);
// a flush happens only once `batchSize` values in a row from the start are done, so a feed shorter than one batch
// is handed on whole by rest(), exactly as before batching; what waits in memory is the finished values behind
// the oldest unfinished one.

export interface OrderedBatches<T> {
  /** The value at `index` (0-based, each index once) is done; may flush a batch. */
  put(index: number, value: T): void;
  /** The values not yet flushed, in order (call once, after every index was put). */
  rest(): T[];
}

export function orderedBatches<T>(batchSize: number, flush: (batch: T[]) => void): OrderedBatches<T> {
  const done = new Map<number, T>();
  const ready: T[] = [];
  let next = 0;
  return {
    put(index, value) {
      done.set(index, value);
      while (done.has(next)) {
        ready.push(done.get(next) as T);
        done.delete(next++);
      }
      if (ready.length >= batchSize) flush(ready.splice(0));
    },
    rest() {
      if (done.size > 0) throw new Error(`orderedBatches: ${done.size} values after a missing index ${next}`);
      return ready.splice(0);
    },
  };
}
