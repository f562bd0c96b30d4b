// Run by equal.test.ts in a child process: a crawl of the fixtures with two workers, and nothing else keeping the
// process alive, so a pool whose workers let the event loop end early makes this exit before printing "done".
import { crawlFixturesFromArgv } from '../e2e/child-fixture-crawl.js';

const r = await crawlFixturesFromArgv({ workers: 2 });
process.stdout.write(r.kind === 'done' ? `done ${r.report.counts.flagged}\n` : `${r.kind}\n`);
