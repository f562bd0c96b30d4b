// Start-up: `wirewatch --help`, and `wirewatch crawl` from process start to its first request
// as the loopback server sees it, both through bin/wirewatch.js on the built dist/ (what a user runs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from './child.js';
import { launchEnv, launchFlags } from '../src/runtime.js';
import type { Site } from './crawl.js';
import { sourcesConfig, type Plan } from './plan.js';

export const STARTUP_DEFAULTS = { runs: 5, pagesPerFeed: 2 };

export interface StartupRuns {
  helpMs: number[];
  firstRequestMs: number[];
  /** The whole small crawl (one feed of `pagesPerFeed` pages), start to exit. */
  crawlMs: number[];
}

export async function measureStartup(site: Site, plan: Plan, o = STARTUP_DEFAULTS): Promise<StartupRuns> {
  const bin = join(plan.root, 'bin', 'wirewatch.js');
  const out: StartupRuns = { helpMs: [], firstRequestMs: [], crawlMs: [] };
  await site.plan(o.pagesPerFeed);
  const config = sourcesConfig(plan, site.ports, 1);
  for (let r = 0; r < o.runs; r++) {
    out.helpMs.push((await runNode(bin, ['--help'], launchFlags(), launchEnv())).wallMs);
    const dir = mkdtempSync(join(tmpdir(), 'ww-bench-start-'));
    const sources = join(dir, 'sources.json');
    writeFileSync(sources, JSON.stringify(config));
    await site.stats(true);
    const t0 = performance.timeOrigin + performance.now();
    const run = await runNode(
      bin,
      ['crawl', '--sources', sources, '--watchlist', join(plan.root, 'watchlist.json'), '--out', join(dir, 'out'), '-q'],
      launchFlags(),
      launchEnv(),
    );
    const s = await site.stats();
    if (s.firstRequestAt === null) throw new Error('the start-up crawl made no request');
    out.firstRequestMs.push(s.firstRequestAt - t0);
    out.crawlMs.push(run.wallMs);
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
