// `wirewatch record URL [--source ID]`: saves one live response in the fixtures layout (raw bytes, status,
// headers, fetch time) through the real fetch layer, and for an article page a draft expectation produced by
// the current adapter, marked unreviewed: nobody hand-types a golden, and nobody trusts an unreviewed one.
// A channel (one of the source's feeds, sitemaps or section pages, or a sitemap a sitemap index names) is saved
// beside the feed, never among the article pages, and is read back through the crawl's own channel stage.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSources } from '../config.js';
import { createFetcher } from '../fetch/index.js';
import {
  channelOwner,
  failureLine,
  fetchOne,
  isUrlTarget,
  looksLikeSitemap,
  oneResponse,
  hostOwners,
  sameUrl,
  sourceHint,
} from './fetch-one.js';
import type { Channel, ChannelKind, Lang, SourceConfig, SourcesConfig } from '../types.js';
import type { FeedRead } from '../stages/feed.js';
import { readChannel } from '../stages/channel.js';
import { channelsOf } from '../discover/channels.js';
import { pageFromResponse, pageOptionsFor, type PageRead } from '../stages/page.js';
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import type { CommandIO, Values } from './args.js';

/** A file name from the URL path: ascii only, at most 60 chars, never a path. */
export function slugFor(url: string): string {
  const u = new URL(url);
  const base = (u.pathname + u.search)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(-60);
  return base || 'index';
}

/** The source --source names; without it, the one that lists the URL as a channel, else for an article page the one
 *  that reads its host (hostOwners: mid.ru's two told apart by /en/ or /ru/). Several, or none: --source is needed,
 *  and the error names the candidates. */
function recordSource(v: Values, url: string, config: SourcesConfig): SourceConfig {
  const ids = config.sources.map((s) => s.id);
  if (typeof v.source !== 'string') {
    const channel = channelOwner(config, url);
    if (channel) return channel;
    const owners = hostOwners(config, url);
    if (owners.length === 1 && owners[0]) return owners[0];
    const why = owners.length
      ? `${new URL(url).host} is read by sources ${owners.map((s) => s.id).join(', ')}`
      : `${url} is no channel of a source in ${String(v.sources)}, nor on a host one reads (ids: ${ids.join(', ')})`;
    throw new UsageError(`record needs --source ID: ${why}`);
  }
  const source = config.sources.find((s) => s.id === v.source);
  if (source) return source;
  throw new UsageError(`--source "${v.source}" is not a source id in ${String(v.sources)}${sourceHint(config, v.source)}`);
}

export async function runRecord(v: Values, p: string[], io: CommandIO): Promise<ExitCode> {
  const url = p[0];
  if (!url || !isUrlTarget(url)) throw new UsageError('record needs an http(s) URL');
  const config = loadSources(String(v.sources));
  const source = recordSource(v, url, config);
  const named = channelsOf(source).find((c) => sameUrl(c.url, url));
  const fetcher = createFetcher({ userAgent: config.userAgent, sources: config.sources });
  try {
    const fetchKind = !named ? 'page' : named.kind === 'rss' || named.kind === 'atom' ? 'feed' : named.kind;
    const got = await fetchOne(fetcher, { url, kind: fetchKind, sourceId: source.id });
    if (!got.ok) return (io.stderr.write(failureLine(url, got).replace('not fetched', 'not fetched, nothing recorded')), EXIT.partial);
    const { out } = got;
    const channel: Channel | undefined = named ?? (looksLikeSitemap(out.body) ? { kind: 'sitemap', url } : undefined);
    const dir = channel ? join(String(v.fixtures), source.id) : join(String(v.fixtures), source.id, 'pages');
    mkdirSync(dir, { recursive: true });
    const name = channel
      ? `${FILE_PREFIX[channel.kind]}-${slugFor(url)}.${channel.kind === 'listing' ? 'html' : 'xml'}`
      : `${slugFor(url)}.html`;
    const bodyPath = join(dir, name);
    if (existsSync(bodyPath)) throw new UsageError(`${bodyPath} exists; remove it first to record again`);
    writeFileSync(bodyPath, out.body);
    // `origin` tells the golden test and the README's fixture counts a live recording from a hand-written skeleton.
    writeFileSync(
      `${bodyPath}.meta.json`,
      JSON.stringify({ url, status: out.status, headers: out.headers, fetchedAt: out.fetchedAt, origin: 'recorded' }, null, 2) + '\n',
    );
    const now = new Date(out.fetchedAt);
    // The crawl's own stages read the recording, so what is said here is what a crawl will do with these bytes.
    const unrecorded: string[] = [];
    const said = channel
      ? channelVerdict(await readChannel(oneResponse(out, unrecorded), source, channel, { now }), unrecorded)
      : pageVerdict(pageFromResponse(out, pageOptionsFor(source, now)), join(dir, name.replace(/\.html$/, '.expected.json')), source.lang);
    io.stdout.write(`recorded ${url} → ${bodyPath}: ${said}\n`);
    return EXIT.ok;
  } finally {
    await fetcher.close();
  }
}

const FILE_PREFIX: Record<ChannelKind, string> = { rss: 'feed', atom: 'feed', sitemap: 'sitemap', listing: 'listing' };
const CHANNEL_NAME: Record<string, string> = { sitemap: 'a sitemap', listing: 'a section page' };

/** What the channel stage made of the recording; a sitemap index names the sitemaps a crawl would read from it,
 *  which a replay needs recorded too (the index alone replays as deferred). */
function channelVerdict(read: FeedRead, unrecorded: string[]): string {
  if (unrecorded.length > 0) {
    const them = unrecorded.length > 1 ? `its ${unrecorded.length} sitemaps` : 'its sitemap';
    return `a sitemap index: record ${them} too, to replay this channel whole: ${unrecorded.join(' ')}`;
  }
  if (read.kind === 'items') return `${CHANNEL_NAME[read.feed.format] ?? 'a feed'} of ${read.items.length} items`;
  return read.kind === 'failed' ? `${read.status} (${read.code}: ${read.message})` : 'not modified';
}

/** An article gets a draft golden from the current adapter, marked unreviewed; a challenge page gets none. */
function pageVerdict(read: PageRead, expectedPath: string, lang: Lang): string {
  if (read.kind === 'failed') return `${read.code}${read.vendor ? ` (${read.vendor})` : ''}: ${read.message}; no draft expectation written`;
  const page = read.page;
  const draft = {
    reviewed: false,
    adapter: page.adapter,
    title: page.title,
    publishedAt: page.publishedAt ?? null,
    byline: page.byline ?? null,
    credit: page.credit ?? null,
    lang: page.lang ?? lang,
    paragraphCount: page.paragraphs.length,
    firstParagraph: page.paragraphs[0]?.text ?? null,
    lastParagraph: page.paragraphs.at(-1)?.text ?? null,
    mustContain: [],
    mustNotContain: [],
  };
  writeFileSync(expectedPath, JSON.stringify(draft, null, 2) + '\n');
  return `${page.adapter} ${page.confidence}; draft expectation written: review it, then set "reviewed": true`;
}
