// `wirewatch extract FILE|URL`: one page through the same decode → adapter → generic path as the crawl,
// printed as JSON. --source picks the adapter (and the source's lang, zone and charset hint), else the host
// decides, else generic; --charset plays the HTTP header's charset for a file.
import { readFileSync } from 'node:fs';
import { loadSources } from '../config.js';
import type { SourceConfig } from '../types.js';
import { adapterById } from '../adapters/index.js';
import { pageFromResponse } from '../stages/page.js';
import { BlockedError, createFetcher } from '../fetch/index.js';
import { UsageError, EXIT, type CommandIO, type Values } from '../cli.js';
import { DEFAULT_SETTINGS } from '../config.js';

function sourceFor(v: Values): { source?: SourceConfig; userAgent: string } {
  let config;
  try {
    config = loadSources(String(v.sources));
  } catch (e) {
    if (typeof v.source === 'string') throw e;
    return { userAgent: 'wirewatch/0.1 (extract)' };
  }
  if (typeof v.source !== 'string') return { userAgent: config.userAgent };
  const source = config.sources.find((s) => s.id === v.source);
  if (source) return { source, userAgent: config.userAgent };
  const adapter = adapterById(v.source);
  if (!adapter) throw new UsageError(`--source "${v.source}" is neither a source id in ${String(v.sources)} nor an adapter id`);
  return { userAgent: config.userAgent };
}

export async function runExtract(v: Values, p: string[], io: CommandIO): Promise<number> {
  const target = p[0];
  if (!target) throw new UsageError('extract needs a FILE or URL');
  const { source, userAgent } = sourceFor(v);
  const isUrl = /^https?:\/\//i.test(target);
  const url = typeof v.url === 'string' ? v.url : isUrl ? target : `file://${target}`;
  let bytes: Buffer;
  let headers: Record<string, string> = {};
  if (isUrl) {
    const pseudo: SourceConfig = source ?? { id: 'extract', name: 'extract', lang: 'en', timeZone: 'UTC', adapter: 'generic', feeds: [target], listPages: [], allowPrivateNetwork: false, enabled: true, ...DEFAULT_SETTINGS, respectRobots: true };
    const fetcher = createFetcher({ userAgent, sources: [pseudo] });
    try {
      const out = await fetcher.fetch({ url: target, kind: 'page', sourceId: pseudo.id }).catch((e: unknown) => {
        // A wall answering 403/503 is the same `blocked` the page stage gives a challenge that answers 200.
        if (e instanceof BlockedError) return { kind: 'blocked' as const, code: e.code, message: e.message, vendor: e.vendor };
        throw e;
      });
      if (out.kind === 'blocked') return printFailure(io, url, out);
      if (out.kind !== 'fresh') throw new UsageError(`${target}: not fetched (${out.kind === 'skipped' ? `${out.reason}: ${out.detail}` : 'not modified'})`);
      bytes = out.body;
      headers = out.headers;
    } finally {
      await fetcher.close();
    }
  } else {
    try {
      bytes = readFileSync(target);
    } catch (e) {
      throw new UsageError(`cannot read ${target}: ${(e as Error).message}`);
    }
  }
  const adapterId = source?.adapter ?? (typeof v.source === 'string' ? v.source : undefined);
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url is not a valid URL: ${url}`);
  }
  // The crawl's page stage: challenge check, then the named adapter, else the host's, else generic.
  const adapter = adapterId ? adapterById(adapterId) : undefined;
  // --charset plays the HTTP header's charset (a BOM or valid UTF-8 still wins, as in a crawl).
  if (typeof v.charset === 'string') headers = { ...headers, 'content-type': `text/html; charset=${v.charset}` };
  const read = pageFromResponse({ body: bytes, finalUrl: url, headers }, {
    ...(adapter ? { adapter } : {}),
    ...(source?.encoding ? { hint: source.encoding } : {}), ...(source ? { lang: source.lang, timeZone: source.timeZone } : {}), now: new Date(),
  });
  if (read.kind === 'failed') return printFailure(io, url, read);
  io.stdout.write(JSON.stringify({ url, ...read.page, charset: read.decoded.charset, charsetSource: read.decoded.charsetSource }, null, 2) + '\n');
  return EXIT.ok;
}

/** Nothing was extracted: a challenge page or an unreadable document is reported as such, exit 3. */
function printFailure(io: CommandIO, url: string, f: { code: string; message: string; vendor?: string }): number {
  io.stdout.write(JSON.stringify({ url, status: f.code === 'blocked' ? 'blocked' : 'failed', code: f.code, message: f.message, ...(f.vendor ? { vendor: f.vendor } : {}) }, null, 2) + '\n');
  return EXIT.partial;
}
