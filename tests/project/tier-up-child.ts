// Run by runtime.test.ts in a child process started with --allow-natives-syntax --no-concurrent-recompilation: the
// calls a fresh function takes before TurboFan optimises it, before and after a crawl (a dry run of the fixtures on
// this thread), so the test sees whether crawl() set the tier-up budget on its process.
import { join } from 'node:path';
import pino from 'pino';
import { loadSources } from '../../src/config.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';
import { CALLS_TO_OPTIMISE } from './tier-probe.js';

const callsToOptimise = (): number => new Function(CALLS_TO_OPTIMISE)() as number;

const [root, fixtures, now, out] = process.argv.slice(2) as [string, string, string, string];
const before = callsToOptimise();
const r = await crawl({
  config: loadSources(join(root, 'sources.json')),
  watchlist: loadWatchlistFile(join(root, 'watchlist.json')),
  outDir: out,
  statePath: join(out, 'state.db'),
  replayDir: fixtures,
  now: new Date(now),
  log: pino({ level: 'silent' }),
  workers: 0,
  dryRun: true,
});
process.stdout.write(`${r.kind} ${before} ${callsToOptimise()}\n`);
