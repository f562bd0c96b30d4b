// Shared pieces of the crawl-level reliability tests: the crawl arguments, a crawl in its own process
// (runner.ts) that a test can kill or signal, and a snapshot of everything a crawl left behind (candidates.json
// checked against its schema, run reports, the store's items, temp files) to compare with an uninterrupted crawl.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { FIXTURES, FIXTURES_NOW, ROOT, candidatesValidator, cli, scratch } from '../e2e/helpers.js';

export { FIXTURES, FIXTURES_NOW, ROOT, cli, scratch };

const RUNNER = fileURLToPath(new URL('./runner.ts', import.meta.url));
export const SOURCES_FILE = join(ROOT, 'sources.json');
export const WATCHLIST_FILE = join(ROOT, 'watchlist.json');

/** `crawl` arguments for the bundled fixtures; `replay: false` leaves the replay to the runner's slowed dispatcher. */
export function crawlArgs(out: string, o: { only?: string[]; now?: string; replay?: string | false; state?: string } = {}): string[] {
  return [
    'crawl',
    '--sources',
    SOURCES_FILE,
    '--watchlist',
    WATCHLIST_FILE,
    '--out',
    out,
    '--now',
    o.now ?? FIXTURES_NOW,
    '-q',
    ...(o.replay === false ? [] : ['--replay', o.replay ?? FIXTURES]),
    ...(o.only ? ['--only', o.only.join(',')] : []),
    ...(o.state ? ['--state', o.state] : []),
  ];
}

export interface Runner {
  child: ChildProcess;
  /** Resolves once the child has printed `count` lines starting with `prefix` ("req", "ready"). */
  lines(prefix: string, count: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export interface RunnerEnv {
  delayMs?: number;
  crashAt?: string;
  enospc?: string;
}

/** Starts runner.ts in its own Node process; it prints progress lines (see runner.ts) on stdout. */
export function startRunner(args: string[], o: RunnerEnv = {}): Runner {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', WW_PROGRESS: '1' };
  for (const k of ['WIREWATCH_CRASH_AT', 'WW_DELAY_MS', 'WW_ENOSPC']) delete env[k];
  if (o.delayMs !== undefined) env.WW_DELAY_MS = String(o.delayMs);
  if (o.crashAt) env.WIREWATCH_CRASH_AT = o.crashAt;
  if (o.enospc) env.WW_ENOSPC = o.enospc;
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const counts = new Map<string, number>();
  const waiters: { prefix: string; count: number; resolve: () => void }[] = [];
  let buffered = '';
  let stderr = '';
  const settle = (all: boolean): void => {
    for (const w of [...waiters]) {
      if (all || (counts.get(w.prefix) ?? 0) >= w.count) waiters.splice(waiters.indexOf(w), 1), w.resolve();
    }
  };
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      const prefix = line.split(' ')[0] ?? '';
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
    settle(false);
  });
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      settle(true); // a child that ended early releases every waiter
      resolve({ code, signal, stderr });
    }),
  );
  return {
    child,
    exit,
    lines: (prefix, count) =>
      new Promise<void>((resolve) => {
        waiters.push({ prefix, count, resolve });
        settle(child.exitCode !== null || child.signalCode !== null);
      }),
  };
}

/** What the editor's file says about one flagged item, minus the per-run times. */
export interface FlaggedView {
  id: string;
  url: string;
  source: string;
  title: string;
  publishedAt: string | null;
  status: string;
  feedOnly: boolean;
  rules: string[];
  reprintOf: string | null;
}

export interface Snapshot {
  /** Problems found: a file that does not parse or is cut short, schema errors, duplicate ids, temp files left over. */
  problems: string[];
  flagged: FlaggedView[];
  /** id → status of every item in the store. */
  stored: Record<string, string>;
  reports: { exitCode: number; counts: Record<string, number> }[];
}

const validate = candidatesValidator();

function parseJson(path: string, problems: string[]): any {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`${path} does not parse: ${String(e)}`);
    return undefined;
  }
}

function storedItems(statePath: string): Record<string, string> {
  if (!existsSync(statePath)) return {};
  const db = new Database(statePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, status FROM items ORDER BY id').all() as { id: string; status: string }[];
    return Object.fromEntries(rows.map((r) => [r.id, r.status]));
  } finally {
    db.close();
  }
}

function flaggedView(i: any): FlaggedView {
  return {
    id: i.id,
    url: i.url,
    source: i.source.id,
    title: i.title,
    publishedAt: i.publishedAt,
    status: i.status,
    feedOnly: i.feedOnly,
    rules: i.matches.map((m: any) => m.rule).sort(),
    reprintOf: i.reprintOf?.id ?? null,
  };
}

/**
 * Everything a crawl left in `out`. `settled`: no run is expected to be in flight, so a temp file is a problem
 * (after a kill -9 one may legitimately remain until the next run sweeps it).
 */
export function snapshot(out: string, o: { settled?: boolean } = { settled: true }): Snapshot {
  const problems: string[] = [];
  const names = existsSync(out) ? readdirSync(out) : [];
  if (o.settled) for (const f of names.filter((n) => n.includes('.tmp-'))) problems.push(`temp file left: ${f}`);
  let flagged: FlaggedView[] = [];
  if (names.includes('candidates.json')) {
    const doc = parseJson(join(out, 'candidates.json'), problems);
    if (doc) {
      problems.push(...validate(doc).map((e) => `candidates.json ${e}`));
      flagged = (doc.items as any[]).map(flaggedView).sort((a, b) => a.id.localeCompare(b.id));
      const ids = flagged.map((f) => f.id);
      const dups = ids.filter((id, k) => ids.indexOf(id) !== k);
      if (dups.length) problems.push(`duplicate ids in candidates.json: ${dups.join(', ')}`);
      const urls = flagged.map((f) => f.url);
      const dupUrls = urls.filter((u, k) => urls.indexOf(u) !== k);
      if (dupUrls.length) problems.push(`duplicate urls in candidates.json: ${dupUrls.join(', ')}`);
    }
  }
  if (names.includes('review.html') && !/<\/html>\s*$/.test(readFileSync(join(out, 'review.html'), 'utf8')))
    problems.push('review.html is cut short');
  const runsDir = join(out, 'runs');
  const reports = existsSync(runsDir)
    ? readdirSync(runsDir)
        .filter((f) => !f.includes('.tmp-'))
        .sort()
        .map((f) => parseJson(join(runsDir, f), problems))
        .filter(Boolean)
    : [];
  return { problems, flagged, stored: storedItems(join(out, 'state.db')), reports };
}

/** An uninterrupted crawl of `only` into a fresh directory: the reference the faulty runs are compared with. */
export async function cleanCrawl(only: string[], prefix = 'ww-baseline-'): Promise<Snapshot> {
  const out = scratch(prefix);
  const r = await cli(crawlArgs(out, { only }));
  if (r.code !== 0) throw new Error(`baseline crawl of ${only.join(',')} exited ${r.code}: ${r.stderr}`);
  return snapshot(out);
}

/** A small deterministic PRNG (mulberry32), so the random trials are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
