// The start-of-run render happens only when it is needed: after a clean run the outputs already show the store,
// so the next run renders once, at its end; after a run that died between its store commits and its outputs
// (the open-run marker is still there), the next run renders first, so the committed items reach the editor
// even if that run dies too.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanCrawl, cli, crawlArgs, scratch, snapshot, startRunner, type Snapshot } from './harness.js';
import { OPEN_RUN_MARKER } from '../../src/run.js';

const ONLY = ['people-en', 'globaltimes'];
let baseline: Snapshot;

beforeAll(async () => {
  baseline = await cleanCrawl(ONLY);
}, 60_000);

describe('healing outputs after a run that died before them', () => {
  it('a clean run leaves no open-run marker, and a nothing-new rerun does not rewrite candidates.json at its start', async () => {
    const out = scratch('ww-heal-');
    expect((await cli(crawlArgs(out, { only: ONLY }))).code).toBe(0);
    expect(existsSync(join(out, OPEN_RUN_MARKER))).toBe(false);
    const inode = statSync(join(out, 'candidates.json')).ino;
    // Killed at its first feed commit: had it rendered at its start, candidates.json would be a new file.
    const r = startRunner(crawlArgs(out, { only: ONLY }), { crashAt: 'before-feed-commit' });
    expect((await r.exit).signal).toBe('SIGKILL');
    expect(statSync(join(out, 'candidates.json')).ino).toBe(inode);
  }, 60_000);

  it('a run killed before its outputs leaves the marker; the next run renders the committed items first', async () => {
    const out = scratch('ww-heal-');
    const first = startRunner(crawlArgs(out, { only: ONLY }), { crashAt: 'before-outputs' });
    expect((await first.exit).signal).toBe('SIGKILL');
    expect(existsSync(join(out, OPEN_RUN_MARKER))).toBe(true);
    expect(snapshot(out, { settled: false }).flagged).toEqual([]); // everything is in the store, nothing in the outputs yet
    // The next run dies at its first feed commit, after its start-of-run render.
    const second = startRunner(crawlArgs(out, { only: ONLY }), { crashAt: 'before-feed-commit' });
    expect((await second.exit).signal).toBe('SIGKILL');
    expect(snapshot(out, { settled: false }).flagged).toEqual(baseline.flagged);
  }, 60_000);
});
