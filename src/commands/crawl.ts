// `wirewatch crawl` and `wirewatch demo`. Config and watchlist are validated before the lock and before any
// request (exit 2 with every problem listed); a held lock exits 75 having written nothing.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSources } from '../config.js';
import { PACKAGE_ROOT } from '../paths.js';
import { loadWatchlistFile, warningLines } from '../match/load.js';
import { crawl, RUN_DEFAULTS, type CrawlOptions, type CrawlResult } from '../run.js';
import { createLogger } from '../log.js';
import { replayProblems } from '../fetch/index.js';
import { problemLines } from '../output/report.js';
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import { onlyIds, onlyNote, statePath, type CommandIO, type Values } from './args.js';

export { PACKAGE_ROOT } from '../paths.js';

/** The shipped User-Agent's placeholder contact (RFC 2606 names): a live crawl with it names nobody. */
const EXAMPLE_CONTACT = /\bexample\.(?:org|com|net)\b/i;

const NETWORK_CODES = new Set(['network_error', 'timeout_connect', 'timeout_headers', 'timeout_total', 'tls_error']);

function parseNow(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now must be an ISO date-time, got ${JSON.stringify(v)}`);
  return d;
}

/** The longest run deadline: a day. A cron or schedule run longer than that overlaps the next (and '3000000000',
 *  some 35 days, once fired at once and deferred every request: the fetcher now re-arms a deadline that far). */
const MAX_DEADLINE_MS = 86_400_000;

/** --deadline-ms: a whole number of milliseconds from 1 to a day, or a usage error (never silently no deadline). */
function parseDeadline(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) <= 0)
    throw new UsageError(`--deadline-ms must be a whole number of milliseconds above 0, got ${JSON.stringify(v)}`);
  if (Number(v) > MAX_DEADLINE_MS)
    throw new UsageError(`--deadline-ms must be at most ${MAX_DEADLINE_MS} (one day), got ${JSON.stringify(v)}`);
  return Number(v);
}

/** --replay DIR must be a readable directory of sound recordings: checked before anything is opened or written,
 *  every bad recording named at once. */
function checkReplayDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`--replay ${dir}: no such directory`);
  }
  if (!isDir) throw new UsageError(`--replay ${dir}: not a directory`);
  const problems = replayProblems(dir);
  if (problems.length)
    throw new UsageError(`--replay ${dir}: ${problems.length} bad recording${problems.length > 1 ? 's' : ''}:\n  ${problems.join('\n  ')}`);
}

/** The run clock: --now, else a replay's own clock (its replay.json), else the real clock (undefined). */
function runClock(v: Values): { now?: Date; from?: string } {
  const given = parseNow(v.now);
  if (given) return { now: given };
  if (typeof v.replay !== 'string' || !existsSync(join(v.replay, 'replay.json'))) return {};
  const file = join(v.replay, 'replay.json');
  let now: string | undefined;
  try {
    now = fixturesNow(v.replay);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const d = typeof now === 'string' ? new Date(now) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${file}: "now" must be an ISO date-time`);
  return { now: d, from: file };
}

/** The parts of the summary that only show when there is something to say. */
function tail(c: { pageErrors: number; skipped: number; dropped: number }): string {
  const parts: string[] = [];
  if (c.pageErrors) parts.push(`${c.pageErrors} page${c.pageErrors > 1 ? 's' : ''} not read`);
  if (c.skipped) parts.push(`${c.skipped} item${c.skipped > 1 ? 's' : ''} deferred to the next run`);
  if (c.dropped) parts.push(`${c.dropped} feed entr${c.dropped > 1 ? 'ies' : 'y'} left out (see the run report)`);
  return parts.length ? `, ${parts.join(', ')}` : '';
}

/** What the command line asks of a crawl, checked: the sources and the watchlist validated (their warnings
 *  printed), `--only`'s ids known. Any problem throws before anything is fetched. */
function crawlInputs(v: Values, io: CommandIO) {
  if (typeof v.replay === 'string') checkReplayDir(v.replay);
  const clock = runClock(v);
  const deadlineMs = parseDeadline(v['deadline-ms']);
  const config = loadSources(String(v.sources));
  const watchlist = loadWatchlistFile(String(v.watchlist));
  if (typeof v.replay !== 'string' && EXAMPLE_CONTACT.test(config.userAgent)) {
    io.stderr.write(
      `wirewatch: warning: the User-Agent in ${String(v.sources)} still names the example contact (${config.userAgent}); the sites see it on every request: set your own contact URL or address there\n`,
    );
  }
  for (const line of warningLines(watchlist)) io.stderr.write(`${line}\n`);
  const only = onlyIds(v, config);
  const note = onlyNote(only, config);
  if (note) io.stderr.write(`${note}\n`);
  return { clock, deadlineMs, config, watchlist, only };
}

export async function runCrawl(v: Values, io: CommandIO, extra: Partial<CrawlOptions> = {}): Promise<ExitCode> {
  const { clock, deadlineMs, config, watchlist, only } = crawlInputs(v, io);
  const log = await createLogger(v.quiet ? 'quiet' : v.verbose ? 'verbose' : 'normal');
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
      config,
      watchlist,
      log,
      outDir: String(v.out),
      statePath: statePath(v),
      ...(typeof v.replay === 'string' ? { replayDir: v.replay } : {}),
      ...(only ? { only } : {}),
      dryRun: v['dry-run'] === true,
      ...(clock.now ? { now: clock.now } : {}),
      fetch: { deadlineMs: deadlineMs ?? RUN_DEFAULTS.deadlineMs },
      signal: abort.signal,
      ...extra,
    });
    if (result.kind === 'locked') {
      io.stderr.write(`wirewatch: another run holds the lock on ${statePath(v)}; nothing done\n`);
      return EXIT.locked;
    }
    summarize(result, v, io, clock);
    if (signalled) return signalled === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    return result.report.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A finished run told on stderr (and its report on stdout with --json): the counts, flagged items outside the
 *  window, each source's problems, a hint when nothing could be reached, and where the outputs are. */
function summarize(result: Extract<CrawlResult, { kind: 'done' }>, v: Values, io: CommandIO, clock: { now?: Date; from?: string }): void {
  const { report } = result;
  if (v.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  const c = report.counts;
  const dry = v['dry-run'] === true;
  if (clock.from && !v.quiet)
    io.stderr.write(`wirewatch: replay clock ${clock.now?.toISOString()} from ${clock.from} (--now ISO to change it)\n`);
  io.stderr.write(
    `wirewatch: ${dry ? 'dry run, nothing written; a crawl now would report: ' : ''}${c.itemsSeen} items seen, ${c.new} new, ${c.fetched} pages fetched, ${c.flagged} flagged, ${c.failed} failed${tail(c)}\n`,
  );
  if (result.flaggedOutsideWindow > 0) {
    const all = result.flaggedOutsideWindow === c.flagged;
    io.stderr.write(
      `wirewatch: ${all ? `all ${c.flagged}` : `${result.flaggedOutsideWindow} of ${c.flagged}`} flagged item${c.flagged > 1 ? 's are' : ' is'} older than the ${RUN_DEFAULTS.retentionDays}-day window of candidates.json and review.html, so ${all ? 'none shows' : 'those do not show'} there${typeof v.replay === 'string' ? ' (replaying old recordings? give --now the time they were recorded)' : ''}\n`,
    );
  }
  for (const line of problemLines(report.sources)) io.stderr.write(`  ${line}\n`);
  const misses = replayMissLine(result.replayMisses, v.replay);
  if (misses) io.stderr.write(misses);
  const offline = report.sources.some((s) => s.feeds.some((f) => f.code && NETWORK_CODES.has(f.code)));
  if (offline)
    io.stderr.write('wirewatch: some sources could not be reached (offline?). `npm run demo` crawls the bundled fixtures instead.\n');
  if (!dry) io.stderr.write(`wirewatch: outputs in ${result.candidatesPath}, ${result.reviewPath}, ${result.reportPath}\n`);
}

/** The most addresses the summary names when a replay lacks recordings; the rest are counted. */
const MAX_NAMED_MISSES = 3;

/** A replay answers an address it has no recording of with 404, which the lines above report as the site's: say
 *  which were not recorded, and how to record one. */
function replayMissLine(misses: readonly string[], dir: unknown): string | undefined {
  const unique = [...new Set(misses)];
  if (unique.length === 0 || typeof dir !== 'string') return undefined;
  const named = unique.slice(0, MAX_NAMED_MISSES).join(', ');
  const more = unique.length > MAX_NAMED_MISSES ? ` and ${unique.length - MAX_NAMED_MISSES} more` : '';
  const what = unique.length === 1 ? 'address is' : 'addresses are';
  return `wirewatch: ${unique.length} ${what} not recorded in ${dir} (each answered 404 in this replay): ${named}${more}; \`wirewatch record URL\` records one\n`;
}

/** The replay clock of the bundled fixtures (fixtures/replay.json), so their dates are never "in the future". */
export function fixturesNow(dir: string): string {
  const meta = JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8')) as { now: string };
  return meta.now;
}

export async function runDemo(v: Values, io: CommandIO): Promise<ExitCode> {
  const out = typeof v.out === 'string' ? v.out : mkdtempSync(join(tmpdir(), 'wirewatch-demo-'));
  const fixtures = join(PACKAGE_ROOT, 'fixtures');
  const code = await runCrawl(
    {
      sources: join(PACKAGE_ROOT, 'sources.json'),
      watchlist: join(PACKAGE_ROOT, 'watchlist.json'),
      out,
      replay: fixtures,
      now: fixturesNow(fixtures),
      json: v.json,
      quiet: true,
    },
    io,
  );
  io.stdout.write(
    `Demo crawl of the bundled fixtures done (exit ${code}).\n  candidates: ${join(out, 'candidates.json')}\n  review:     ${join(out, 'review.html')}\n  run report: ${join(out, 'runs')}/\n`,
  );
  return code;
}
