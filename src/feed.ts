// Decoded XML → FeedItem[] through rss-parser's parseString (never parseURL: we fetch and decode ourselves).
// Guarantees: a body that is not RSS/Atom/RDF is `not_a_feed`, never "ok, 0 items"; malformed XML gets one
// lenient reparse (items marked parseMode 'lenient'); entities are never expanded (sax/xml2js leaves them);
// dates are re-read in the source's zone (rss-parser reads zone-less dates in the host's zone); fields are
// copied into fresh objects so hostile keys (__proto__) cannot reach ours.
import Parser from 'rss-parser';
import { DateTime } from 'luxon';
import type { FeedItem, FeedParse } from './types.js';
import { isoMinute } from './text/time.js';
import { absUrl, own } from './text/select.js';
import { looksLikeFeed, markupProblem, stripTagsLinear } from './fetch/sniff.js';

export const FEED_LIMITS = {
  maxItems: 1000,
  maxTitleChars: 1024,
  maxSummaryChars: 2048,
  maxDepth: 200,
  maxTagChars: 64 * 1024,
};

const strict = new Parser({ xml2js: { strict: true } });
const lenientParser = (): Parser => new Parser({ xml2js: { strict: false, normalizeTags: true, attrNameProcessors: [(n: string) => n.toLowerCase()] } });

/** True when the text starts (after prolog, comments, doctype) with an RSS, Atom or RDF root element. */
export function isFeedDocument(text: string): boolean {
  return looksLikeFeed(text);
}


export interface FeedContext {
  feedUrl: string;
  timeZone: string;
  now: Date;
}

export async function parseFeed(text: string, ctx: FeedContext): Promise<FeedParse> {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { kind: 'not_a_feed', reason: 'empty body' };
  if (!isFeedDocument(body)) {
    const start = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    return { kind: 'not_a_feed', reason: `no <rss>, <feed> or <rdf:RDF> root; the body starts with ${JSON.stringify(start)}` };
  }
  // xml2js recursion dies with RangeError near 5,000 levels, and sax crawls over a tag that never ends.
  const problem = markupProblem(body, FEED_LIMITS);
  if (problem) return { kind: 'not_a_feed', reason: problem };
  let parsed: Parser.Output<Record<string, unknown>>;
  let parseMode: 'strict' | 'lenient' = 'strict';
  try {
    parsed = await strict.parseString(body);
  } catch {
    parseMode = 'lenient';
    try {
      parsed = await lenientParser().parseString(body);
    } catch (e) {
      return { kind: 'not_a_feed', reason: `unparseable XML, even leniently: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const items: FeedItem[] = [];
  let dropped = 0;
  for (const raw of (parsed.items ?? []).slice(0, FEED_LIMITS.maxItems)) {
    const item = toFeedItem(raw as Record<string, unknown>, ctx);
    if (item) items.push(item);
    else dropped++;
  }
  dropped += Math.max(0, (parsed.items?.length ?? 0) - FEED_LIMITS.maxItems);
  const title = typeof parsed.title === 'string' ? own(parsed.title.trim()) : undefined;
  return { kind: 'feed', ...(title ? { title } : {}), items, parseMode, dropped };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '_' in v && typeof (v as { _: unknown })._ === 'string') return (v as { _: string })._;
  return undefined;
}

function clip(s: string | undefined, max: number): string | undefined {
  if (s === undefined) return undefined;
  const t = s.replace(/\s+/g, ' ').trim();
  if (!t) return undefined;
  return own(t.length > max ? t.slice(0, max - 1) + '…' : t);
}

function toFeedItem(raw: Record<string, unknown>, ctx: FeedContext): FeedItem | undefined {
  const linkRaw = str(raw.link)?.trim() || (looksLikeUrl(str(raw.guid)) ? str(raw.guid)?.trim() : undefined);
  const link = absUrl(linkRaw, ctx.feedUrl);
  if (!link) return undefined;
  const title = clip(stripTags(str(raw.title) ?? ''), FEED_LIMITS.maxTitleChars) ?? '';
  const summaryRaw = str(raw.contentSnippet) ?? str(raw.summary) ?? stripTags(str(raw.content) ?? str(raw.description) ?? '');
  const summary = clip(summaryRaw, FEED_LIMITS.maxSummaryChars);
  const guid = clip(str(raw.guid) ?? str(raw.id), 512);
  const publishedAt = feedDate(str(raw.pubDate) ?? str(raw.published) ?? str(raw.updated) ?? str(raw['dc:date']) ?? str(raw.isoDate), ctx);
  return { link: own(link), title, ...(guid ? { guid } : {}), ...(publishedAt ? { publishedAt } : {}), ...(summary ? { summary } : {}) };
}

function looksLikeUrl(s: string | undefined): boolean {
  return !!s && /^https?:\/\//i.test(s.trim());
}

function stripTags(s: string): string {
  return stripTagsLinear(s).replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/** A feed date in the source's zone: RFC 2822 and ISO keep their offset; zone-less forms are source-local. */
export function feedDate(value: string | undefined, ctx: { timeZone: string; now: Date }): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const zone = ctx.timeZone;
  // Tried in order and only until one parses: each luxon parse in a zone costs ~0.1–0.3 ms, and building all
  // five for every item made feed dates the crawl's largest luxon cost (bench).
  const candidates = [
    () => DateTime.fromRFC2822(v, { zone, setZone: true }),
    () => DateTime.fromISO(v, { zone, setZone: true }),
    () => DateTime.fromFormat(v, 'yyyy-MM-dd HH:mm:ss', { zone }),
    () => DateTime.fromFormat(v, 'yyyy-MM-dd HH:mm', { zone }),
    () => DateTime.fromHTTP(v, { zone, setZone: true }),
  ];
  let dt: DateTime | undefined;
  for (const parse of candidates) {
    const d = parse();
    if (d.isValid) {
      dt = d;
      break;
    }
  }
  if (!dt) return undefined;
  if (dt.toMillis() > ctx.now.getTime() + 10 * 60_000) return undefined;
  return isoMinute(dt.setZone(zone));
}
