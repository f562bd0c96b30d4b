// ExtractedPage + FeedItem + source → Article: canonical URL, stable id, time in the source's zone, language,
// and a content fingerprint. A page that could not be fetched or extracted still yields an Article built from
// the feed's own text (feedOnly), so a watchlist hit in a feed summary reaches the editor.
import { DateTime } from 'luxon';
import type {
  Article,
  Candidate,
  DecodedDoc,
  ExtractedPage,
  FeedItem,
  MatchResult,
  ObservedArticle,
  ObservedMatch,
  Paragraph,
  SourceConfig,
} from './types.js';
import type { CodedReason } from './errors.js';
import { canonicalUrl, itemIds, joinedTextHash } from './identity.js';
import { fingerprint } from './simhash.js';
import { isoMinute, isoMinuteAt } from './text/time.js';
import { readWrittenTime } from './text/instant.js';
import { zoneNamed } from './text/zones.js';

/**
 * Stable ids for a feed's items, the same on every run (a guid repeated inside one feed is told apart by
 * link, then position). Items the identity rules cannot key (no guid, link or title) get no id and are dropped.
 */
export function idsOfItems(source: SourceConfig, items: readonly FeedItem[]): string[] {
  return itemIds(
    source.id,
    items.map((it) => ({ link: it.link, guid: it.guid, title: it.title, publishedAt: it.publishedAt, text: it.summary })),
  );
}

/** An item the crawl can tell apart from others: a guid, a link, a title or some text. */
export function identifiable(item: FeedItem): boolean {
  return !!(item.guid?.trim() || item.link?.trim() || item.title.trim() || item.summary?.trim());
}

function httpUrl(u: string | undefined): string | undefined {
  return u && /^https?:\/\//i.test(u) ? u : undefined;
}

/** Normalise a time to the source's zone; a date-only value stays a date. */
/** Earlier than this, a publication time is a placeholder or an attack (1900-01-01, year −271821), not news:
 *  it is treated as missing, so the item sorts by the time it was first seen instead of leaving the window. */
export const MIN_PLAUSIBLE_YEAR = 1995;

function inZone(iso: string | undefined, zone: string): string | null {
  if (!iso) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return Number(iso.slice(0, 4)) >= MIN_PLAUSIBLE_YEAR ? iso : null;
  // The form the adapters write (text/time.ts) in an IANA zone, without luxon (~15 µs a page time with it): the
  // year checked is the written one, as luxon's with setZone.
  const read = readWrittenTime(iso);
  const target = zoneNamed(zone);
  if (read?.hasOffset && typeof target !== 'string') {
    if (read.year < MIN_PLAUSIBLE_YEAR) return null;
    const text = isoMinuteAt(read.ms, target);
    if (text !== undefined) return text;
  }
  const dt = DateTime.fromISO(iso, { setZone: true });
  return dt.isValid && dt.year >= MIN_PLAUSIBLE_YEAR ? isoMinute(dt.setZone(zoneNamed(zone))) : null;
}

/**
 * The page's own time wins (it has the zone the page shows); the feed's or listing's time is the fallback, and
 * also refines a page that shows only a date when it falls on that same date (mid.ru's pages show the day, its
 * listing the minute).
 */
function publishedTime(pageAt: string | undefined, itemAt: string | undefined, zone: string): string | null {
  const page = inZone(pageAt, zone);
  const item = inZone(itemAt, zone);
  if (page && item && page.length === 10 && item.startsWith(page)) return item;
  return page ?? item;
}

export function articleFromPage(
  source: SourceConfig,
  item: FeedItem,
  id: string,
  page: ExtractedPage,
  decoded?: Pick<DecodedDoc, 'charset' | 'charsetSource'>,
): Article {
  const paragraphs = page.paragraphs;
  const title = page.title || item.title;
  const lang = page.lang ?? source.lang;
  return {
    id,
    url: canonicalUrl(httpUrl(page.canonicalUrl) ?? item.link ?? ''),
    ...(item.guid ? { guid: item.guid } : {}),
    source: { id: source.id, name: source.name, outlet: source.outlet },
    title,
    publishedAt: publishedTime(page.publishedAt, item.publishedAt, source.timeZone),
    lang,
    byline: page.byline ?? null,
    credit: page.credit ?? null,
    lead: page.lead ?? null,
    paragraphs,
    extraction: {
      adapter: page.adapter,
      confidence: page.confidence,
      ...(decoded ? { charset: decoded.charset, charsetSource: decoded.charsetSource } : {}),
      ...(page.fallbackReason ? { fallbackReason: page.fallbackReason } : {}),
    },
    feedOnly: false,
    fingerprint: fingerprint([title, ...paragraphs.map((p) => p.text)].join('\n'), lang),
  };
}

/** An Article from the feed's title and summary alone, for items whose page failed. */
/** The article as the feed tells it: its full text (content:encoded, Atom content) when given, else its summary.
 * A feed-only item without an http(s) link is addressed by its feed's URL. */
/** `pageAt`: the page's own date when its body was not found; the feed's time wins, this fills its absence. */
export function articleFromFeed(
  source: SourceConfig,
  item: FeedItem,
  id: string,
  reason: CodedReason,
  feedUrl?: string,
  pageAt?: string,
): Article {
  const paragraphs: Paragraph[] = item.content?.length
    ? item.content.map((text) => ({ text }))
    : item.summary
      ? [{ text: item.summary }]
      : [];
  return {
    id,
    // Only http(s) is ever written as an item's address: a javascript:, data: or file: link stays in the
    // store's own record of the item, never in candidates.json, the desk or an export.
    url: canonicalUrl(httpUrl(item.link) ?? feedUrl ?? ''),
    ...(item.guid ? { guid: item.guid } : {}),
    source: { id: source.id, name: source.name, outlet: source.outlet },
    title: item.title,
    publishedAt: inZone(item.publishedAt ?? pageAt, source.timeZone),
    lang: source.lang,
    byline: null,
    credit: null,
    lead: null,
    paragraphs,
    extraction: { adapter: 'feed', confidence: 'low', fallbackReason: reason },
    feedOnly: true,
    fingerprint: fingerprint([item.title, ...paragraphs.map((p) => p.text)].join('\n'), source.lang),
  };
}

/** The article as the store observes it (types.ts ObservedArticle): the body replaced by the hash of its text. */
export function observedArticle(article: Article): ObservedArticle {
  const { paragraphs, ...rest } = article;
  // No body observed (feed-only) is not a body edit: null keeps the stored hash and fingerprint.
  return { ...rest, contentHash: article.feedOnly ? null : joinedTextHash(paragraphs.map((p) => p.text)) };
}

/** The match as the store observes it (types.ts ObservedMatch): the rules hit, and the candidate the editor sees,
 *  serialised, when any did. `nowIso` is the item's observation time (its first and last sighting so far). */
export function observedMatch(
  article: ObservedArticle,
  match: MatchResult,
  at: { id: string; source: SourceConfig; nowIso: string; pageError: CodedReason | undefined },
): ObservedMatch {
  const hitRules = match.matches.map((m) => m.rule);
  if (hitRules.length === 0) return { hitRules, candidateJson: null };
  const candidate: Candidate = {
    id: at.id,
    url: article.url,
    source: article.source,
    title: article.title,
    publishedAt: article.publishedAt,
    lang: article.lang,
    byline: article.byline,
    credit: article.credit,
    score: match.score,
    scoreExplain: match.scoreExplain,
    status: 'new', // the store decides new / updated / seen when it renders candidates
    feedOnly: article.feedOnly,
    matches: match.matches,
    excerpts: match.excerpts,
    firstSeenAt: at.nowIso,
    lastSeenAt: at.nowIso,
    timeZone: at.source.timeZone,
    extraction: article.extraction,
    // Decided when the outputs are rendered, from every fingerprint in the window (src/state/candidates.ts): an
    // earlier original committed later in the same run is found there, and a crawl-time lookup here was
    // overwritten whenever the fingerprint is usable and found nothing when it is not.
    reprintOf: null,
    error: at.pageError ?? null,
  };
  return { hitRules, candidateJson: JSON.stringify(candidate) };
}
