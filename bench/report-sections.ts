// The printed report's sections, one renderer a table: buildReport (report.ts) has already computed every figure,
// so these only lay them out, and renderReport puts them in order.
import type { MatchBenchResult } from './match.js';
import type { DeskSize } from './desk.js';
import type { CrawlSize, Goal, Report } from './report.js';
import { fmt, fmtSummary, table } from './stats.js';

export function crawlTable(sizes: CrawlSize[]): string {
  return table(
    [
      'crawl pages',
      'runs',
      'HTML MB',
      'pages/s',
      'MB/s',
      'CPU s',
      'MB per CPU s',
      'share of parse limit (CPU / wall)',
      'peak RSS MB',
      'server CPU ms/page',
      'flagged',
    ],
    sizes.map((s) => [
      s.pages.toLocaleString('en-US'),
      String(s.runs),
      fmt(s.htmlMB),
      fmtSummary(s.pagesPerS),
      fmtSummary(s.MBps),
      fmtSummary(s.cpuS),
      fmtSummary(s.MBperCpuS),
      `${(s.ratioCpu * 100).toFixed(0)} % / ${(s.ratioWall * 100).toFixed(0)} %`,
      fmtSummary(s.peakRssMB),
      fmt(s.serverCpuMsPerPage),
      fmt(s.flagged),
    ]),
  );
}

/** Absent where the runs have no split by thread (it is read on Linux only). */
export function threadTable(sizes: CrawlSize[]): string | undefined {
  const withThreads = sizes.filter((s) => s.threadsS);
  if (withThreads.length === 0) return undefined;
  return table(
    ['crawl CPU by thread (medians)', 'main thread s', 'page workers and libuv pool s', "V8's background threads s", 'their share'],
    withThreads.map((s) => {
      const t = s.threadsS!;
      return [
        `${s.pages.toLocaleString('en-US')} pages`,
        fmt(t.main),
        fmt(t.started),
        fmt(t.background),
        `${((t.background / (t.main + t.started + t.background)) * 100).toFixed(0)} %`,
      ];
    }),
  );
}

export function incrementalTable(i: Report['incremental']): string {
  return table(
    ['incremental run (nothing new)', 'runs', 'feed 200 / 304', 'pages', 'robots', 'wall ms', 'CPU ms', 'peak RSS MB'],
    [
      [
        `second crawl of the ${i.afterPages.toLocaleString('en-US')}-page state`,
        String(i.runs),
        `${i.requests.feed ?? 0} / ${i.requests.notModified ?? 0}`,
        String(i.requests.page ?? 0),
        String(i.requests.robots ?? 0),
        fmtSummary(i.wallMs),
        fmtSummary(i.cpuMs),
        fmtSummary(i.peakRssMB),
      ],
    ],
  );
}

export function extractionTable(rows: Report['extraction']): string {
  return table(
    [
      'extraction (per CPU s)',
      'adapter',
      'pages',
      'avg KB',
      'parse limit pages/s',
      'adapter pages/s',
      'share',
      'generic pages/s',
      'share',
      'high confidence',
    ],
    rows.map((e) => [
      e.kind,
      e.adapter,
      String(e.pages),
      fmt(e.avgKB),
      fmtSummary(e.parse),
      fmtSummary(e.extract),
      `${(e.ratio * 100).toFixed(0)} %`,
      fmtSummary(e.generic),
      `${(e.genericRatio * 100).toFixed(0)} %`,
      `${e.highConfidence}/${e.pages}`,
    ]),
  );
}

export function matchingSection(mt: MatchBenchResult): string {
  return [
    `Matching (bench/match.ts, ${(mt.corpus.bytes / 1e6).toFixed(1)} MB in ${mt.corpus.docs} documents; toLowerCase pass ${mt.toLowerCase.MBps} MB/s):`,
    '',
    table(
      ['terms', 'compile ms', 'matcher MB/s', 'matchArticle MB/s', 'naive RegExp MB/s'],
      mt.rows.map((x) => [
        x.terms.toLocaleString('en-US'),
        fmt(x.compileMs),
        fmt(x.matcher.MBps),
        fmt(x.fullMatchArticle.MBps),
        fmt(x.naive.MBps),
      ]),
    ),
  ].join('\n');
}

export function startupTable(s: Report['startup']): string {
  return table(
    ['start-up (bin/wirewatch.js on dist/)', 'ms'],
    [
      ['`wirewatch --help`, start to exit', fmtSummary(s.helpMs)],
      ['`wirewatch crawl`, start to first request', fmtSummary(s.firstRequestMs)],
      ['`wirewatch crawl` of one feed with 2 pages, start to exit', fmtSummary(s.crawlMs)],
    ],
  );
}

/** Absent where no review.html was measured. */
export function deskTable(desk: DeskSize[] | undefined): string | undefined {
  if (!desk?.length) return undefined;
  return table(
    [
      'review.html (Chromium, file://)',
      'runs',
      'file MB',
      'first items ms',
      'live list ms',
      'rule filter ms',
      'word search ms',
      'JS heap MB',
      'cards in DOM',
    ],
    desk.map((d) => [
      `${d.items.toLocaleString('en-US')} items`,
      String(d.runs),
      fmt(d.fileMB),
      fmtSummary(d.firstItemsMs),
      fmtSummary(d.readyMs),
      fmtSummary(d.ruleFilterMs),
      fmtSummary(d.searchMs),
      fmtSummary(d.jsHeapMB),
      String(d.cards),
    ]),
  );
}

export function goalLines(goals: Goal[]): string[] {
  return goals.map((g) => `${g.ok ? 'PASS' : 'FAIL'} ${g.name}: ${g.detail}`);
}
