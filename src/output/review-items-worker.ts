// The review items worker (review-items.ts): opens the store read-only, then writes each job's text in the order
// the jobs come (candidates.json's items, then review.html's item block) and answers { kind, count }, or
// { kind, error } when it could not (the main thread then renders that text itself). It stays until the main
// thread terminates it, so an answer never races its exit.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../state/store.js';
import { errorMessage } from '../errors.js';
import { releaseFreedPages } from '../heap-release.js';
import { writeAsideJob, type AsideAnswer, type AsideJob } from './review-items.js';

// No quick_check: the main thread's connection checked this file when the run opened it and holds it open, under
// the run lock, while this thread reads.
const store = openStore((workerData as { statePath: string }).statePath, { readonly: true, quickCheck: false });

parentPort?.on('message', (job: AsideJob) => {
  let answer: AsideAnswer;
  try {
    answer = { kind: job.kind, count: writeAsideJob(store, job) };
  } catch (e) {
    answer = { kind: job.kind, error: errorMessage(e) };
  }
  parentPort?.postMessage(answer);
  // The block is the last job: its store connection is let go at once rather than at the thread's end, and the
  // heap pages it freed are given back while the main thread writes review.html (heap-release.ts).
  if (job.kind === 'block') store.close(), releaseFreedPages();
});
