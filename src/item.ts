// The decision for one feed item, as a pure function of what the stages produced: its terminal state
// (flagged, seen, failed, deferred, unchanged), the candidate the editor sees, and the record the store keeps.
// Guarantee: every item ends in exactly one state, and a failed page whose feed text matches still reaches
// the editor (feedOnly).
import { createHash } from 'node:crypto';
import type { Article, Candidate, FeedItem, MatchResult, SourceConfig } from './types.js';

export type ItemState = 'flagged' | 'seen' | 'failed' | 'deferred' | 'unchanged';

/** What the store keeps about an item it has seen (a subset of the store's row). */
export interface KnownItem {
  status: string;
  firstSeenAt: string;
  feedTitleHash?: string | null;
  contentHash?: string | null;
  titleHash?: string | null;
  hitKey?: string | null;
}

export interface ItemRecord {
  id: string;
  sourceId: string;
  url: string;
  guid: string | null;
  title: string;
  publishedAt: string | null;
  status: Exclude<ItemState, 'unchanged'>;
  feedTitleHash: string;
  titleHash: string;
  contentHash: string;
  fingerprint: string;
  hitKey: string;
  hitRules: string[];
  candidate: Candidate | null;
  error: { code: string; message: string } | null;
  at: string;
}

export interface ItemOutcome {
  id: string;
  url: string;
  sourceId: string;
  state: ItemState;
  /** Flagged in this run (first sighting, a retried failure, or an update that touched a hit). */
  newlyFlagged: boolean;
  isNew: boolean;
  updated: boolean;
  fetched: boolean;
  extracted: boolean;
  feedOnly: boolean;
  error?: { code: string; message: string };
  /** Absent for unchanged items: only their last-seen time moves, which the feed commit records. */
  commit?: ItemRecord;
}

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

const RETRY_STATES = new Set(['failed', 'deferred']);

/** A known item whose feed title did not change and whose last attempt did not fail needs no page fetch. */
export function isUnchanged(known: KnownItem | undefined, item: FeedItem): boolean {
  return !!known && !RETRY_STATES.has(known.status) && known.feedTitleHash === sha(item.title);
}

export function unchangedOutcome(source: SourceConfig, item: FeedItem, id: string): ItemOutcome {
  return { id, url: item.link, sourceId: source.id, state: 'unchanged', newlyFlagged: false, isNew: false, updated: false, fetched: false, extracted: false, feedOnly: false };
}

/** The hits that matter for re-flagging: rule and matched text, order-free. */
function hitKeyOf(match: MatchResult): string {
  const keys = match.matches.flatMap((m) => m.hits.map((h) => `${m.rule}:${h.text.toLowerCase()}`));
  return sha([...new Set(keys)].sort().join('\n'));
}

export interface DecideInput {
  source: SourceConfig;
  item: FeedItem;
  article: Article;
  match: MatchResult;
  known: KnownItem | undefined;
  pageError?: { code: string; message: string };
  deferred: boolean;
  fetched: boolean;
  reprint?: { id: string; sourceId: string };
  now: Date;
}

export function decide(input: DecideInput): ItemOutcome {
  const { source, item, article, match, known, pageError } = input;
  const at = input.now.toISOString();
  const titleHash = sha(article.title);
  const contentHash = sha(article.paragraphs.map((p) => p.text).join('\n'));
  const hitKey = hitKeyOf(match);
  const changed: string[] = [];
  if (known && !RETRY_STATES.has(known.status) && !article.feedOnly) {
    if (known.titleHash && known.titleHash !== titleHash) changed.push('title');
    if (known.contentHash && known.contentHash !== contentHash) changed.push('body');
  }
  const updated = changed.length > 0;
  const matched = match.matches.length > 0;
  // An update is flagged again only when it touches a watchlist hit; a first sighting is flagged on any hit.
  const flag = matched && (!known || RETRY_STATES.has(known.status) || (updated && known.hitKey !== hitKey) || known.status === 'feed_only');
  let state: ItemOutcome['state'];
  if (flag) state = 'flagged';
  else if (matched && known?.status === 'flagged') state = 'flagged';
  else if (pageError) state = input.deferred ? 'deferred' : 'failed';
  else state = 'seen';
  const candidate: Candidate | null = state === 'flagged' ? {
    id: article.id,
    url: article.url,
    source: article.source,
    title: article.title,
    publishedAt: article.publishedAt,
    lang: article.lang,
    byline: article.byline,
    credit: article.credit,
    score: match.score,
    scoreExplain: match.scoreExplain,
    status: updated ? 'updated' : 'new',
    feedOnly: article.feedOnly,
    matches: match.matches,
    excerpts: match.excerpts,
    firstSeenAt: known?.firstSeenAt ?? at,
    lastSeenAt: at,
    timeZone: source.timeZone,
    extraction: article.extraction,
    reprintOf: input.reprint ? { id: input.reprint.id, source: input.reprint.sourceId } : null,
    ...(updated ? { changed } : {}),
    error: pageError ?? null,
  } : null;
  return {
    id: article.id,
    url: article.url,
    sourceId: source.id,
    state,
    newlyFlagged: flag,
    isNew: !known,
    updated,
    fetched: input.fetched,
    extracted: input.fetched && !pageError,
    feedOnly: article.feedOnly,
    ...(pageError ? { error: pageError } : {}),
    commit: {
      id: article.id, sourceId: source.id, url: article.url, guid: item.guid ?? null, title: article.title, publishedAt: article.publishedAt,
      status: state === 'flagged' && article.feedOnly ? 'flagged' : (state as ItemRecord['status']),
      feedTitleHash: sha(item.title), titleHash, contentHash, fingerprint: article.fingerprint, hitKey,
      hitRules: match.matches.map((m) => m.rule), candidate, error: pageError ?? null, at,
    },
  };
}
