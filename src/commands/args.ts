// What the dispatcher (src/cli.ts) hands every command: parsed flag values and the three streams, plus the
// one rule for where the state file is, and how a file named on the command line is read. Commands import this,
// never the dispatcher, so imports point down.
import { readFileSync } from 'node:fs';
import type { SourcesConfig } from '../types.js';
import { UsageError } from '../exit.js';
import { errorMessage } from '../errors.js';
import { channelKey, channelsOf } from '../discover/channels.js';

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

/** `--only a,b` as source ids (undefined without it). An id sources.json does not have is a usage error that lists
 *  the ones it has: a typo must not quietly crawl or check nothing. */
export function onlyIds(v: Values, config: SourcesConfig): string[] | undefined {
  if (typeof v.only !== 'string') return undefined;
  const ids = v.only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`--only names no source id, got ${JSON.stringify(v.only)}`);
  const unknown = ids.filter((id) => !config.sources.some((s) => s.id === id));
  if (unknown.length)
    throw new UsageError(`--only names unknown source ids: ${unknown.join(', ')} (known: ${config.sources.map((s) => s.id).join(', ')})`);
  const shared = sharedChannel(config.sources.filter((s) => ids.includes(s.id)));
  if (shared)
    throw new UsageError(
      `--only names ${shared.ids.join(' and ')}, which both read ${shared.url}: a channel belongs to one source; name one`,
    );
  return ids;
}

/** A channel two of the sources list, and which two (sources.json allows it when one of them is turned off, which
 *  --only then turns on). */
function sharedChannel(sources: SourcesConfig['sources']): { url: string; ids: [string, string] } | undefined {
  const owner = new Map<string, string>();
  for (const s of sources)
    for (const c of channelsOf(s)) {
      const key = channelKey(c.url) ?? c.url;
      const first = owner.get(key);
      if (first !== undefined && first !== s.id) return { url: c.url, ids: [first, s.id] };
      owner.set(key, s.id);
    }
  return undefined;
}

/** What the operator should hear about the sources a run reads: those --only names though sources.json turns them
 *  off (read all the same), or that no source is on at all. */
export function onlyNote(only: readonly string[] | undefined, config: SourcesConfig): string | undefined {
  if (!only)
    return config.sources.some((s) => s.enabled)
      ? undefined
      : 'wirewatch: warning: every source is disabled ("enabled": false); nothing to read';
  const off = only.filter((id) => config.sources.find((s) => s.id === id)?.enabled === false);
  return off.length ? `wirewatch: --only names ${off.join(', ')}, disabled in the sources file: read this time all the same` : undefined;
}
