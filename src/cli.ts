// argv → command → exit code (the table in exit.ts: 0 ok, also "nothing new"; 3 finished with failures,
// outputs written; 2 usage/config/state error, nothing fetched or written; 75 another run holds the lock;
// 130/143 stopped by a signal; 1 unexpected crash). Data goes to stdout, logs and errors to stderr.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ioProblem, ioProblemLine } from './io-errors.js';
import { ConfigError, CrawlError, errorMessage } from './errors.js';
import { EXIT, UsageError, type ExitCode } from './exit.js';
import { statePath, type CommandIO, type Values } from './commands/args.js';
import { configFile, packageFile } from './paths.js';
import { commandHelp, overview, version, type HelpCommand } from './cli-help.js';
import { didYouMean } from './text/closest.js';

/** Documented defaults, resolved once (paths.ts): the config directory, not the current one. */
const SOURCES_FILE = configFile(undefined, 'sources.json');
const WATCHLIST_FILE = configFile(undefined, 'watchlist.json');

type Options = NonNullable<ParseArgsConfig['options']>;
interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** It reads the network (or a replay), or does with these positionals: a config error then says that nothing
   *  was fetched. */
  fetches?: true | ((positionals: string[]) => boolean);
  run(values: Values, positionals: string[], io: CommandIO): Promise<ExitCode>;
}

const storeOpts: Options = {
  out: { type: 'string', default: 'out' },
  state: { type: 'string' },
};
const crawlOpts: Options = {
  sources: { type: 'string', default: SOURCES_FILE },
  watchlist: { type: 'string', default: WATCHLIST_FILE },
  ...storeOpts,
  replay: { type: 'string' },
  only: { type: 'string' },
  'dry-run': { type: 'boolean', short: 'n', default: false },
  json: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
  now: { type: 'string' },
  'deadline-ms': { type: 'string' },
};

const COMMANDS: Record<string, Command> = {
  crawl: {
    fetches: true,
    summary: 'one run over every enabled source; writes candidates.json, review.html, runs/<id>.json',
    usage:
      'crawl [--sources FILE] [--watchlist FILE] [--out DIR] [--state FILE] [--replay DIR] [--only ID,…] [--dry-run] [--json] [-q|-v] [--now ISO] [--deadline-ms N]',
    options: crawlOpts,
    run: async (v, _p, io) => (await import('./commands/crawl.js')).runCrawl(v, io),
  },
  schedule: {
    fetches: true,
    summary: 'crawl on a timer in one long-lived process, under the same lock',
    usage: 'schedule --every 30m [crawl flags]',
    options: { ...crawlOpts, every: { type: 'string', default: '30m' }, times: { type: 'string' } },
    run: async (v, _p, io) => (await import('./commands/schedule.js')).runSchedule(v, io),
  },
  demo: {
    fetches: true,
    summary: 'crawl the bundled fixtures into a scratch folder and print where the outputs are',
    usage: 'demo [--out DIR]',
    options: { out: { type: 'string' }, json: { type: 'boolean', default: false } },
    run: async (v, _p, io) => (await import('./commands/crawl.js')).runDemo(v, io),
  },
  extract: {
    fetches: true,
    summary: 'one page (file or URL) → the extracted article as JSON',
    usage: 'extract FILE|URL [--source ID] [--url URL] [--charset NAME] [--sources FILE]',
    options: {
      source: { type: 'string' },
      url: { type: 'string' },
      charset: { type: 'string' },
      sources: { type: 'string', default: SOURCES_FILE },
    },
    run: async (v, p, io) => (await import('./commands/extract.js')).runExtract(v, p, io),
  },
  feed: {
    fetches: true,
    summary: 'one channel (feed, sitemap or section page; file or URL) → its items as the crawler reads them, as JSON',
    usage: 'feed FILE|URL [--url URL] [--charset NAME] [--source ID] [--sources FILE]',
    options: {
      url: { type: 'string' },
      charset: { type: 'string' },
      source: { type: 'string' },
      sources: { type: 'string', default: SOURCES_FILE },
    },
    run: async (v, p, io) => (await import('./commands/feed.js')).runFeed(v, p, io),
  },
  match: {
    summary: 'article JSON or plain text (file or stdin) → hits and excerpts as JSON',
    usage: 'match [FILE] [--watchlist FILE]',
    options: { watchlist: { type: 'string', default: WATCHLIST_FILE } },
    run: async (v, p, io) =>
      (await import('./commands/match.js')).runMatchCommand({
        file: p[0],
        watchlist: String(v.watchlist),
        stdin: io.stdin,
        stdout: io.stdout,
        stderr: io.stderr,
      }),
  },
  watchlist: {
    summary: 'watchlist test [CASES]: labelled cases → precision and recall per rule',
    usage: 'watchlist test [CASES] [--watchlist FILE]',
    options: { watchlist: { type: 'string', default: WATCHLIST_FILE } },
    run: async (v, p, io) => watchlistCmd(v, p, io),
  },
  review: {
    summary: "(re)build review.html from candidates.json; --decisions FILE takes the editor's decisions into the store",
    usage: 'review [--out DIR] [--state FILE] [--decisions FILE]',
    options: { ...storeOpts, decisions: { type: 'string' } },
    run: async (v, _p, io) =>
      (await import('./commands/review.js')).runReviewCommand({
        out: String(v.out),
        state: statePath(v),
        ...(v.decisions ? { decisions: String(v.decisions) } : {}),
        stdout: io.stdout,
        stderr: io.stderr,
      }),
  },
  export: {
    summary: 'flagged items as md | jsonfeed | atom | csv',
    usage:
      'export --format md|jsonfeed|atom|csv [--since 7d] [--status kept,…] [--group-by outlet|rule|story] [-o FILE] [--feed-url URL] [--out DIR] [--state FILE]',
    options: {
      ...storeOpts,
      format: { type: 'string' },
      since: { type: 'string' },
      status: { type: 'string' },
      'group-by': { type: 'string' },
      o: { type: 'string', short: 'o' },
      'feed-url': { type: 'string' },
    },
    run: async (v, _p, io) => exportCmd(v, io),
  },
  sources: {
    fetches: (p) => p[0] === 'check',
    summary:
      'sources check: live canary, every channel and one article per source; sources list: each source with its last status and health',
    usage: 'sources check|list [--sources FILE] [--only ID,…] [--json] [--out DIR] [--state FILE]',
    options: {
      sources: { type: 'string', default: SOURCES_FILE },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      ...storeOpts,
    },
    run: async (v, p, io) => sourcesCmd(v, p, io),
  },
  status: {
    summary: 'the configured sources with their last status and health (= sources list)',
    usage: 'status [--sources FILE] [--out DIR] [--state FILE] [--json]',
    options: { sources: { type: 'string', default: SOURCES_FILE }, json: { type: 'boolean', default: false }, ...storeOpts },
    run: async (v, _p, io) => (await import('./commands/sources-list.js')).runSourcesList(v, io),
  },
  record: {
    fetches: true,
    summary: 'save a live response (bytes, status, headers, time) in the fixtures layout, with a draft expectation',
    usage: 'record URL [--source ID] [--fixtures DIR] [--sources FILE]',
    options: {
      source: { type: 'string' },
      fixtures: { type: 'string', default: packageFile('fixtures') },
      sources: { type: 'string', default: SOURCES_FILE },
    },
    run: async (v, p, io) => (await import('./commands/record.js')).runRecord(v, p, io),
  },
};

async function watchlistCmd(v: Values, p: string[], io: CommandIO): Promise<ExitCode> {
  if (p[0] !== 'test') throw new UsageError(`unknown subcommand "watchlist ${p[0] ?? ''}"; did you mean "watchlist test"?`);
  const { runWatchlistTest } = await import('./commands/watchlist-test.js');
  return runWatchlistTest({ ...(p[1] ? { cases: p[1] } : {}), watchlist: String(v.watchlist), stdout: io.stdout, stderr: io.stderr });
}

async function sourcesCmd(v: Values, p: string[], io: CommandIO): Promise<ExitCode> {
  if (p[0] === 'list') return (await import('./commands/sources-list.js')).runSourcesList(v, io);
  if (p[0] !== 'check') throw new UsageError(`unknown subcommand "sources ${p[0] ?? ''}"; did you mean "sources check" or "sources list"?`);
  return (await import('./commands/sources-check.js')).runSourcesCheck(v, io);
}

async function exportCmd(v: Values, io: CommandIO): Promise<ExitCode> {
  const format = String(v.format ?? '');
  if (!['md', 'jsonfeed', 'atom', 'csv'].includes(format)) throw new UsageError('--format must be one of md, jsonfeed, atom, csv');
  const { runExportCommand } = await import('./commands/export.js');
  return runExportCommand({
    format: format as 'md',
    out: String(v.out),
    state: statePath(v),
    stdout: io.stdout,
    stderr: io.stderr,
    ...(v.since ? { since: String(v.since) } : {}),
    ...(v.status ? { status: String(v.status) } : {}),
    ...(v.o ? { o: String(v.o) } : {}),
    ...(v['group-by'] ? { groupBy: String(v['group-by']) as 'outlet' } : {}),
    ...(v['feed-url'] ? { feedUrl: String(v['feed-url']) } : {}),
  });
}

function help(): string {
  return overview(COMMANDS as Record<string, HelpCommand>);
}

export async function main(
  argv: string[],
  io: CommandIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<ExitCode> {
  const name = argv[0];
  if (name === 'help' && argv[1]) {
    const topic = COMMANDS[argv[1]];
    if (!topic)
      return reportError(
        new UsageError(`no help for "${argv[1]}": not a command${didYouMean(argv[1] ?? '', Object.keys(COMMANDS))}`),
        io,
        undefined,
      );
    return (io.stdout.write(commandHelp(argv[1], topic as HelpCommand)), EXIT.ok);
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-V') return (io.stdout.write(`wirewatch ${version()}\n`), EXIT.ok);
  const cmd = COMMANDS[name];
  let fetches = false;
  try {
    if (!cmd) throw new UsageError(`unknown command "${name}"${didYouMean(name, Object.keys(COMMANDS))}`);
    if (argv.includes('--help') || argv.includes('-h')) return (io.stdout.write(commandHelp(name, cmd as HelpCommand)), EXIT.ok);
    const { values, positionals } = parseArgs({ args: argv.slice(1), options: cmd.options, allowPositionals: true, strict: true });
    fetches = typeof cmd.fetches === 'function' ? cmd.fetches(positionals) : cmd.fetches === true;
    return await cmd.run(values as Values, positionals, io);
  } catch (e) {
    return reportError(e, io, cmd, fetches);
  }
}

/** node:util parseArgs' unknown option, said with the command's nearest option; its own text advises "--" for a
 *  positional starting with "-", which is not what a typo needs. */
function unknownOption(e: unknown, cmd: Command | undefined): string | undefined {
  const typed = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'([^']+)'/.exec(errorMessage(e))?.[1];
  if (!typed || !cmd) return undefined;
  return `unknown option ${typed} for "${cmd.usage.split(' ')[0]}"${didYouMean(
    typed,
    Object.keys(cmd.options).map((o) => `--${o}`),
  )}`;
}

function reportError(e: unknown, io: CommandIO, cmd: Command | undefined, fetches = false): ExitCode {
  const code = (e as { code?: string }).code ?? '';
  if (e instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`wirewatch: ${unknownOption(e, cmd) ?? errorMessage(e)}\n${cmd ? `Usage: wirewatch ${cmd.usage}\n` : help()}`);
    return EXIT.usage;
  }
  if (e instanceof ConfigError) {
    io.stderr.write(
      `wirewatch: invalid configuration (${e.issues.length} problem${e.issues.length > 1 ? 's' : ''})${fetches ? '; nothing was fetched' : ''}:\n`,
    );
    for (const i of e.issues) io.stderr.write(`  ${i.file}: ${i.path}: ${i.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof CrawlError && e.disposition === 'stop') {
    io.stderr.write(`wirewatch: ${e.code}: ${e.message}\n`);
    return EXIT.usage;
  }
  // A page or response that could not be read (a 404, a refused redirect, a page with no article): the command
  // finished and the one item failed, as a crawl reports a failed item (exit 3), with its code and address.
  if (e instanceof CrawlError) {
    io.stderr.write(`wirewatch: ${e.code}: ${e.message}${e.url && !e.message.includes(e.url) ? ` (${e.url})` : ''}\n`);
    return EXIT.partial;
  }
  const problem = ioProblem(e);
  if (problem) {
    io.stderr.write(`wirewatch: ${ioProblemLine(problem)}\n`);
    return EXIT.usage;
  }
  io.stderr.write(`wirewatch: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.crash;
}
