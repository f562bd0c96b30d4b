// Reads, validates and compiles a watchlist file; every problem is a ConfigError (exit 2).
import { readJsonFile } from '../config.js';
import { ConfigError } from '../errors.js';
import { compileWatchlist, type CompiledWatchlist } from './compile.js';
import { validateWatchlistShape } from './validate.js';

/** Each warning of a compiled watchlist as one stderr line (the CLI's commands that load one print them). */
export function warningLines(cw: CompiledWatchlist): string[] {
  return (cw.warnings ?? []).map((w) => `wirewatch: warning: ${w.file}: ${w.path}: ${w.message}`);
}

export function loadWatchlistFile(file: string): CompiledWatchlist {
  const shape = validateWatchlistShape(readJsonFile(file, 'WATCHLIST_INVALID'), file);
  if (!shape.ok) throw new ConfigError('WATCHLIST_INVALID', shape.issues);
  return compileWatchlist(shape.value, file);
}
