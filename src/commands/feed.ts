// `wirewatch feed FILE|URL`: one channel through the crawl's own stages (decode, challenge check, parse; a sitemap or
// section page through the channel stage), printed as JSON: what the crawler reads from it, item by item, with the
// parse mode and the charset rule that won.
// --url gives a file its address (relative links resolve against it; a recording's sidecar gives it, and its
// Content-Type, by default), --charset plays the HTTP header's charset, --source takes a source's zone (for
// zone-less dates) and charset hint from sources.json; without it, the source that lists the address as a channel,
// else the one that reads its host (a sitemap a sitemap index names).
import {
  adhocSource,
  amongNote,
  isUrlTarget,
  looksLikeSitemap,
  oneResponse,
  recordedMeta,
  sameUrl,
  sourceFromArgs,
  targetAddress,
} from './fetch-one.js';
import { readChannel } from '../stages/channel.js';
import { channelsOf, isFeedKind } from '../discover/channels.js';
import type { Channel, FetchOutcome, Fetcher, SourceConfig } from '../types.js';
import { readFeed, type FeedRead } from '../stages/feed.js';
import { createFetcher } from '../fetch/index.js';
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import { readArgFile, type CommandIO, type Values } from './args.js';

function fileOutcome(path: string, url: string, contentType: string | undefined): Extract<FetchOutcome, { kind: 'fresh' }> {
  const body = readArgFile(path);
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  return { kind: 'fresh', url, finalUrl: url, status: 200, headers, body, validators: {}, fetchedAt: new Date().toISOString() };
}

export async function runFeed(v: Values, p: string[], io: CommandIO): Promise<ExitCode> {
  const target = p[0];
  if (!target) throw new UsageError('feed needs a FILE or URL');
  const recorded = isUrlTarget(target) ? undefined : recordedMeta(target);
  const { url, isUrl } = targetAddress(v, target, recorded?.url);
  const { source, userAgent, inferred, among } = sourceFromArgs(v, { command: 'feed', address: url });
  if (inferred === 'channel' && source)
    io.stderr.write(`wirewatch: ${url} is a channel of ${source.id}: read with its zone and charset hint\n`);
  if (inferred === 'host' && source)
    io.stderr.write(`wirewatch: ${url} is on a host ${source.id} reads: read with its zone and charset hint\n`);
  if (among) io.stderr.write(amongNote(url, among));
  const charsetHeader = typeof v.charset === 'string' ? `application/xml; charset=${v.charset}` : recorded?.contentType;
  const src = source ?? adhocSource('feed', target);
  const now = new Date();
  const file = isUrl ? undefined : fileOutcome(target, url, charsetHeader);
  // A file is its one response (a sitemap index's sitemaps are other files, named on stderr); a URL goes through the
  // crawl's fetcher, its Content-Type replaced when --charset plays the header.
  const unread: string[] = [];
  const fetcher = file ? oneResponse(file, unread) : withContentType(createFetcher({ userAgent, sources: [src] }), charsetHeader);
  try {
    const at = file ? url : target;
    const channel = discoveryChannel(src, url, file?.body);
    const read = channel ? await readChannel(fetcher, src, { ...channel, url: at }, { now }) : await readFeed(fetcher, src, at, { now });
    if (unread.length)
      io.stderr.write(`wirewatch: a sitemap index; its sitemaps are read from their own files (give each to feed): ${unread.join(' ')}\n`);
    return print(io, url, read);
  } finally {
    await fetcher.close();
  }
}

/** The address as a sitemap or section page: one of the source's channels of that kind, or a file whose body is a
 *  sitemap. The crawl reads these through the channel stage (a section page by its adapter's listing rules), so the
 *  command does too; anything else is read as a feed. */
function discoveryChannel(source: SourceConfig, url: string, body: Buffer | undefined): Channel | undefined {
  const named = channelsOf(source).find((c) => !isFeedKind(c.kind) && sameUrl(c.url, url));
  return named ?? (body && looksLikeSitemap(body) ? { kind: 'sitemap', url } : undefined);
}

/** The fetcher with every fresh response's Content-Type replaced (--charset on a URL), or as it is. */
function withContentType(fetcher: Fetcher, contentType: string | undefined): Fetcher {
  if (contentType === undefined) return fetcher;
  return {
    fetch: async (req) => {
      const out = await fetcher.fetch(req);
      return out.kind === 'fresh' ? { ...out, headers: { ...out.headers, 'content-type': contentType } } : out;
    },
    close: () => fetcher.close(),
  };
}

function print(io: CommandIO, url: string, read: FeedRead): ExitCode {
  if (read.kind === 'items') {
    const { title, format, dropped } = read.feed;
    const out = {
      url: read.finalUrl === url ? url : read.finalUrl,
      status: 'ok',
      format,
      parseMode: read.parseMode,
      ...read.facts,
      ...(title ? { title } : {}),
      dropped,
      items: read.items,
    };
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return EXIT.ok;
  }
  if (read.kind === 'not_modified') {
    io.stdout.write(JSON.stringify({ url, status: 'not_modified' }, null, 2) + '\n');
    return EXIT.ok;
  }
  io.stdout.write(
    JSON.stringify(
      { url, status: read.status, code: read.code, message: read.message, ...(read.vendor ? { vendor: read.vendor } : {}), ...read.facts },
      null,
      2,
    ) + '\n',
  );
  return EXIT.partial;
}
