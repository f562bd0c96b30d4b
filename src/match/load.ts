// Reads, validates and compiles a watchlist file; every problem is a ConfigError (exit 2).
import { readJsonFile } from '../config.js';
import { ConfigError } from '../errors.js';
import { compileWatchlist, type CompiledWatchlist } from './compile.js';
import { validateWatchlistShape } from './validate.js';

export function loadWatchlistFile(file: string): CompiledWatchlist {
  const shape = validateWatchlistShape(readJsonFile(file, 'WATCHLIST_INVALID'), file);
  if (!shape.ok) throw new ConfigError('WATCHLIST_INVALID', shape.issues);
  return compileWatchlist(shape.value, file);
}
