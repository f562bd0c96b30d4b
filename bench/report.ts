// Figures, goals and the printed table (its sections in report-sections.ts) from the raw measurements. Every ratio is taken between figures of the
// same run; throughput is given per wall second and per CPU second of the crawler process (on a shared machine
// the CPU basis is the one other processes disturb least, so the goals are checked on it).
import { cpus, loadavg, totalmem } from 'node:os';
import type { MatchBenchResult } from './match.js';
import type { CrawlMeasurement } from './crawl.js';
import type { KindTimes } from './extract.js';
import type { StartupRuns } from './startup.js';
import { DESK_GOALS, deskSizes, type DeskRun, type DeskSize } from './desk.js';
import { fmt, fmtSummary, median, ratio, summarize, type Summary } from './stats.js';
import {
  crawlTable,
  deskTable,
  extractionTable,
  goalLines,
  incrementalTable,
  matchingSection,
  startupTable,
  threadTable,
} from './report-sections.js';
import { nodeFlags } from './child.js';
import { launchEnv, launchFlags } from '../src/runtime.js';

export const GOALS = { pipelineShareOfParse: 0.5, pipelineShareOfParseWall: 1, peakRssMB: 300, rssSizeForCap: 10_000, feeds: 50 };

export interface Goal {
  name: string;
  ok: boolean;
  detail: string;
}

/** The machine, and how the measured crawls were launched: their memory figures depend on the launch line. */
export function machineLine(): {
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  loadAvg: number[];
  launch: string;
  line: string;
} {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  const memoryGiB = Math.round(totalmem() / 2 ** 30);
  const loadAvg = loadavg().map((x) => Math.round(x * 10) / 10);
  const env = Object.entries(launchEnv()).map(([k, v]) => `${k}=${v}`);
  const launch = [...env, 'node', ...launchFlags(), ...nodeFlags()].join(' ');
  return {
    node: process.version,
    cpu,
    cores,
    memoryGiB,
    loadAvg,
    launch,
    line: `Node ${process.version}, ${cpu}, ${cores} cores, ${memoryGiB} GiB RAM, load average ${loadAvg.join(' / ')} at the end; crawls launched as \`${launch}\``,
  };
}

/** Parse limit: MB (10^6 bytes as fetched) per wall and per CPU second of cheerio/slim load() over the sample. */
export function parseLimit(rows: KindTimes[]): { wall: Summary; cpu: Summary } {
  const bytes = rows.reduce((n, r) => n + r.bytes, 0);
  const rounds = Math.min(...rows.map((r) => r.parse.length));
  const per = (key: 'wallMs' | 'cpuMs'): number[] =>
    Array.from({ length: rounds }, (_, i) => bytes / 1e6 / (rows.reduce((n, r) => n + r.parse[i]![key], 0) / 1000));
  return { wall: summarize(per('wallMs')), cpu: summarize(per('cpuMs')) };
}

export interface CrawlSize {
  pages: number;
  runs: number;
  htmlMB: number;
  pagesPerS: Summary;
  MBps: Summary;
  cpuS: Summary;
  MBperCpuS: Summary;
  peakRssMB: Summary;
  serverCpuMsPerPage: number;
  /** Median CPU seconds by thread (Linux only): main thread, threads the crawl started, V8's background threads. */
  threadsS?: { main: number; started: number; background: number };
  ratioWall: number;
  ratioCpu: number;
  fetched: number;
  flagged: number;
  failed: number;
  lowConfidence: number;
}

export function crawlSizes(m: CrawlMeasurement, limit: { wall: Summary; cpu: Summary }): CrawlSize[] {
  const sizes = [...new Set(m.runs.map((r) => r.pages))].sort((a, b) => a - b);
  return sizes.map((pages) => {
    const rs = m.runs.filter((r) => r.pages === pages);
    const mb = rs[0]!.htmlBytes / 1e6;
    const MBps = summarize(rs.map((r) => mb / (r.wallMs / 1000)));
    const MBperCpuS = summarize(rs.map((r) => mb / (r.cpuMs / 1000)));
    return {
      pages,
      runs: rs.length,
      htmlMB: mb,
      pagesPerS: summarize(rs.map((r) => pages / (r.wallMs / 1000))),
      MBps,
      cpuS: summarize(rs.map((r) => r.cpuMs / 1000)),
      MBperCpuS,
      peakRssMB: summarize(rs.map((r) => r.peakRssMB)),
      serverCpuMsPerPage: median(rs.map((r) => r.server.cpuMs / pages)),
      ...threadSeconds(rs),
      ratioWall: ratio(MBps.median, limit.wall.median),
      ratioCpu: ratio(MBperCpuS.median, limit.cpu.median),
      fetched: Math.min(...rs.map((r) => r.counts.fetched ?? 0)),
      flagged: median(rs.map((r) => r.counts.flagged ?? 0)),
      failed: Math.max(...rs.map((r) => r.counts.failed ?? 0)),
      lowConfidence: Math.max(...rs.map((r) => r.extraction.lowConfidence)),
    };
  });
}

function threadSeconds(rs: CrawlMeasurement['runs']): Pick<CrawlSize, 'threadsS'> {
  const split = rs.flatMap((r) => (r.threads ? [r.threads] : []));
  if (split.length < rs.length) return {};
  const s = (key: keyof NonNullable<(typeof split)[number]>): number => median(split.map((t) => t[key] / 1000));
  return { threadsS: { main: s('mainMs'), started: s('startedMs'), background: s('backgroundMs') } };
}

export function extractionRows(rows: KindTimes[]): {
  kind: string;
  adapter: string;
  pages: number;
  avgKB: number;
  parse: Summary;
  extract: Summary;
  generic: Summary;
  ratio: number;
  genericRatio: number;
  highConfidence: number;
}[] {
  const rate = (r: KindTimes, xs: KindTimes['parse']): Summary => summarize(xs.map((b) => r.pages / (b.cpuMs / 1000)));
  return rows.map((r) => {
    const parse = rate(r, r.parse);
    const extract = rate(r, r.extract);
    const generic = rate(r, r.generic);
    return {
      kind: r.kind,
      adapter: r.adapter,
      pages: r.pages,
      avgKB: r.bytes / r.pages / 1000,
      parse,
      extract,
      generic,
      ratio: extract.median / parse.median,
      genericRatio: generic.median / parse.median,
      highConfidence: r.highConfidence,
    };
  });
}

export function crawlGoals(sizes: CrawlSize[], m: CrawlMeasurement): Goal[] {
  // The single-core parse limit is the reference: per wall second the whole pipeline (both cores) should go at
  // least as fast as one core can merely parse the pages; per CPU second at least half as fast.
  const goals: Goal[] = sizes.map((s) => ({
    name: `crawl ${s.pages.toLocaleString('en-US')} pages: ≥ ${GOALS.pipelineShareOfParseWall * 100} % of the parse limit per wall second and ≥ ${GOALS.pipelineShareOfParse * 100} % per CPU second`,
    ok: s.ratioCpu >= GOALS.pipelineShareOfParse && s.ratioWall >= GOALS.pipelineShareOfParseWall && s.fetched === s.pages,
    detail: `${(s.ratioWall * 100).toFixed(0)} % per wall second, ${(s.ratioCpu * 100).toFixed(0)} % per CPU second, ${s.fetched}/${s.pages} pages fetched`,
  }));
  const big = sizes.find((s) => s.pages === GOALS.rssSizeForCap) ?? sizes[sizes.length - 1];
  if (big)
    goals.push({
      name: `peak RSS at ${big.pages.toLocaleString('en-US')} pages < ${GOALS.peakRssMB} MB`,
      ok: big.peakRssMB.median < GOALS.peakRssMB,
      detail: `${fmt(big.peakRssMB.median)} MB`,
    });
  if (sizes.length >= 2) {
    // RSS must not grow per page: the largest run's peak within 1.2× the next size's.
    const [b, c] = [sizes[sizes.length - 2]!, sizes[sizes.length - 1]!];
    const growth = c.peakRssMB.median / b.peakRssMB.median;
    const perK = ((c.peakRssMB.median - b.peakRssMB.median) / (c.pages - b.pages)) * 1000;
    goals.push({
      name: `peak RSS does not grow with the run (${c.pages.toLocaleString('en-US')} pages ≤ 1.2× ${b.pages.toLocaleString('en-US')} pages)`,
      ok: growth <= 1.2,
      detail: `${growth.toFixed(2)}×, ${fmt(perK)} MB more per 1,000 pages`,
    });
  }
  const inc = m.incremental;
  if (inc.length) {
    const feedReq = Math.max(...inc.map((r) => r.server.feed + r.server.notModified));
    const pages = Math.max(...inc.map((r) => r.server.page));
    const conditional = Math.min(...inc.map((r) => r.server.notModified));
    goals.push({
      name: 'incremental run: one conditional request per feed, no page',
      ok: feedReq === GOALS.feeds && conditional === GOALS.feeds && pages === 0,
      detail: `${feedReq} feed requests (${conditional} answered 304), ${pages} pages`,
    });
  }
  return goals;
}

export interface Report {
  machine: ReturnType<typeof machineLine>;
  limit: { wall: Summary; cpu: Summary };
  sizes: CrawlSize[];
  incremental: { runs: number; afterPages: number; requests: Record<string, number>; wallMs: Summary; cpuMs: Summary; peakRssMB: Summary };
  extraction: ReturnType<typeof extractionRows>;
  matching: MatchBenchResult;
  startup: { helpMs: Summary; firstRequestMs: Summary; crawlMs: Summary };
  desk: DeskSize[];
  goals: Goal[];
}

export function deskGoals(desk: DeskSize[]): Goal[] {
  const big = desk.find((d) => d.items === DESK_GOALS.size);
  if (!big) return [];
  const n = DESK_GOALS.size.toLocaleString('en-US');
  return [
    {
      name: `review.html with ${n} items: first items on screen < ${fmt(DESK_GOALS.firstItemsMs)} ms`,
      ok: big.firstItemsMs.median < DESK_GOALS.firstItemsMs,
      detail: `${fmt(big.firstItemsMs.median)} ms`,
    },
    {
      name: `review.html with ${n} items: a filter applied < ${DESK_GOALS.filterMs} ms`,
      ok: big.ruleFilterMs.median < DESK_GOALS.filterMs,
      detail: `${fmt(big.ruleFilterMs.median)} ms (a word search: ${fmt(big.searchMs.median)} ms)`,
    },
  ];
}

export function buildReport(
  m: CrawlMeasurement,
  ex: KindTimes[],
  matching: MatchBenchResult,
  st: StartupRuns,
  deskRuns: DeskRun[] = [],
): Report {
  const limit = parseLimit(ex);
  const sizes = crawlSizes(m, limit);
  const inc = m.incremental;
  return {
    machine: machineLine(),
    limit,
    sizes,
    incremental: {
      runs: inc.length,
      afterPages: sizes[0]?.pages ?? 0,
      requests: inc[0]
        ? { feed: inc[0].server.feed, notModified: inc[0].server.notModified, page: inc[0].server.page, robots: inc[0].server.robots }
        : {},
      wallMs: summarize(inc.map((r) => r.wallMs)),
      cpuMs: summarize(inc.map((r) => r.cpuMs)),
      peakRssMB: summarize(inc.map((r) => r.peakRssMB)),
    },
    extraction: extractionRows(ex),
    matching,
    startup: { helpMs: summarize(st.helpMs), firstRequestMs: summarize(st.firstRequestMs), crawlMs: summarize(st.crawlMs) },
    desk: deskSizes(deskRuns),
    goals: [
      ...crawlGoals(sizes, m),
      ...deskGoals(deskSizes(deskRuns)),
      ...matching.goals.map((g) => ({ ...g, name: `matching: ${g.name}` })),
    ],
  };
}

export function renderReport(r: Report): string {
  const blocks = [
    `Machine: ${r.machine.line}`,
    `Parse limit (cheerio/slim load alone, same pages): ${fmtSummary(r.limit.wall)} MB/s per wall second, ${fmtSummary(r.limit.cpu)} MB per CPU second`,
    crawlTable(r.sizes),
    threadTable(r.sizes),
    incrementalTable(r.incremental),
    extractionTable(r.extraction),
    matchingSection(r.matching),
    startupTable(r.startup),
    deskTable(r.desk),
  ].filter((b) => b !== undefined);
  return [blocks.join('\n\n'), '', ...goalLines(r.goals)].join('\n');
}
