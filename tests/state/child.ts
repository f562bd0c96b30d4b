// A separate process for crash and lock tests: `node --import tsx child.ts <mode> <path>`.
// lock: takes the run lock on <path>, prints "locked", then stays alive until killed.
// commit: commits two feeds to the store at <path> (FEED: items n1, n2, etag "v2"; FEED2: item n3, etag "w2").
// commit-loop: prints "ready", then commits LOOP_FEEDS feeds of LOOP_ITEMS items each (feed i: etag "e<i>"),
// printing "c<i>" after each commit so a parent can kill it mid-stream at a chosen feed, whatever the load.
// write: replaces <path> atomically with a 2 MB JSON document, prints "done".
// Run with WIREWATCH_CRASH_AT to be SIGKILLed at a named commit point.
import { acquireRunLock } from '../../src/state/lock.js';
import { openStore } from '../../src/state/store.js';
import { writeFileAtomic } from '../../src/durable/atomic.js';
import { FEED2, LOOP_FEEDS, LOOP_ITEMS, feedOk, loopFeed, obs } from './helpers.js';

const [mode, path] = process.argv.slice(2);
if (!path) throw new Error('usage: child.ts <lock|commit|write> <path>');

if (mode === 'lock') {
  const lock = await acquireRunLock(path, { staleMs: 60_000 });
  process.stdout.write(lock === 'held' ? 'held\n' : 'locked\n');
  setInterval(() => undefined, 60_000);
} else if (mode === 'commit') {
  const store = openStore(path);
  store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }, '"v2"'), [obs('n1'), obs('n2')]);
  store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z', feedUrl: FEED2 }, '"w2"'), [obs('n3')]);
  store.close();
  process.stdout.write('done\n');
} else if (mode === 'commit-loop') {
  const store = openStore(path);
  process.stdout.write('ready\n');
  for (let i = 0; i < LOOP_FEEDS; i++) {
    const items = Array.from({ length: LOOP_ITEMS }, (_, k) => obs(`f${i}-${k}`));
    store.commitFeed(feedOk({ feedUrl: loopFeed(i) }, `"e${i}"`), items);
    process.stdout.write(`c${i}\n`);
  }
  store.close();
  process.stdout.write('done\n');
} else if (mode === 'write') {
  const doc = { generation: 'new', items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: 'x'.repeat(80) })) };
  await writeFileAtomic(path, JSON.stringify(doc));
  process.stdout.write('done\n');
}
