// The bench's CPU-by-thread split: reading a /proc stat line, and dividing samples among the main thread, threads
// the crawl started and threads alive before it.
import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cpuMsOfStat, splitThreads, ThreadLedger } from '../../bench/threads.js';

// Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
const stat = (name: string, utime: number, stime: number): string =>
  `4242 (${name}) R 1 4242 4242 0 -1 4194304 124 0 0 0 ${utime} ${stime} 0 0 20 0 7 0 2024224 3133440 362`;

describe('cpuMsOfStat', () => {
  it.each([
    ['node', 150, 25, 1750],
    ['V8 DefaultWorke', 7, 0, 70],
    ['a (strange) name', 1, 1, 20],
  ])('%s: utime %d + stime %d ticks → %d ms', (name, utime, stime, ms) => {
    expect(cpuMsOfStat(stat(name, utime, stime))).toBe(ms);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => cpuMsOfStat('not a stat line')).toThrow(/not a \/proc stat line/);
  });
});

type Samples = [tid: number, ms: number][];
describe('splitThreads', () => {
  it.each<[string, Samples, Samples, number[], ReturnType<typeof splitThreads>]>([
    ['main only', [[1, 500]], [[1, 100]], [], { mainMs: 400, startedMs: 0, backgroundMs: 0 }],
    [
      'a background thread alive before',
      [
        [1, 100],
        [2, 300],
      ],
      [
        [1, 100],
        [2, 100],
      ],
      [2],
      { mainMs: 0, startedMs: 0, backgroundMs: 200 },
    ],
    [
      'a worker started during the crawl',
      [
        [1, 100],
        [3, 900],
      ],
      [[1, 100]],
      [],
      { mainMs: 0, startedMs: 900, backgroundMs: 0 },
    ],
  ])('%s', (_name, last, start, before, expected) => {
    expect(splitThreads(new Set([1, ...before]), 1, new Map(last), new Map(start))).toEqual(expected);
  });
});

describe.runIf(process.platform === 'linux' && isMainThread)('ThreadLedger on this process', () => {
  it('charges CPU burnt on the main thread to the main thread, not to the others', () => {
    const ledger = new ThreadLedger();
    const cpu0 = process.cpuUsage();
    const until = Date.now() + 200;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const cpu = process.cpuUsage(cpu0);
    const split = ledger.split();
    expect(x).toBeGreaterThan(0);
    // /proc counts in 10 ms ticks; the loop is most of what this process did meanwhile.
    expect(split?.mainMs).toBeGreaterThanOrEqual((cpu.user + cpu.system) / 2000 - 20);
    expect(split?.mainMs).toBeGreaterThan(split!.startedMs + split!.backgroundMs);
  });
});
