// `npm run bench`: crawl throughput beside the parse limit, an incremental run, extraction per adapter,
// the matching grid (bench/match.ts) and start-up, measured side by side in one run; prints the table, writes
// bench/results.json and exits 1 when a goal is missed. Runs on the compiled JavaScript (dist-bench/, see
// docs/BENCHMARK.md for why), every measured case in its own child process. `--quick` runs small sizes once
// (a smoke test of the bench itself; its figures are not the benchmark's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './child.js';
import { CRAWL_DEFAULTS, measureCrawl, runsFromEnv, startSite, type CrawlMeasurement } from './crawl.js';
import { EXTRACT_DEFAULTS, withRounds, type KindTimes } from './extract.js';
import type { MatchBenchResult } from './match.js';
import { measureHostile, renderHostile } from './hostile.js';
import { DESK_DEFAULTS, measureDesk, type DeskRun } from './desk.js';
import { createPlan } from './plan.js';
import { buildReport, renderReport, type Report } from './report.js';
import { measureStartup, STARTUP_DEFAULTS, type StartupRuns } from './startup.js';

const QUICK = {
  crawl: { ...CRAWL_DEFAULTS, sizes: [100, 250, 500], runs: { 100: 1, 250: 1, 500: 1 }, incrementalRuns: 1 },
  match: { bytes: 1_000_000, rounds: 1, termCounts: [10, 1_000, 10_000] },
  startup: { ...STARTUP_DEFAULTS, runs: 1 },
  desk: { ...DESK_DEFAULTS, sizes: [1_000, 5_000], rounds: 1 },
};
// The matching grid takes match.ts's own defaults (best of 7 rounds), in its own process. Run in the lead's process
// after the crawls (3 rounds), its 1,000-term time was 84-85 ms in two runs, 5.0-5.4x the toLowerCase pass (15.8
// ms), where fresh processes measured 64-66 ms against the same pass in seven runs of eight (2026-12-05).
const FULL = { crawl: runsFromEnv(CRAWL_DEFAULTS), match: {}, startup: STARTUP_DEFAULTS, desk: DESK_DEFAULTS };

/** Runs a measuring script as `node SCRIPT [args…] OUT.json` in a fresh process (no code the lead ran before
 *  shares its optimised functions) and reads the result it wrote to OUT.json. */
async function measuredInChild<T>(script: string, args: string[]): Promise<T> {
  const tmp = mkdtempSync(join(tmpdir(), 'ww-bench-'));
  try {
    const out = join(tmp, 'result.json');
    await runNode(fileURLToPath(new URL(script, import.meta.url)), [...args, out]);
    return JSON.parse(readFileSync(out, 'utf8')) as T;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const say = (s: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

/** `--render`: recompute figures, goals and the table from bench/results.json's raw runs, measuring nothing. */
function render(root: string): number {
  const file = join(root, 'bench', 'results.json');
  const prev = JSON.parse(readFileSync(file, 'utf8')) as {
    generatedAt: string;
    machine: Report['machine'];
    matching: Report['matching'];
    raw: {
      crawl: CrawlMeasurement['runs'];
      incremental: CrawlMeasurement['incremental'];
      extraction: KindTimes[];
      startup: StartupRuns;
      desk?: DeskRun[];
    };
  };
  const report = {
    ...buildReport(
      { runs: prev.raw.crawl, incremental: prev.raw.incremental },
      prev.raw.extraction,
      prev.matching,
      prev.raw.startup,
      prev.raw.desk ?? [],
    ),
    machine: prev.machine,
  };
  writeFileSync(file, `${JSON.stringify({ generatedAt: prev.generatedAt, quick: false, ...report, raw: prev.raw }, null, 2)}\n`);
  process.stdout.write(`${renderReport(report)}\n`);
  return report.goals.every((g) => g.ok) ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--render')) return render(createPlan().root);
  const o = argv.includes('--quick') ? QUICK : FULL;
  const plan = createPlan();
  say('npm run build (bin/wirewatch.js runs dist/)');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: plan.root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const site = await startSite(o.crawl.feeds);
  try {
    say('extraction and the parse limit');
    const extraction = await measuredInChild<KindTimes[]>('./extract.js', []);
    // The parse limit (with the extraction) is measured again after every crawl and all its rounds pooled, so that
    // a slow or a fast stretch of the shared machine while it was measured moves the reference about as much as
    // the crawls beside it.
    const between: KindTimes[][] = [];
    const rounds = ['--rounds', String(EXTRACT_DEFAULTS.betweenRounds)];
    const again = async (): Promise<void> => void between.push(await measuredInChild<KindTimes[]>('./extract.js', rounds));
    const crawl = await measureCrawl(site, plan, join(plan.root, 'watchlist.json'), o.crawl, say, again);
    const ex = withRounds(extraction, between.flat());
    say(
      `parse limit: ${ex[0]?.parse.length ?? 0} rounds, ${extraction[0]?.parse.length ?? 0} before the crawls, the rest after each crawl`,
    );
    say('start-up');
    const startup = await measureStartup(site, plan, o.startup);
    say('matching (bench/match.ts)');
    const matching = await measuredInChild<MatchBenchResult>('./match.js', ['--child', JSON.stringify(o.match)]);
    say('review.html in Chromium (bench/desk.ts)');
    const desk = await measureDesk(plan.root, o.desk, say);
    say('hostile inputs at two sizes (bench/hostile.ts)');
    const hostile = measureHostile();
    const report = buildReport(crawl, ex, matching, startup, desk);
    const raw = {
      crawl: crawl.runs.map((r) => ({ ...r, rss: r.rss.filter((_, i) => i % 8 === 0) })),
      incremental: crawl.incremental,
      extraction: ex,
      startup,
      desk,
    };
    const results = { generatedAt: new Date().toISOString(), quick: o === QUICK, ...report, hostile, raw };
    if (o !== QUICK) writeFileSync(join(plan.root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${renderReport(report)}\n\nHostile inputs, time at n and 2n:\n${renderHostile(hostile)}\n`);
    return report.goals.every((g) => g.ok) && hostile.every((h) => h.ok) ? 0 : 1;
  } finally {
    site.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
