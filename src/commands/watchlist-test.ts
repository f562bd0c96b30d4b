// `wirewatch watchlist test [CASES]`: runs labelled cases (default tests/watchlist-cases.json) through
// the watchlist and prints precision and recall per rule, then every failing case. Exit 1 when any
// case fails (a regression), 2 on a bad watchlist or cases file (ConfigError via the dispatcher).
import { EXIT, type ExitCode } from '../exit.js';
import { readJsonFile } from '../config.js';
import { parseCases, runCases, type CaseReport } from '../match/cases.js';
import { loadWatchlistFile, warningLines } from '../match/load.js';
import { packageFile } from '../paths.js';

/** The bundled cases, found beside the package wherever the command runs. */
export const DEFAULT_CASES = packageFile('tests/watchlist-cases.json');

export async function runWatchlistTest(args: {
  cases?: string;
  watchlist: string;
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}): Promise<ExitCode> {
  const cw = loadWatchlistFile(args.watchlist);
  for (const line of warningLines(cw)) args.stderr?.write(`${line}\n`);
  const file = args.cases ?? DEFAULT_CASES;
  const cases = parseCases(readJsonFile(file, 'WATCHLIST_INVALID'), file, cw);
  const report = runCases(cw, cases);
  args.stdout.write(formatReport(report, args.watchlist, file));
  return report.failures.length > 0 ? EXIT.casesFailed : EXIT.ok;
}

const pct = (x: number): string => x.toFixed(2);

export function formatReport(r: CaseReport, watchlist: string, casesFile: string): string {
  const width = Math.max(4, ...r.rules.map((s) => s.rule.length));
  const lines = [`${watchlist} against ${casesFile}: ${r.cases} cases, ${r.failures.length} failing`, ''];
  lines.push(`${'rule'.padEnd(width)}  precision  recall   tp  fp  fn`);
  for (const s of r.rules) {
    lines.push(
      `${s.rule.padEnd(width)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`,
    );
  }
  for (const f of r.failures) {
    lines.push('', `FAIL ${f.id}${f.note ? ` (${f.note})` : ''}`);
    if (f.missing.length > 0) lines.push(`  did not fire: ${f.missing.join(', ')}`);
    for (const u of f.unexpected) lines.push(`  fired unexpectedly: ${u.rule} on ${u.texts.map((t) => JSON.stringify(t)).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
