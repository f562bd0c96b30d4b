// One live fetch for `extract URL` and `record URL`. A page that cannot be had (host unreachable, robots.txt's
// host down, a wall, an error status) is no usage error: the command line was right, the network was not. The
// caller reports the code and message and exits 3 (the command ran; its page failed), without a usage line. Also
// what `extract` and `feed` read their FILE|URL as: the source (the one --source names, or for a bare URL an ad hoc
// one) and the address.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FetchOutcome, FetchRequest, Fetcher, SourceConfig, SourcesConfig } from '../types.js';
import { DEFAULT_SETTINGS, loadSources } from '../config.js';
import { CrawlError } from '../errors.js';
import { BlockedError } from '../fetch/index.js';
import { UsageError } from '../exit.js';
import type { Values } from './args.js';
import { didYouMean } from '../text/closest.js';
import { channelKey, channelsOf } from '../discover/channels.js';
import { rootName, SNIFF_CHARS } from '../fetch/sniff.js';
import { adapterForHost } from '../adapters/index.js';

const OFFLINE = /network_error|timeout_connect|timeout_headers|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/;

export type Fetched = Extract<FetchOutcome, { kind: 'fresh' }>;
export interface FetchFailure {
  ok: false;
  code: string;
  message: string;
  vendor?: string;
  hint?: string;
}

export async function fetchOne(fetcher: Fetcher, req: FetchRequest): Promise<{ ok: true; out: Fetched } | FetchFailure> {
  let failure: FetchFailure;
  try {
    const out = await fetcher.fetch(req);
    if (out.kind === 'fresh') return { ok: true, out };
    failure =
      out.kind === 'skipped'
        ? { ok: false, code: `skipped_${out.reason}`, message: out.detail }
        : { ok: false, code: 'not_modified', message: 'answered 304 Not Modified to a request without validators' };
  } catch (e) {
    if (e instanceof BlockedError) failure = { ok: false, code: e.code, message: e.message, vendor: e.vendor };
    else if (e instanceof CrawlError) failure = { ok: false, code: e.code, message: e.message };
    else throw e;
  }
  if (OFFLINE.test(`${failure.code} ${failure.message}`)) failure.hint = 'the host did not answer: offline, or a firewall in the way?';
  return failure;
}

export function failureLine(url: string, f: FetchFailure): string {
  return `wirewatch: ${url}: not fetched: ${f.code}: ${f.message}${f.hint ? ` (${f.hint})` : ''}\n`;
}

/** The source a URL given without --source is fetched as: generic, English, UTC, the default settings, robots.txt
 *  obeyed. `id` names the command in logs and errors. */
export function adhocSource(id: string, target: string): SourceConfig {
  return {
    id,
    name: id,
    outlet: id,
    lang: 'en',
    timeZone: 'UTC',
    adapter: 'generic',
    feeds: [target],
    listPages: [],
    allowPrivateNetwork: false,
    enabled: true,
    ...DEFAULT_SETTINGS,
    respectRobots: true,
  };
}

/** A recording's sidecar (`<file>.meta.json`): its address (the page's or the channel's, which picks the site's
 *  adapter or the source), its Content-Type the charset the server sent. Absent or unreadable: the file stands alone. */
export function recordedMeta(file: string): { url?: string; contentType?: string } | undefined {
  try {
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { url?: unknown; headers?: Record<string, unknown> };
    const contentType = meta.headers?.['content-type'];
    return { ...(typeof meta.url === 'string' ? { url: meta.url } : {}), ...(typeof contentType === 'string' ? { contentType } : {}) };
  } catch {
    return undefined;
  }
}

/** Whether a body is a sitemap (a urlset or a sitemap index), by its root element found past the prolog as the feed
 *  sniff finds a feed's: `record` saves one as a channel, `feed` reads one through the channel stage. */
export function looksLikeSitemap(body: Buffer): boolean {
  const root = rootName(body.toString('latin1', 0, SNIFF_CHARS));
  return root === 'urlset' || root === 'sitemapindex';
}

/** A fetcher that answers with one response (a recording, a file) for its URL and defers any other request (a
 *  sitemap index's children, each noted in `unrecorded`), so the channel stage reads exactly those bytes. */
export function oneResponse(out: Extract<FetchOutcome, { kind: 'fresh' }>, unrecorded: string[]): Fetcher {
  return {
    fetch: async (req) => {
      if (req.url === out.url) return out;
      unrecorded.push(req.url);
      return { kind: 'skipped', url: req.url, reason: 'deferred', detail: 'not in the response read (record or read it on its own)' };
    },
    close: async () => {},
  };
}

/** The source that reads `url` as one of its channels: the enabled one (one at most, config.ts checks), else a
 *  source turned off that lists it. */
export function channelOwner(config: SourcesConfig, url: string): SourceConfig | undefined {
  const listing = config.sources.filter((s) => channelsOf(s).some((c) => sameUrl(c.url, url)));
  return listing.find((s) => s.enabled) ?? listing[0];
}

/** Whether two addresses are one channel (channelKey, as the config tells channels apart). An address that does not
 *  parse equals nothing. */
export function sameUrl(a: string, b: string): boolean {
  const key = channelKey(a);
  return key !== undefined && key === channelKey(b);
}

/** Whether a command's FILE|URL argument is a URL to fetch, not a file to read. */
export const isUrlTarget = (target: string): boolean => /^https?:\/\//i.test(target);

/** The address `extract` and `feed` read their FILE|URL as: --url when given, else the URL itself, else the file's
 *  own (`fileAddress`, default its file: URL). Checked before anything is read or fetched: one that does not parse is
 *  a usage error naming where it came from. */
export function targetAddress(v: Values, target: string, fileAddress?: string): { url: string; isUrl: boolean } {
  const isUrl = isUrlTarget(target);
  const url = typeof v.url === 'string' ? v.url : isUrl ? target : (fileAddress ?? pathToFileURL(resolve(target)).href);
  if (URL.canParse(url)) return { url, isUrl };
  const from = typeof v.url === 'string' ? '--url' : isUrl ? 'the URL' : `the address recorded for ${target}`;
  throw new UsageError(`${from} is not a valid URL: ${url}`);
}

/** Names --source may give besides a source id (extract: an adapter id); they pick no source. */
export interface OtherSourceIds {
  is(id: string): boolean;
  /** What they are, for the error: "an adapter id". */
  kind: string;
}

export interface SourceArgs {
  /** The command, for the User-Agent sent when sources.json cannot be read. */
  command: string;
  /** What --source may name besides a source. */
  other?: OtherSourceIds;
  /** The address read: without --source, the source that lists it as a channel reads it, else the one source that
   *  reads its host (hostOwners). */
  address?: string;
}

/** What --sources and --source give `extract` and `feed`: sources.json's User-Agent and a source. --source names it;
 *  without --source it is the source that lists the address as one of its channels (`inferred: 'channel'`: a channel
 *  belongs to one source), else the one source that reads its host (`inferred: 'host'`: an article page, a sitemap
 *  an index names; several that do are `among`, and none is taken). So an address is read with its source's zone,
 *  charset hint and fetch settings, as the crawl reads it. Without --source, a sources.json that cannot be read is no
 *  error: the command then sends `wirewatch/0.1 (<command>)`. */
export function sourceFromArgs(
  v: Values,
  { command, other, address }: SourceArgs,
): { source?: SourceConfig; userAgent: string; inferred?: 'channel' | 'host'; among?: string[] } {
  let config: SourcesConfig;
  try {
    config = loadSources(String(v.sources));
  } catch (e) {
    if (typeof v.source === 'string') throw e;
    return { userAgent: `wirewatch/0.1 (${command})` };
  }
  const { userAgent } = config;
  if (typeof v.source !== 'string') {
    const owner = address === undefined ? undefined : channelOwner(config, address);
    if (owner) return { source: owner, userAgent, inferred: 'channel' };
    const owners = address === undefined ? [] : hostOwners(config, address);
    if (owners.length === 1) return { source: owners[0], userAgent, inferred: 'host' };
    return owners.length ? { userAgent, among: owners.map((s) => s.id) } : { userAgent };
  }
  const source = config.sources.find((s) => s.id === v.source);
  if (source) return { source, userAgent };
  if (other?.is(v.source)) return { userAgent };
  const where = `a source id in ${String(v.sources)}`;
  throw new UsageError(
    `--source "${v.source}" is ${other ? `neither ${where} nor ${other.kind}` : `not ${where}`}${sourceHint(config, v.source)}`,
  );
}

/** What stderr says when several sources read the address's host and none was taken. */
export function amongNote(url: string, among: readonly string[]): string {
  return `wirewatch: ${new URL(url).host} is read by sources ${among.join(', ')}: read as neither, with no zone or charset hint (--source picks one)\n`;
}

/** For an id that names no source: the sources that read with an adapter of that id (`mid` for mid-en and mid-ru),
 *  else the nearest source id. */
export function sourceHint(config: SourcesConfig, id: string): string {
  const using = config.sources.filter((s) => s.adapter === id).map((s) => s.id);
  if (using.length) return `; "${id}" is the adapter of ${using.join(', ')}: name one of them`;
  return didYouMean(
    id,
    config.sources.map((s) => s.id),
  );
}

const siteHost = (u: URL): string => u.host.toLowerCase().replace(/^www\./, '');
const firstSegment = (u: URL): string => u.pathname.split('/')[1] ?? '';

/** The sources an address no source lists (an article page, a sitemap an index names) may belong to: those whose
 *  adapter claims its host (world.people.com.cn is people-zh's) or with a channel on that host, the enabled ones when
 *  any is. Several (mid.ru's English and Russian sources) are narrowed to those with a channel under the address's
 *  first path segment (/en/, /ru/) when that leaves any. A file: address, or a host no source reads, has none. */
export function hostOwners(config: SourcesConfig, url: string): SourceConfig[] {
  const at = URL.parse(url);
  if (!at || !/^https?:$/.test(at.protocol)) return [];
  const claimed = adapterForHost(at.hostname).id;
  const channels = (s: SourceConfig): URL[] =>
    channelsOf(s).flatMap((c) => {
      const u = URL.parse(c.url);
      return u && siteHost(u) === siteHost(at) ? [u] : [];
    });
  const reading = config.sources.filter((s) => (claimed !== 'generic' && s.adapter === claimed) || channels(s).length > 0);
  const enabled = reading.filter((s) => s.enabled);
  const owners = enabled.length ? enabled : reading;
  if (owners.length < 2) return owners;
  const under = owners.filter((s) => channels(s).some((u) => firstSegment(u) === firstSegment(at)));
  return under.length ? under : owners;
}
