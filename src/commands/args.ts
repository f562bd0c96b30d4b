// What the dispatcher (src/cli.ts) hands every command: parsed flag values and the three streams, plus the
// one rule for where the state file is. Commands import this, never the dispatcher, so imports point down.

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
