// Reads, validates and compiles a watchlist file; every problem is a ConfigError (exit 2).
import { readJsonFile } from '../config.js';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../types.js';
import { compileWatchlist, type CompiledWatchlist } from './compile.js';
import { validateWatchlistShape } from './validate.js';

/** Each warning of a compiled watchlist as one stderr line (the CLI's commands that load one print them). */
export function warningLines(cw: CompiledWatchlist): string[] {
  return (cw.warnings ?? []).map((w) => `wirewatch: warning: ${w.file}: ${w.path}: ${w.message}`);
}

export function loadWatchlistFile(file: string): CompiledWatchlist {
  const shape = validateWatchlistShape(readJsonFile(file, 'WATCHLIST_INVALID'), file);
  if (shape.ok) return compileWatchlist(shape.value, file);
  // The queries of the rules that are sound in shape are compiled too, so that one pass reports every problem.
  let queryIssues: ConfigIssue[] = [];
  try {
    compileWatchlist(shape.sound.config, file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const { ruleIndex } = shape.sound;
    queryIssues = e.issues.map((i) => ({
      ...i,
      path: i.path.replace(/^\$\.rules\[(\d+)\]/, (_, k) => `$.rules[${ruleIndex[Number(k)]}]`),
    }));
  }
  throw new ConfigError('WATCHLIST_INVALID', inFileOrder([...shape.issues, ...queryIssues]));
}

/** Issues in the order of the file: top-level and alias issues first, then each rule's, by its index (stable). */
function inFileOrder(issues: ConfigIssue[]): ConfigIssue[] {
  const rank = (i: ConfigIssue): number => {
    const m = /^\$\.rules\[(\d+)\]/.exec(i.path);
    return m ? Number(m[1]) : -1;
  };
  return issues
    .map((i, n) => ({ i, n }))
    .sort((a, b) => rank(a.i) - rank(b.i) || a.n - b.n)
    .map(({ i }) => i);
}
