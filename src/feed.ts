// Decoded XML → FeedItem[] through our tolerant reader (src/feeds: htmlparser2's XML tokenizer, never throws).
// Guarantees: a body whose root is not RSS/Atom/RDF/CDF is `not_a_feed`, never "ok, 0 items"; an ill-formed feed
// (truncated, undefined entities, unclosed tags, <rss> without a version) still gives its items, with parseMode
// 'lenient'; an item without a link is kept as a feed-only item; text is text (entities decoded, tags, scripts and
// styles removed); dates are read in every form feedparser reads, zone-less ones in the source's zone, and an
// unreadable date is absent; fields are copied into fresh objects so hostile keys (__proto__) cannot reach ours.
import type { DateTime } from 'luxon';
import type { FeedItem, FeedParse } from './types.js';
import { isoMinute } from './text/time.js';
import { absUrl, own } from './text/select.js';
import { looksLikeFeed, markupProblem } from './fetch/sniff.js';
import { readXml } from './feeds/xml.js';
import { feedFormat, readEntries, type RawEntry } from './feeds/items.js';
import { parseFeedInstant } from './feeds/dates.js';
import { zoneNamed } from './text/zones.js';

export const FEED_LIMITS = {
  maxItems: 1000,
  maxTitleChars: 1024,
  maxSummaryChars: 2048,
  maxContentChars: 200_000,
  maxDepth: 200,
  maxTagChars: 64 * 1024,
};

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
  return parseFeedText(text, ctx);
}

/** parseFeed without the promise: the reader is synchronous. */
export function parseFeedText(text: string, ctx: FeedContext): FeedParse {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { kind: 'not_a_feed', reason: 'empty body' };
  // An image, PDF or archive read as a feed: its tag-like bytes would otherwise give a reason about nesting.
  if (!body.trimStart().startsWith('<') && body.slice(0, 1024).includes('\u0000'))
    return { kind: 'not_a_feed', reason: 'binary content (NUL bytes, no markup at the start), not a feed' };
  // Refused before any reader sees it: nesting deeper than maxDepth, or a tag that never ends within maxTagChars.
  const problem = markupProblem(body, FEED_LIMITS);
  if (problem) return { kind: 'not_a_feed', reason: problem };
  const tree = readXml(body, ctx.feedUrl);
  const format = feedFormat(tree.root);
  if (!tree.root || !format) {
    const start = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    return { kind: 'not_a_feed', reason: `no <rss>, <feed>, <rdf:RDF> or <channel> root; the body starts with ${JSON.stringify(start)}` };
  }
  const raw = readEntries(tree.root);
  const items: FeedItem[] = [];
  let dropped = Math.max(0, raw.entries.length - FEED_LIMITS.maxItems);
  for (const entry of raw.entries.slice(0, FEED_LIMITS.maxItems)) {
    const item = toFeedItem(entry, ctx);
    if (item) items.push(item);
    else dropped++;
  }
  const title = clip(raw.title, FEED_LIMITS.maxTitleChars);
  return { kind: 'feed', ...(title ? { title } : {}), format, items, parseMode: tree.wellFormed ? 'strict' : 'lenient', dropped };
}

function clip(s: string | undefined, max: number): string | undefined {
  if (s === undefined) return undefined;
  const t = s.replace(/\s+/g, ' ').trim();
  if (!t) return undefined;
  return own(t.length > max ? t.slice(0, max - 1) + '…' : t);
}

/** Paragraphs up to a total length, the last one cut with "…". */
function clipParagraphs(paras: string[] | undefined, max: number): string[] | undefined {
  if (!paras?.length) return undefined;
  const out: string[] = [];
  let left = max;
  for (const p of paras) {
    if (left <= 1) break;
    out.push(own(p.length > left ? p.slice(0, left - 1) + '…' : p));
    left -= p.length;
  }
  return out;
}

/** A raw entry → a FeedItem. Every entry is kept, as feedparser keeps it; the crawl decides what it can identify. */
function toFeedItem(e: RawEntry, ctx: FeedContext): FeedItem | undefined {
  const base = e.base ?? ctx.feedUrl;
  const link = e.link ? absUrl(e.link, base) : undefined;
  const title = clip(e.title, FEED_LIMITS.maxTitleChars) ?? '';
  const content = clipParagraphs(e.content, FEED_LIMITS.maxContentChars);
  const summary = clip(e.summary ?? content?.join(' '), FEED_LIMITS.maxSummaryChars);
  const guid = clip(e.id ? entryId(e.id, e.family, base) : undefined, 512);
  const dates = itemDates(e, ctx);
  const chosen = dates.published ?? dates.updated ?? dates.created;
  const publishedAt =
    chosen && chosen.dt.toMillis() <= ctx.now.getTime() + 10 * 60_000 ? isoMinute(chosen.dt.setZone(zoneNamed(ctx.timeZone))) : undefined;
  const stated: NonNullable<FeedItem['dates']> = {};
  for (const k of ['published', 'updated', 'created'] as const) if (dates[k]) stated[k] = dates[k].iso;
  return {
    ...(link ? { link: own(link) } : {}),
    title,
    ...(guid ? { guid } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(summary ? { summary } : {}),
    ...(content ? { content } : {}),
    ...(Object.keys(stated).length ? { dates: stated } : {}),
  };
}

/** An id as written, except an Atom id without a scheme, which is a URI reference resolved against the base. */
function entryId(id: string, family: 'atom' | 'rss', base: string): string {
  if (family !== 'atom' || /^[a-z][a-z\d+.-]*:/i.test(id)) return id;
  try {
    return new URL(id, base).href;
  } catch {
    return id;
  }
}

type Dated = { dt: DateTime; iso: string };

function itemDates(e: RawEntry, ctx: FeedContext): Partial<Record<'published' | 'updated' | 'created', Dated>> {
  const out: Partial<Record<'published' | 'updated' | 'created', Dated>> = {};
  for (const k of ['published', 'updated', 'created'] as const) {
    const v = e[k];
    const dt = v ? parseFeedInstant(v, ctx.timeZone) : undefined;
    if (dt) out[k] = { dt, iso: dt.toUTC().toISO({ suppressMilliseconds: true }) as string };
  }
  return out;
}

/** A feed date in the source's zone (minute precision), or undefined when it cannot be read or lies in the future. */
export function feedDate(value: string | undefined, ctx: { timeZone: string; now: Date }): string | undefined {
  if (!value) return undefined;
  const dt = parseFeedInstant(value, ctx.timeZone);
  if (!dt || dt.toMillis() > ctx.now.getTime() + 10 * 60_000) return undefined;
  return isoMinute(dt.setZone(ctx.timeZone));
}
