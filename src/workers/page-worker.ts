// One worker thread of the page pool (page-pool.ts): compiles the watchlist once from its file (with the main thread's
// character tables, so they are not built again here), then answers each
// { id, input } with { id, result } from pageWork, or { id, error } when pageWork itself threw (the main thread
// then does that item itself). Asked { release: true } once the crawl is over, it gives its freed heap pages back
// (heap-release.ts) and answers { released } before the main thread terminates it.
import { parentPort, workerData } from 'node:worker_threads';
import { adoptCharTables } from '../match/chars.js';
import { loadWatchlistFile } from '../match/load.js';
import { pageWork, type PageWorkInput } from '../stages/page-work.js';
import { errorMessage } from '../errors.js';
import { releaseFreedPages, type ReleaseAnswer, type ReleaseAsk } from '../heap-release.js';

const data = workerData as { watchlistFile: string; charTables?: unknown };
adoptCharTables(data.charTables);
const watchlist = loadWatchlistFile(data.watchlistFile);

parentPort?.on('message', (msg: { id: number; input: PageWorkInput } | ReleaseAsk) => {
  if ('release' in msg) return void parentPort?.postMessage({ released: releaseFreedPages() } satisfies ReleaseAnswer);
  const { response } = msg.input;
  // A Buffer arrives as a plain Uint8Array; the decoder wants a Buffer over the same bytes.
  const body = Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength);
  try {
    const result = pageWork({ ...msg.input, response: { ...response, body } }, watchlist);
    parentPort?.postMessage({ id: msg.id, result });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: errorMessage(e) });
  }
});
