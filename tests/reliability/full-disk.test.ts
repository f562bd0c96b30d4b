// The disk fills up while the run writes candidates.json (ENOSPC injected at the filesystem
// boundary in a child process: the temp file gets half its bytes, then the write fails). The previous
// generation stays whole, no temp file is left, the exit code is 2 with the path and what to do, and the next run emits the items once.
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanCrawl, cli, crawlArgs, scratch, snapshot, startRunner, type Snapshot } from './harness.js';

const FIRST = ['tass-en'];
const BOTH = ['tass-en', 'mid-en'];
let baseline: Snapshot;

describe('ENOSPC while writing candidates.json', () => {
  beforeAll(async () => {
    baseline = await cleanCrawl(BOTH);
    expect(baseline.flagged).toHaveLength(9);
  }, 60_000);

  it('keeps the previous outputs whole, exits 2 naming the full disk, and the next run emits the new items once', async () => {
    const out = scratch('ww-enospc-');
    expect((await cli(crawlArgs(out, { only: FIRST }))).code).toBe(0);
    const previous = snapshot(out);
    expect(previous.flagged.map((f) => f.source)).toEqual(['tass-en', 'tass-en', 'tass-en', 'tass-en']);

    // The previous run ended cleanly, so this run renders candidates.json once, at its end: that write hits the full disk.
    const full = startRunner(crawlArgs(out, { only: BOTH }), { enospc: 'candidates.json:1' });
    const e = await full.exit;
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/candidates\.json.*: no space left on the device; free disk space and run again/);
    const after = snapshot(out);
    expect(after.problems).toEqual([]); // candidates.json parses and is valid, review.html is whole, no temp file left
    expect(after.flagged).toEqual(previous.flagged);
    expect(after.reports).toHaveLength(1); // the failed run wrote no report

    const next = await cli(crawlArgs(out, { only: BOTH }));
    expect(next.code, next.stderr).toBe(0);
    const final = snapshot(out);
    expect(final.problems).toEqual([]);
    expect(final.flagged).toEqual(baseline.flagged);
    expect(final.stored).toEqual(baseline.stored);
  }, 90_000);
});
