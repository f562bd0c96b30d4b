// The help texts: the overview (`wirewatch --help`) and one page per command (`wirewatch help crawl`,
// `wirewatch crawl --help`) listing every option with its argument, meaning and default. Option texts are data,
// one line each; a test checks every option of every command has one, so a new flag cannot go undocumented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DIR_ENV, PACKAGE_ROOT } from './paths.js';

export interface HelpOption {
  type: 'string' | 'boolean';
  short?: string;
  default?: unknown;
}
export interface HelpCommand {
  summary: string;
  usage: string;
  options: Record<string, HelpOption>;
}

/** option → [argument placeholder ('' for a switch), what it does]. */
export const OPTION_HELP: Readonly<Record<string, readonly [string, string]>> = {
  sources: ['FILE', `the sources to crawl (default: sources.json in $${CONFIG_DIR_ENV}, else beside the package)`],
  watchlist: ['FILE', `the watchlist (default: watchlist.json in $${CONFIG_DIR_ENV}, else beside the package)`],
  out: ['DIR', 'where candidates.json, review.html, runs/ and state.db live'],
  state: ['FILE', 'the state database (default: <out>/state.db)'],
  replay: ['DIR', 'recorded responses instead of the network; the clock comes from DIR/replay.json unless --now'],
  only: ['ID,…', 'only these source ids (an unknown id is a usage error)'],
  'dry-run': ['', 'fetch, extract and match, print what a crawl would report, write nothing'],
  json: ['', 'print the report as JSON on stdout'],
  quiet: ['', 'no log lines below warning; the run still ends with its counts and where the outputs are'],
  verbose: ['', 'also a log line per item (debug level)'],
  now: ['ISO', "the run clock, e.g. 2026-11-22T06:00:00Z (default: a replay's own clock, else the real one)"],
  'deadline-ms': ['N', 'start no new request after N ms (at most a day); the run finishes with what it has'],
  every: ['DURATION', 'time between crawls: 30m, 1h, 90s, 1d (at most 7d)'],
  times: ['N', 'stop after N crawls (default: run until stopped)'],
  source: [
    'ID',
    'a source id of sources.json (extract: or an adapter id; default the source listing the URL as a channel, else the one reading its host)',
  ],
  url: ['URL', 'the address a file was fetched from (default: its .meta.json url, else a file: URL)'],
  charset: ['NAME', "play the HTTP header's charset, e.g. gb18030, windows-1251"],
  format: ['md|jsonfeed|atom|csv', 'the export format (required)'],
  since: ['2w|7d|24h|ISO', 'only items published since then (weeks, days, hours, minutes back, or a date)'],
  status: ['kept,…', 'only items of these review decisions: kept (kept or quoted), quoted, undecided, discarded'],
  'group-by': ['outlet|rule|story', 'md only: how the draft is grouped (default: outlet)'],
  o: ['FILE', 'write the export there, atomically (default, or -: stdout)'],
  'feed-url': ['URL', 'atom/jsonfeed: the http(s) address the feed is served at (self link and feed id)'],
  decisions: ['FILE', 'the decisions JSON exported from review.html, taken into the store'],
  fixtures: ['DIR', "where recordings go (default: the package's fixtures/)"],
};

export const EXIT_CODES_TEXT =
  'Exit codes: 0 ok (also "nothing new") · 3 finished, but a source, feed or item failed · 2 usage, config or state error (nothing fetched, nothing written) · 75 another run holds the lock · 130 / 143 stopped by SIGINT / SIGTERM after finishing cleanly · 1 unexpected crash (watchlist test: a case failed)';

export function version(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function optionLine(name: string, o: HelpOption): string {
  const [arg, text] = OPTION_HELP[name] ?? ['', ''];
  const flag = `${o.short ? `-${o.short}, ` : ''}${name.length === 1 ? `-${name}` : `--${name}`}${arg ? ` ${arg}` : ''}`;
  const def = o.default !== undefined && o.default !== false && !/\(default/.test(text) ? ` (default: ${String(o.default)})` : '';
  return `  ${flag.padEnd(30)} ${text}${def}`;
}

export function commandHelp(name: string, c: HelpCommand): string {
  const lines = [`Usage: wirewatch ${c.usage}`, '', `  ${c.summary}`, ''];
  const names = Object.keys(c.options);
  if (names.length) lines.push('Options:', ...names.map((n) => optionLine(n, c.options[n] as HelpOption)), '');
  lines.push(`  -h, --help                     this help`, '', EXIT_CODES_TEXT, '');
  return lines.join('\n');
}

export function overview(commands: Readonly<Record<string, HelpCommand>>): string {
  const lines = [
    `wirewatch ${version()}: a media-monitoring feed crawler for the China–Russia beat`,
    '',
    'Usage: wirewatch <command> [options]',
    '',
  ];
  for (const c of Object.values(commands)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push(
    '',
    '`wirewatch help COMMAND` (or `wirewatch COMMAND --help`) lists its options with their defaults; `wirewatch --version`.',
    `Config files default to $${CONFIG_DIR_ENV}, else the package directory (${PACKAGE_ROOT}); outputs default to ./out.`,
    '',
    EXIT_CODES_TEXT,
    '',
  );
  return lines.join('\n');
}
