// Where the documented defaults live, so a command works the same from any directory (cron starts in $HOME,
// systemd in WorkingDirectory, a shell anywhere). One rule: sources.json and watchlist.json are read from the
// config directory, which is $WIREWATCH_CONFIG_DIR when set, else the package's own directory (beside bin/);
// the bundled fixtures and watchlist cases are always the package's. A path given on the command line is taken
// as written (relative to the current directory). Outputs (--out, default out/) are relative to the current
// directory, as any command's output is.
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (holds sources.json, watchlist.json, fixtures/), from dist/ or src/. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const CONFIG_DIR_ENV = 'WIREWATCH_CONFIG_DIR';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[CONFIG_DIR_ENV];
  return dir ? resolve(dir) : PACKAGE_ROOT;
}

/** A config file: the flag's value as written, else `name` in the config directory. */
export function configFile(flag: unknown, name: 'sources.json' | 'watchlist.json'): string {
  return typeof flag === 'string' ? flag : join(configDir(), name);
}

/** A file that ships with the package (fixtures, watchlist cases), wherever the command runs from. */
export function packageFile(rel: string): string {
  return isAbsolute(rel) ? rel : join(PACKAGE_ROOT, rel);
}
