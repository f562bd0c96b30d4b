// `wirewatch sources check`: the live canary (fundus's coverage job). For each source: its first feed and the
// first article of that feed, through the real fetch layer and adapter. Prints what works, what is empty,
// what is blocked; exit 0 when every source yields a feed item and a high-confidence article, else 3.
// It runs on a schedule or by hand, never inside `npm test` against the live sites.
import { loadSources } from '../config.js';
import type { SourceConfig, Fetcher } from '../types.js';
import { createFetcher } from '../fetch/index.js';
import { detectChallenge } from '../fetch/challenge.js';
import { decodeBytes } from '../fetch/decode.js';
import { parseFeed } from '../feed.js';
import { registry, adapterById } from '../adapters/index.js';
import { extractDocument } from '../extract/page.js';
import { CrawlError, errorMessage } from '../errors.js';
import { EXIT, type CommandIO, type Values } from '../cli.js';

export interface CanaryRow {
  source: string;
  feed: string;
  feedStatus: 'ok' | 'empty' | 'blocked' | 'not_a_feed' | 'not_modified' | 'deferred' | 'error';
  items: number;
  article?: string;
  adapter?: string;
  confidence?: string;
  title?: string;
  publishedAt?: string;
  paragraphs?: number;
  problem?: string;
}

export async function checkSource(fetcher: Fetcher, s: SourceConfig, now: Date): Promise<CanaryRow> {
  const feed = s.feeds[0] as string;
  const row: CanaryRow = { source: s.id, feed, feedStatus: 'error', items: 0 };
  try {
    const out = await fetcher.fetch({ url: feed, kind: 'feed', sourceId: s.id });
    if (out.kind !== 'fresh') return { ...row, feedStatus: out.kind === 'skipped' ? 'deferred' : 'not_modified', problem: out.kind === 'skipped' ? out.detail : undefined };
    const doc = decodeBytes(out.body, { contentType: out.headers['content-type'], hint: s.encoding, kind: 'xml' });
    const challenge = detectChallenge(doc.text, out.headers);
    if (challenge) return { ...row, feedStatus: 'blocked', problem: `anti-bot page (${challenge.vendor})` };
    const parsed = await parseFeed(doc.text, { feedUrl: out.finalUrl, timeZone: s.timeZone, now });
    if (parsed.kind !== 'feed') return { ...row, feedStatus: parsed.kind === 'blocked' ? 'blocked' : 'not_a_feed', problem: parsed.kind === 'not_a_feed' ? parsed.reason : parsed.vendor };
    row.items = parsed.items.length;
    const first = parsed.items[0];
    if (!first) return { ...row, feedStatus: 'empty' };
    row.feedStatus = 'ok';
    row.article = first.link;
    const page = await fetcher.fetch({ url: first.link, kind: 'page', sourceId: s.id });
    if (page.kind !== 'fresh') return { ...row, problem: `article not fetched: ${page.kind === 'skipped' ? page.detail : 'not modified'}` };
    const html = decodeBytes(page.body, { contentType: page.headers['content-type'], hint: s.encoding, kind: 'html' });
    const ch = detectChallenge(html.text, page.headers);
    if (ch) return { ...row, problem: `article blocked (${ch.vendor})` };
    const { page: art } = extractDocument(page.body, { url: page.finalUrl, registry, adapter: adapterById(s.adapter), contentType: page.headers['content-type'], hint: s.encoding, lang: s.lang, timeZone: s.timeZone, now });
    Object.assign(row, { adapter: art.adapter, confidence: art.confidence, title: art.title, publishedAt: art.publishedAt, paragraphs: art.paragraphs.length });
    if (art.confidence !== 'high') row.problem = art.fallbackReason?.message ?? 'low confidence extraction';
    else if (!art.publishedAt) row.problem = 'no publication time found';
    return row;
  } catch (e) {
    // A wall (a challenge page, ServicePipe's 460, a reset at first contact, no browser to pass it) is `blocked`.
    if (e instanceof CrawlError && e.code === 'blocked' && row.feedStatus === 'error') return { ...row, feedStatus: 'blocked', problem: errorMessage(e) };
    return { ...row, problem: `${e instanceof CrawlError ? e.code : 'internal_error'}: ${errorMessage(e)}` };
  }
}

export async function runSourcesCheck(v: Values, io: CommandIO): Promise<number> {
  const config = loadSources(String(v.sources));
  const only = typeof v.only === 'string' ? v.only.split(',') : undefined;
  const sources = config.sources.filter((s) => s.enabled && (!only || only.includes(s.id)));
  const fetcher = createFetcher({ userAgent: config.userAgent, sources: config.sources });
  try {
    const rows = await Promise.all(sources.map((s) => checkSource(fetcher, s, new Date())));
    if (v.json) io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else for (const r of rows) {
      const art = r.adapter ? `${r.adapter} ${r.confidence} ${r.paragraphs}¶ ${r.publishedAt ?? 'no date'} “${(r.title ?? '').slice(0, 60)}”` : '';
      io.stdout.write(`${r.problem ? '✗' : '✓'} ${r.source.padEnd(12)} ${r.feedStatus.padEnd(11)} ${String(r.items).padStart(3)} items  ${art}${r.problem ? `  — ${r.problem}` : ''}\n`);
    }
    return rows.every((r) => !r.problem && r.feedStatus === 'ok') ? EXIT.ok : EXIT.partial;
  } finally {
    await fetcher.close();
  }
}
