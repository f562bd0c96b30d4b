// The crawl a test's child process runs: the repository's sources and watchlist over the recorded fixtures, with
// the arguments the parent passes (ROOT, FIXTURES, FIXTURES_NOW, an out dir) and a silent log. Used by
// tests/workers/child-crawl.ts and tests/project/tier-up-child.ts, which differ only in the options they add.
import { join } from 'node:path';
import pino from 'pino';
import { loadSources } from '../../src/config.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl, type CrawlOptions, type CrawlResult } from '../../src/run.js';

export function crawlFixturesFromArgv(options: Pick<CrawlOptions, 'workers' | 'dryRun'>): Promise<CrawlResult> {
  const [root, fixtures, now, out] = process.argv.slice(2) as [string, string, string, string];
  return crawl({
    config: loadSources(join(root, 'sources.json')),
    watchlist: loadWatchlistFile(join(root, 'watchlist.json')),
    outDir: out,
    statePath: join(out, 'state.db'),
    replayDir: fixtures,
    now: new Date(now),
    log: pino({ level: 'silent' }),
    ...options,
  });
}
