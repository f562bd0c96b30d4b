// `schedule --every` and `--times` as tables: what each text means, and what is refused with a usage error.
import { describe, expect, it } from 'vitest';
import { parseEvery, parseTimes } from '../../src/commands/schedule.js';

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
