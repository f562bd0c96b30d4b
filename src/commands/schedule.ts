// `wirewatch schedule --every 30m`: crawls on a timer in one long-lived process, for a container without
// cron. Every tick takes the same run lock as `crawl`, so a tick that finds a run in progress skips (75) and
// the next one goes ahead. SIGINT/SIGTERM stop the loop between runs (a running crawl ends cleanly itself, exit
// 130/143), with a line saying so; the command's exit is its last run's.
// A configuration that is bad at the first tick stops the command (exit 2, nothing fetched); one that goes bad
// later (sources.json edited between runs), or an out dir the run cannot use, skips that tick, says why, and the
// next tick tries again, as cron would: a long-lived process does not die on an edit the editor is about to fix.
import { setTimeout as sleep } from 'node:timers/promises';
import { runCrawl } from './crawl.js';
import { ConfigError, errorMessage } from '../errors.js';
import { ioProblem, ioProblemLine } from '../io-errors.js';
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import type { CommandIO, Values } from './args.js';

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };
/** The longest gap between runs. A feed scrolls past its items within days, so a longer gap loses stories; and a
 *  Node timer cannot wait past 2^31 - 1 ms (~24.8 days): a longer wait fires at once, every run back to back. */
const MAX_EVERY_MS = 7 * 86_400_000;
/** Below this, a schedule over the live sites earns a warning: the outlets' feeds change a few times an hour, a
 *  source's minDelayMs spaces requests within one run only (each run starts afresh), and www.people.com.cn asks
 *  for 120 s between requests. Replays may tick as fast as they like. */
const LIVE_MIN_EVERY_MS = 5 * 60_000;

export function parseEvery(text: string): number {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!m) throw new UsageError(`--every must look like 90s, 30m, 2h or 1d, got ${JSON.stringify(text)}`);
  const ms = Number(m[1]) * (UNITS_MS[m[2] as string] as number);
  if (ms < 1000) throw new UsageError('--every must be at least 1s');
  if (ms > MAX_EVERY_MS)
    throw new UsageError(`--every must be at most 7d (a feed scrolls past its items within days), got ${JSON.stringify(text)}`);
  return ms;
}

/** --times N: how many runs, a whole number from 1; no --times runs until stopped. */
export function parseTimes(text: unknown): number {
  if (text === undefined) return Infinity;
  if (typeof text !== 'string' || !/^\s*[1-9]\d*\s*$/.test(text))
    throw new UsageError(`--times must be a whole number from 1, got ${JSON.stringify(text)}`);
  return Number(text);
}

export async function runSchedule(v: Values, io: CommandIO): Promise<ExitCode> {
  const everyMs = parseEvery(String(v.every));
  const times = parseTimes(v.times);
  if (everyMs < LIVE_MIN_EVERY_MS && v.replay === undefined && times > 1)
    io.stderr.write(
      `wirewatch schedule: warning: --every ${String(v.every).trim()} polls the live sites more often than every 5 minutes; their feeds change a few times an hour, and the delay between requests to a host holds within one run only\n`,
    );
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const stopOn = (signal: NodeJS.Signals) => (): void => {
    stoppedBy = signal;
    stop.abort();
  };
  const onSigint = stopOn('SIGINT');
  const onSigterm = stopOn('SIGTERM');
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  let last: ExitCode = EXIT.ok;
  let runs = 0;
  try {
    for (let i = 0; i < times && !stop.signal.aborted; i++) {
      runs = i + 1;
      const started = Date.now();
      last = i === 0 ? await runCrawl(v, io) : await laterRun(v, io, i + 1);
      if (i === 0 && last === EXIT.usage) return last; // a first run's usage problem will not fix itself
      const waitMs = Math.max(0, everyMs - (Date.now() - started));
      const next =
        i + 1 < times && !stop.signal.aborted ? `; the next at ${new Date(Date.now() + waitMs).toISOString().slice(0, 19)}Z` : '';
      io.stderr.write(`wirewatch schedule: run ${i + 1} ended with exit ${last}${next}\n`);
      if (i + 1 >= times) break;
      await sleep(waitMs, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
  // A stop is said in so many words: the log of a container that was stopped should not read like one that hung.
  if (stoppedBy) io.stderr.write(`wirewatch schedule: stopped by ${stoppedBy} after ${runs} run${runs === 1 ? '' : 's'}\n`);
  return last === EXIT.locked ? EXIT.ok : last;
}

/** A run after the first: what the dispatcher would report as exit 2 (a bad configuration or command line, a
 *  file or directory the run cannot use) is reported and the schedule goes on; anything else ends it. */
async function laterRun(v: Values, io: CommandIO, n: number): Promise<ExitCode> {
  try {
    return await runCrawl(v, io);
  } catch (e) {
    const problem = ioProblem(e);
    if (problem) io.stderr.write(`wirewatch schedule: run ${n} stopped: ${ioProblemLine(problem)}\n`);
    else if (e instanceof ConfigError || e instanceof UsageError)
      io.stderr.write(`wirewatch schedule: run ${n} not started, nothing fetched: ${errorMessage(e).replaceAll('\n', '\n  ')}\n`);
    else throw e;
    return EXIT.usage;
  }
}
