// `wirewatch sources check`: the live canary (fundus's coverage job). For each source: every discovery channel,
// then the first article of its first channel, through the real fetch layer and adapter. Prints what works, what
// is empty, what is blocked; exit 0 when every source yields a feed item and a high-confidence article, else 3.
// It runs on a schedule or by hand, never inside `npm test` against the live sites.
import { loadSources, sourcesToRun } from '../config.js';
import type { SourceConfig, Fetcher } from '../types.js';
import { createFetcher } from '../fetch/index.js';
import type { FeedRead } from '../stages/feed.js';
import { readPage } from '../stages/page.js';
import { newestItemAt, readChannel } from '../stages/channel.js';
import { channelsOf, isStale } from '../discover/channels.js';
import { EXIT, type ExitCode } from '../exit.js';
import { onlyIds, onlyNote, type CommandIO, type Values } from './args.js';

export interface CanaryRow {
  source: string;
  /** The source's first channel: a feed, a sitemap or a section page. */
  feed: string;
  feedStatus: 'ok' | 'empty' | 'blocked' | 'not_a_feed' | 'not_modified' | 'deferred' | 'error';
  items: number;
  article?: string;
  /** The anti-bot vendor whose challenge page answered for the feed or the article. */
  vendor?: string;
  adapter?: string;
  confidence?: string;
  title?: string;
  publishedAt?: string;
  paragraphs?: number;
  problem?: string;
  /** Every discovery channel: answers (with its item count, newest item time and freshness) or why not. */
  channels?: ChannelLine[];
}

export interface ChannelLine {
  kind: string;
  url: string;
  status: 'answers' | 'not_modified' | 'empty' | 'blocked' | 'not_a_feed' | 'deferred' | 'error';
  items: number;
  newestItemAt?: string;
  stale: boolean;
  problem?: string;
}

/** Each channel of the source through the crawl's channel stage: fresh or stale by the source's threshold. Each
 *  channel's read is kept in `reads`, so the article check does not fetch the first channel a second time. */
async function checkChannels(fetcher: Fetcher, s: SourceConfig, now: Date, reads: FeedRead[]): Promise<ChannelLine[]> {
  const out: ChannelLine[] = [];
  for (const c of channelsOf(s)) {
    const read = await readChannel(fetcher, s, c, { now });
    reads.push(read);
    if (read.kind !== 'items') {
      out.push({
        kind: c.kind,
        url: c.url,
        status: read.kind === 'not_modified' ? 'not_modified' : read.status,
        items: 0,
        stale: false,
        ...(read.kind === 'failed' ? { problem: `${read.code}: ${read.message}` } : {}),
      });
      continue;
    }
    const newest = newestItemAt(read.items);
    out.push({
      kind: c.kind,
      url: c.url,
      status: read.items.length ? 'answers' : 'empty',
      items: read.items.length,
      ...(newest ? { newestItemAt: newest } : {}),
      stale: isStale(newest, s, now),
    });
  }
  return out;
}

/** "globaltimes rss https://www.globaltimes.cn/rss/outbrain.xml: answers, 30 items, newest 2026-08-14: stale": the
 *  URL tells apart two channels of one kind (people-zh has two RSS feeds). */
export function channelText(source: string, c: ChannelLine): string {
  const what =
    c.status === 'answers'
      ? `answers, ${c.items} items${c.newestItemAt ? `, newest ${c.newestItemAt.slice(0, 10)}` : ''}`
      : `${c.status}${c.problem ? ` (${c.problem})` : ''}`;
  return `${source} ${c.kind} ${c.url}: ${what}${c.status === 'answers' ? (c.stale ? ': stale' : ': fresh') : ''}`;
}

/** The crawl's own channel and page stages on the source's first channel as sources.json lists them (`feeds`
 *  before `listPages`; a source may have no feed) and that channel's first article; `read` is that channel's read
 *  when it was made already. */
export async function checkSource(fetcher: Fetcher, s: SourceConfig, now: Date, read?: FeedRead): Promise<CanaryRow> {
  const channel = channelsOf(s)[0];
  if (!channel) throw new Error(`source ${s.id} has no channel (the config check requires one)`);
  const row: CanaryRow = { source: s.id, feed: channel.url, feedStatus: 'error', items: 0 };
  read ??= await readChannel(fetcher, s, channel, { now });
  if (read.kind === 'not_modified') return { ...row, feedStatus: 'not_modified' };
  if (read.kind === 'failed')
    return { ...row, feedStatus: read.status, problem: `${read.code}: ${read.message}`, ...(read.vendor ? { vendor: read.vendor } : {}) };
  row.items = read.items.length;
  if (read.items.length === 0) return { ...row, feedStatus: 'empty' };
  row.feedStatus = 'ok';
  // The canary checks an article page, so it takes the first item that links to one.
  const first = read.items.find((it): it is typeof it & { link: string } => !!it.link);
  if (!first) return { ...row, problem: 'no item links to a page (feed-only items)' };
  row.article = first.link;
  const page = await readPage(fetcher, s, first.link, now);
  if (page.kind === 'failed') {
    return {
      ...row,
      problem:
        page.code === 'blocked' ? `article blocked (${page.vendor ?? 'anti-bot'})` : `article not read: ${page.code}: ${page.message}`,
      ...(page.vendor ? { vendor: page.vendor } : {}),
    };
  }
  const art = page.page;
  Object.assign(row, {
    adapter: art.adapter,
    confidence: art.confidence,
    title: art.title,
    publishedAt: art.publishedAt,
    paragraphs: art.paragraphs.length,
  });
  if (art.confidence !== 'high') row.problem = art.fallbackReason?.message ?? 'low confidence extraction';
  else if (!art.publishedAt) row.problem = 'no publication time found';
  return row;
}

export async function runSourcesCheck(v: Values, io: CommandIO): Promise<ExitCode> {
  const config = loadSources(String(v.sources));
  const only = onlyIds(v, config);
  const sources = sourcesToRun(config, only);
  const note = onlyNote(only, config);
  if (note) io.stderr.write(`${note}\n`);
  const fetcher = createFetcher({ userAgent: config.userAgent, sources: config.sources });
  try {
    const rows = await Promise.all(
      sources.map(async (s) => {
        const reads: FeedRead[] = [];
        const channels = await checkChannels(fetcher, s, new Date(), reads);
        const row = await checkSource(fetcher, s, new Date(), reads[0]);
        return { ...row, channels };
      }),
    );
    if (v.json) io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else
      for (const r of rows) {
        const art = r.adapter
          ? `${r.adapter} ${r.confidence} ${r.paragraphs}¶ ${r.publishedAt ?? 'no date'} “${(r.title ?? '').slice(0, 60)}”`
          : '';
        io.stdout.write(
          `${r.problem ? '✗' : '✓'} ${r.source.padEnd(12)} ${r.feedStatus.padEnd(11)} ${String(r.items).padStart(3)} items  ${art}${r.problem ? `  — ${r.problem}` : ''}\n`,
        );
        for (const c of r.channels ?? []) io.stdout.write(`    ${channelText(r.source, c)}\n`);
      }
    return rows.every((r) => !r.problem && r.feedStatus === 'ok') ? EXIT.ok : EXIT.partial;
  } finally {
    await fetcher.close();
  }
}
