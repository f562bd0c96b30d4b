// The review items worker (review-items.ts): opens the store read-only, waits for one job, writes its item block
// and answers { count }, or { error } when it could not (the main thread then renders the block itself). It stays
// until the main thread terminates it, so its answer never races its exit.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../state/store.js';
import { errorMessage } from '../errors.js';
import { writeItemBlock, type ItemBlockJob } from './review-items.js';

// No quick_check: the main thread's connection checked this file when the run opened it and holds it open, under
// the run lock, while this thread reads.
const store = openStore((workerData as { statePath: string }).statePath, { readonly: true, quickCheck: false });

parentPort?.once('message', (job: ItemBlockJob) => {
  try {
    parentPort?.postMessage({ count: writeItemBlock(store, job) });
  } catch (e) {
    parentPort?.postMessage({ error: errorMessage(e) });
  } finally {
    store.close();
  }
});
