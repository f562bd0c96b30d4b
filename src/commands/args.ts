// What the dispatcher (src/cli.ts) hands every command: parsed flag values and the three streams, plus the
// one rule for where the state file is, and how a file named on the command line is read. Commands import this,
// never the dispatcher, so imports point down.
import { readFileSync } from 'node:fs';
import { UsageError } from '../exit.js';
import { errorMessage } from '../errors.js';

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

/** `--state FILE`, else `<--out>/state.db`. */
export function statePath(v: Values): string {
  return typeof v.state === 'string' ? v.state : `${String(v.out ?? 'out')}/state.db`;
}

/** The bytes of a FILE argument; one that cannot be read is a usage error naming it (exit 2). */
export function readArgFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${errorMessage(e)}`);
  }
}
