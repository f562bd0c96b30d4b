// `schedule --every` and `--times` as tables: what each text means, what is refused with a usage error, and when a
// schedule over the live sites is warned that it polls them too often. The crawl itself is replaced by a stub here:
// these cases are about the schedule's own words, and a live crawl would touch the network.
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { parseEvery, parseTimes, runSchedule } from '../../src/commands/schedule.js';

// Each run stops the schedule at once, as a SIGTERM would (process.emit reaches only the schedule's listener).
vi.mock('../../src/commands/crawl.js', () => ({ runCrawl: async () => (process.emit('SIGTERM'), 0) }));

const HOUR_MS = 3_600_000;

describe('parseEvery', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 30 * 60_000],
    [' 2h ', 2 * HOUR_MS],
    ['1d', 24 * HOUR_MS],
    ['7d', 7 * 24 * HOUR_MS],
    ['168h', 7 * 24 * HOUR_MS],
  ])('%j → %i ms', (text, ms) => {
    expect(parseEvery(text)).toBe(ms);
  });

  it.each([
    ['0s', /at least 1s/],
    ['8d', /at most 7d/],
    // Past 2^31 - 1 ms a Node timer fires at once: this would crawl back to back.
    ['600h', /at most 7d/],
    ['1w', /must look like 90s, 30m, 2h or 1d/],
    ['30', /must look like/],
    ['-5m', /must look like/],
  ])('%j is refused', (text, message) => {
    expect(() => parseEvery(text)).toThrow(message);
  });
});

describe('parseTimes', () => {
  it.each([
    [undefined, Infinity],
    ['1', 1],
    ['12', 12],
  ])('%j → %s', (text, n) => {
    expect(parseTimes(text)).toBe(n);
  });

  it.each(['0', '2.5', '-1', 'abc', ''])('%j is refused', (text) => {
    expect(() => parseTimes(text)).toThrow(/--times must be a whole number from 1/);
  });
});

describe('a schedule over the live sites that polls them too often is warned', () => {
  const WARNING = /^wirewatch schedule: warning: --every 1m polls the live sites more often than every 5 minutes;/m;
  it.each([
    ['--every 1m, live', { every: '1m', times: '2' }, true],
    ['--every 1m, live, until stopped', { every: '1m', times: undefined }, true],
    ['--every 5m, live', { every: '5m', times: '2' }, false],
    ['--every 1m over a replay', { every: '1m', times: '2', replay: 'fixtures' }, false],
    ['--every 1m, one run only', { every: '1m', times: '1' }, false],
  ])('%s', async (_case, values, warned) => {
    const stderr = new PassThrough();
    const said: string[] = [];
    stderr.on('data', (d) => said.push(String(d)));
    await runSchedule(values, { stdout: new PassThrough(), stderr, stdin: new PassThrough() });
    expect(WARNING.test(said.join(''))).toBe(warned);
  });
});
