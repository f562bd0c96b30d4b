// `wirewatch extract FILE|URL`: one page through the same decode → adapter → generic path as the crawl,
// printed as JSON. --source picks the source (its adapter, lang, zone, charset hint and fetch settings) or an
// adapter; without it, the one source that reads the page's host (hostOwners), else the host's adapter, else
// generic. The source read with is named in the JSON. --charset plays the HTTP header's charset.
import type { SourceConfig } from '../types.js';
import { adapterById } from '../adapters/index.js';
import { pageFromResponse } from '../stages/page.js';
import { createFetcher } from '../fetch/index.js';
import {
  adhocSource,
  amongNote,
  failureLine,
  fetchOne,
  isUrlTarget,
  recordedMeta,
  sourceFromArgs,
  targetAddress,
  type FetchFailure,
  type OtherSourceIds,
} from './fetch-one.js';
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import { readArgFile, type CommandIO, type Values } from './args.js';

/** --source may name an adapter instead of a source: the page is then read by that adapter, with no source's
 *  language, zone or charset hint. */
const ADAPTER_IDS: OtherSourceIds = { is: (id) => adapterById(id) !== undefined, kind: 'an adapter id' };

/** --charset must be a label TextDecoder knows (an unknown one was silently ignored). */
function checkCharset(label: string): string {
  try {
    new TextDecoder(label);
  } catch {
    throw new UsageError(`--charset ${JSON.stringify(label)} is not a known encoding label (e.g. utf-8, gb18030, windows-1251)`);
  }
  return label;
}

export async function runExtract(v: Values, p: string[], io: CommandIO): Promise<ExitCode> {
  const target = p[0];
  if (!target) throw new UsageError('extract needs a FILE or URL');
  const recorded = isUrlTarget(target) ? undefined : recordedMeta(target);
  const { url, isUrl } = targetAddress(v, target, recorded?.url);
  const given = sourceFromArgs(v, { command: 'extract', other: ADAPTER_IDS, address: url });
  // A channel's address is no article page: said once, then read as asked (the host's adapter, else generic).
  if (given.inferred === 'channel')
    io.stderr.write(
      `wirewatch: ${url} is a channel of ${given.source?.id}, not an article: \`wirewatch feed\` reads it as the crawl does\n`,
    );
  if (given.among) io.stderr.write(amongNote(url, given.among));
  const { userAgent } = given;
  const source = given.inferred === 'channel' ? undefined : given.source;
  if (typeof v.charset === 'string') checkCharset(v.charset);
  const got = isUrl
    ? await fetchPage(target, source ?? adhocSource('extract', target), userAgent)
    : { ok: true as const, bytes: readArgFile(target), headers: recorded?.contentType ? { 'content-type': recorded.contentType } : {} };
  if (!got.ok) return (io.stderr.write(failureLine(target, got)), printFailure(io, url, got));
  const adapterId = source?.adapter ?? (typeof v.source === 'string' ? v.source : undefined);
  // The crawl's page stage: challenge check, then the named adapter, else the host's, else generic.
  const adapter = adapterId ? adapterById(adapterId) : undefined;
  // --charset plays the HTTP header's charset (a BOM or valid UTF-8 still wins, as in a crawl).
  const headers = typeof v.charset === 'string' ? { ...got.headers, 'content-type': `text/html; charset=${v.charset}` } : got.headers;
  const read = pageFromResponse(
    { body: got.bytes, finalUrl: url, headers },
    {
      ...(adapter ? { adapter } : {}),
      ...(source?.encoding ? { hint: source.encoding } : {}),
      ...(source ? { lang: source.lang, timeZone: source.timeZone } : {}),
      now: new Date(),
    },
  );
  if (read.kind === 'failed') return printFailure(io, url, read);
  io.stdout.write(
    JSON.stringify(
      {
        url,
        ...(source ? { source: source.id } : {}),
        ...read.page,
        charset: read.decoded.charset,
        charsetSource: read.decoded.charsetSource,
      },
      null,
      2,
    ) + '\n',
  );
  return EXIT.ok;
}

type Page = { ok: true; bytes: Buffer; headers: Record<string, string> } | FetchFailure;

/** One page through the crawl's fetcher (robots, walls, limits); a wall answering 403/503 is the same `blocked`
 *  the page stage gives a challenge that answers 200. */
async function fetchPage(target: string, source: SourceConfig, userAgent: string): Promise<Page> {
  const fetcher = createFetcher({ userAgent, sources: [source] });
  try {
    const got = await fetchOne(fetcher, { url: target, kind: 'page', sourceId: source.id });
    return got.ok ? { ok: true, bytes: got.out.body, headers: got.out.headers } : got;
  } finally {
    await fetcher.close();
  }
}

/** Nothing was extracted: a challenge page or an unreadable document is reported as such, exit 3. */
function printFailure(io: CommandIO, url: string, f: { code: string; message: string; vendor?: string }): ExitCode {
  io.stdout.write(
    JSON.stringify(
      {
        url,
        status: f.code === 'blocked' ? 'blocked' : 'failed',
        code: f.code,
        message: f.message,
        ...(f.vendor ? { vendor: f.vendor } : {}),
      },
      null,
      2,
    ) + '\n',
  );
  return EXIT.partial;
}
