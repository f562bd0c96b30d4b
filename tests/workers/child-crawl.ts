// Run by equal.test.ts in a child process: a crawl of the fixtures with two workers, and nothing else keeping the
// process alive, so a pool whose workers let the event loop end early makes this exit before printing "done".
import { join } from 'node:path';
import pino from 'pino';
import { loadSources } from '../../src/config.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';

const [root, fixtures, now, out] = process.argv.slice(2) as [string, string, string, string];
const r = await crawl({
  config: loadSources(join(root, 'sources.json')),
  watchlist: loadWatchlistFile(join(root, 'watchlist.json')),
  outDir: out,
  statePath: join(out, 'state.db'),
  replayDir: fixtures,
  now: new Date(now),
  log: pino({ level: 'silent' }),
  workers: 2,
});
process.stdout.write(r.kind === 'done' ? `done ${r.report.counts.flagged}\n` : `${r.kind}\n`);
