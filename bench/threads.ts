// Where a crawl's CPU goes, thread by thread: process.cpuUsage() gives one figure for the whole process, and a
// profile shows JavaScript threads only, so neither shows the CPU that V8 spends on its own background threads
// (concurrent marking, parallel scavenges, sweeping, optimising compiles) for the main thread and both page
// workers. Linux only (/proc/self/task/<tid>/stat); elsewhere the ledger stays empty and the bench prints no split.
import { readdirSync, readFileSync } from 'node:fs';

export const THREAD_DEFAULTS = {
  /** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux port Node runs on). */
  ticksPerSecond: 100,
};

/** CPU of one thread, split by who ran it: the main thread, threads that started after the ledger did (the page
 *  workers, and libuv's pool once it is first used), threads alive before it (V8's platform threads). */
export interface ThreadSplit {
  mainMs: number;
  startedMs: number;
  backgroundMs: number;
}

/** utime + stime of one /proc/<pid>/task/<tid>/stat line, in ms. The command name (in parentheses) may hold
 *  spaces, so the fields are counted from the last ')'. */
export function cpuMsOfStat(stat: string, ticksPerSecond = THREAD_DEFAULTS.ticksPerSecond): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3 of the line, utime 14 and stime 15 (proc(5)), i.e. indexes 11 and 12 here.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc stat line: ${stat.slice(0, 80)}`);
  return (ticks * 1000) / ticksPerSecond;
}

function sampleThreads(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      out.set(Number(tid), cpuMsOfStat(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    } catch {
      // The thread ended between the listing and the read: its last sample stands.
    }
  }
  return out;
}

/** Splits CPU by thread from samples taken while the crawl runs. A thread's figure is its last sample, so a
 *  thread that ends loses what it used after that sample (the page workers end with the crawl: at most one
 *  sampling interval of each). */
export function splitThreads(
  before: ReadonlySet<number>,
  mainTid: number,
  last: ReadonlyMap<number, number>,
  start: ReadonlyMap<number, number>,
): ThreadSplit {
  const split: ThreadSplit = { mainMs: 0, startedMs: 0, backgroundMs: 0 };
  for (const [tid, ms] of last) {
    const used = ms - (start.get(tid) ?? 0);
    if (tid === mainTid) split.mainMs += used;
    else if (before.has(tid)) split.backgroundMs += used;
    else split.startedMs += used;
  }
  return split;
}

/** Samples this process's threads from now on; `split()` says how the CPU used since then divides. */
export class ThreadLedger {
  private readonly start = sampleThreads();
  private readonly last = new Map(this.start);

  sample(): void {
    for (const [tid, ms] of sampleThreads()) this.last.set(tid, ms);
  }

  split(): ThreadSplit | undefined {
    this.sample();
    if (this.start.size === 0) return undefined;
    return splitThreads(new Set(this.start.keys()), process.pid, this.last, this.start);
  }
}
