// Run by runtime.test.ts in a child process started with --allow-natives-syntax --no-concurrent-recompilation: the
// calls a fresh function takes before TurboFan optimises it, before and after a crawl (a dry run of the fixtures on
// this thread), so the test sees whether crawl() set the tier-up budget on its process.
import { crawlFixturesFromArgv } from '../e2e/child-fixture-crawl.js';
import { CALLS_TO_OPTIMISE } from './tier-probe.js';

const callsToOptimise = (): number => new Function(CALLS_TO_OPTIMISE)() as number;

const before = callsToOptimise();
const r = await crawlFixturesFromArgv({ workers: 0, dryRun: true });
process.stdout.write(`${r.kind} ${before} ${callsToOptimise()}\n`);
