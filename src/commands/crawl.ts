// `wirewatch crawl` and `wirewatch demo`. Config and watchlist are validated before the lock and before any
// request (exit 2 with every problem listed); a held lock exits 75 having written nothing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSources } from '../config.js';
import { loadWatchlistFile } from '../match/load.js';
import { crawl, type CrawlOptions } from '../run.js';
import { createLogger } from '../log.js';
import { problemLines } from '../output/report.js';
import { EXIT, UsageError, statePath, type CommandIO, type Values } from '../cli.js';

/** The package root (holds sources.json, watchlist.json, fixtures/), from dist/commands or src/commands. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const NETWORK_CODES = new Set(['network_error', 'timeout_connect', 'timeout_headers', 'timeout_total', 'tls_error']);

function parseNow(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now must be an ISO date-time, got ${JSON.stringify(v)}`);
  return d;
}

export async function runCrawl(v: Values, io: CommandIO, extra: Partial<CrawlOptions> = {}): Promise<number> {
  const config = loadSources(String(v.sources));
  const watchlist = loadWatchlistFile(String(v.watchlist));
  const only = typeof v.only === 'string' ? v.only.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const unknown = only?.filter((id) => !config.sources.some((s) => s.id === id)) ?? [];
  if (unknown.length) throw new UsageError(`--only names unknown source ids: ${unknown.join(', ')}`);
  const log = await createLogger(v.quiet ? 'quiet' : v.verbose ? 'verbose' : 'normal');
  const deadlineMs = typeof v['deadline-ms'] === 'string' ? Number(v['deadline-ms']) : undefined;
  const abort = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    signalled = sig;
    log.warn({ signal: sig }, 'stopping: finishing with what the run has');
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await crawl({
      config, watchlist, log, outDir: String(v.out), statePath: statePath(v),
      ...(typeof v.replay === 'string' ? { replayDir: v.replay } : {}),
      ...(only ? { only } : {}),
      dryRun: v['dry-run'] === true,
      ...(parseNow(v.now) ? { now: parseNow(v.now) } : {}),
      ...(deadlineMs ? { fetch: { deadlineMs } } : {}),
      signal: abort.signal,
      ...extra,
    });
    if (result.kind === 'locked') {
      io.stderr.write(`wirewatch: another run holds the lock on ${statePath(v)}; nothing done\n`);
      return EXIT.locked;
    }
    const { report } = result;
    if (v.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    const c = report.counts;
    io.stderr.write(`wirewatch: ${c.itemsSeen} items seen, ${c.new} new, ${c.fetched} pages fetched, ${c.flagged} flagged, ${c.failed} failed\n`);
    for (const line of problemLines(report.sources)) io.stderr.write(`  ${line}\n`);
    const offline = report.sources.some((s) => s.feeds.some((f) => f.code && NETWORK_CODES.has(f.code)));
    if (offline) io.stderr.write('wirewatch: some sources could not be reached (offline?). `npm run demo` crawls the bundled fixtures instead.\n');
    if (!v['dry-run']) io.stderr.write(`wirewatch: outputs in ${result.candidatesPath}, ${result.reviewPath}, ${result.reportPath}\n`);
    if (signalled) return signalled === 'SIGINT' ? 130 : 143;
    return report.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The replay clock of the bundled fixtures (fixtures/replay.json), so their dates are never "in the future". */
export function fixturesNow(dir: string): string {
  const meta = JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8')) as { now: string };
  return meta.now;
}

export async function runDemo(v: Values, io: CommandIO): Promise<number> {
  const out = typeof v.out === 'string' ? v.out : mkdtempSync(join(tmpdir(), 'wirewatch-demo-'));
  const fixtures = join(PACKAGE_ROOT, 'fixtures');
  const code = await runCrawl(
    {
      sources: join(PACKAGE_ROOT, 'sources.json'), watchlist: join(PACKAGE_ROOT, 'watchlist.json'), out,
      replay: fixtures, now: fixturesNow(fixtures), json: v.json, quiet: true,
    },
    io,
  );
  io.stdout.write(`Demo crawl of the bundled fixtures done (exit ${code}).\n  candidates: ${join(out, 'candidates.json')}\n  review:     ${join(out, 'review.html')}\n  run report: ${join(out, 'runs')}/\n`);
  return code;
}
