// `wirewatch sources list`: the configured sources, each with what the last crawl saw: its status, when a channel
// (feed, sitemap or section page) last answered and last brought something new, failures in a row, the health
// flags of the last run report, and a Retry-After wait still running on a channel's host; under the table, when
// the last run started, how it ended and where its report is.
// Reads sources.json, the state file (read-only: a missing one reads as empty) and out/runs/; writes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSources } from '../config.js';
import { channelsOf } from '../discover/channels.js';
import { openStore } from '../state/store.js';
import { hostsOf } from '../fetch/policy.js';
import { EXIT, type ExitCode } from '../exit.js';
import { statePath, type CommandIO, type Values } from './args.js';

export interface SourceListRow {
  id: string;
  outlet: string;
  lang: string;
  enabled: boolean;
  /** Discovery channels: feeds, sitemaps and section pages. */
  channels: number;
  lastStatus: string | null;
  lastOkAt: string | null;
  lastNewItemAt: string | null;
  failuresInARow: number;
  health: string[];
  /** The latest end of a Retry-After wait still running on one of its channels' hosts: no run asks them before. */
  heldUntil: string | null;
}

interface LastRun {
  file: string;
  /** Newer files in runs/ that are no run report (a hand edit, a copy cut short), each with what is wrong. */
  unreadable: string[];
  startedAt?: string;
  exitCode?: number;
  counts?: { itemsSeen?: number; new?: number; flagged?: number; failed?: number };
  sources: Map<string, { status?: string; health?: string[] }>;
}

type ReportDoc = Omit<LastRun, 'file' | 'sources' | 'unreadable'> & { sources: { id: string; status?: string; health?: string[] }[] };

/** A run report's fields, or what keeps the file from being one. */
function readReport(file: string): ReportDoc | string {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return `${file}: ${e instanceof SyntaxError ? 'not JSON' : 'unreadable'} (${(e as Error).message})`;
  }
  const r = doc as Partial<ReportDoc> | null;
  if (!r || typeof r !== 'object' || typeof r.startedAt !== 'string' || !Array.isArray(r.sources))
    return `${file}: not a run report (no startedAt and sources)`;
  return r as ReportDoc;
}

/** The newest run report in `out`/runs, with its sources by id and any newer file that is not one (said, never
 *  skipped in silence); undefined when no file there is a run report. */
function lastRun(out: string): LastRun | { file?: undefined; unreadable: string[] } | undefined {
  let names: string[] = [];
  try {
    names = readdirSync(join(out, 'runs'))
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return undefined;
  }
  const unreadable: string[] = [];
  for (const name of names.reverse()) {
    const file = join(out, 'runs', name);
    const report = readReport(file);
    if (typeof report === 'string') unreadable.push(report);
    else return { ...report, file, unreadable, sources: new Map(report.sources.map((s) => [s.id, s])) };
  }
  return unreadable.length ? { unreadable } : undefined;
}

const minute = (iso: string | null): string => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '–');

/** One line under the table: when the last run started, how it ended and where its report is. */
function lastRunLine(run: ReturnType<typeof lastRun>, out: string): string {
  if (run?.file === undefined) return `last run: none reported in ${join(out, 'runs')}`;
  const c = run.counts ?? {};
  const counts = `${c.itemsSeen ?? 0} items seen, ${c.new ?? 0} new, ${c.flagged ?? 0} flagged, ${c.failed ?? 0} failed`;
  return `last run: ${minute(run.startedAt ?? null)}, exit ${run.exitCode ?? '?'} (${counts}): ${run.file}`;
}

const latest = (xs: (string | undefined)[]): string | null =>
  xs
    .filter((x): x is string => !!x)
    .sort()
    .at(-1) ?? null;

export function listSources(v: Values, run = lastRun(String(v.out))): SourceListRow[] {
  const config = loadSources(String(v.sources));
  const runs = (run?.file !== undefined ? run.sources : undefined) ?? new Map<string, { status?: string; health?: string[] }>();
  const store = openStore(statePath(v), { readonly: true });
  try {
    const holds = new Map(store.hostHolds(Date.now()).map((h) => [h.host, h.untilMs]));
    return config.sources.map((s) => {
      const states = channelsOf(s).map((c) => store.feedState(c.url));
      const held = [...hostsOf(s)].map((host) => holds.get(host) ?? 0);
      const run = runs.get(s.id);
      return {
        id: s.id,
        outlet: s.outlet,
        lang: s.lang,
        enabled: s.enabled,
        channels: states.length,
        lastStatus: run?.status ?? latest(states.map((f) => f?.status)),
        lastOkAt: latest(states.map((f) => f?.lastOkAt)),
        lastNewItemAt: latest(states.map((f) => f?.lastNewItemAt)),
        failuresInARow: Math.max(0, ...states.map((f) => f?.consecutiveFailures ?? 0)),
        health: run?.health ?? [],
        heldUntil: Math.max(0, ...held) > 0 ? new Date(Math.max(...held)).toISOString() : null,
      };
    });
  } finally {
    store.close();
  }
}

export async function runSourcesList(v: Values, io: CommandIO): Promise<ExitCode> {
  const run = lastRun(String(v.out));
  const rows = listSources(v, run);
  const shown = run?.file === undefined ? 'no run is shown' : 'the last run shown is the newest that reads';
  for (const u of run?.unreadable ?? []) io.stderr.write(`wirewatch: warning: ${u}; ${shown}\n`);
  if (v.json) {
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT.ok;
  }
  const head = ['source', 'outlet', 'lang', 'channels', 'last status', 'last answered', 'last new item', 'fails', 'health'];
  const cells = rows.map((r) => [
    r.enabled ? r.id : `${r.id} (off)`,
    r.outlet,
    r.lang,
    String(r.channels),
    r.lastStatus ?? 'never run',
    minute(r.lastOkAt),
    minute(r.lastNewItemAt),
    String(r.failuresInARow),
    [...r.health, ...(r.heldUntil ? [`host asked not to be asked before ${minute(r.heldUntil)}`] : [])].join('; ') || 'ok',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  for (const line of [head, ...cells])
    io.stdout.write(line.map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ') + '\n');
  io.stdout.write(`\n${lastRunLine(run, String(v.out))}\n`);
  return EXIT.ok;
}
