// The CPU half of an item: a fetched response → decode → adapter (generic fallback) → Article → watchlist match.
// Pure (no I/O, no store), and everything in and out is plain data, so it runs the same on the main thread and in
// a worker thread (src/workers/): the crawl's results do not depend on where it ran. The article and the match
// come back as observe() reads them (types.ts ObservedArticle, ObservedMatch): the body as a hash and the
// candidate as its JSON, so neither the text nor the hits cross to the main thread as objects.
import type { Article, FeedItem, ObservedArticle, ObservedMatch, SourceConfig } from '../types.js';
import { errorMessage, type CodedReason } from '../errors.js';
import { articleFromFeed, articleFromPage, observedArticle, observedMatch } from '../normalize.js';
import { matchArticle, type CompiledWatchlist } from '../match/index.js';
import { matchSignature } from '../match/signature.js';
import { pageFromResponse, pageOptionsFor, type PageRead, type PageResponse } from './page.js';

export interface PageWorkInput {
  response: PageResponse;
  source: SourceConfig;
  item: FeedItem;
  id: string;
  /** The feed the item came from: a feed-only article is addressed by it when the item has no link. */
  feedUrl: string;
  nowIso: string;
}

/** What the run report counts of an extraction (src/run.ts countExtraction). */
export interface PageStats {
  lowConfidence: boolean;
  missingTitle: boolean;
  missingDate: boolean;
  missingBody: boolean;
  fallbackCode?: string;
}

export interface PageWorkResult {
  article: ObservedArticle;
  /** The rules hit and the candidate's JSON: the hits and excerpts themselves stay in this thread. */
  match: ObservedMatch;
  /** matchSignature(article.title, match): the store's hit key, hashed here rather than on the main thread. */
  hitKey: string | null;
  pageError?: CodedReason;
  fetched: boolean;
  deferred: boolean;
  stats?: PageStats;
  /** An unexpected error behind an internal_error, for the main thread's log (an Error does not cross threads whole). */
  internal?: { message: string; stack?: string };
  /** PageRead.largeBodyBytes, for the main thread's 'large body' warning. */
  largeBodyBytes?: number;
}

function statsOf(page: Extract<PageRead, { kind: 'page' }>['page']): PageStats {
  return {
    lowConfidence: page.confidence === 'low',
    missingTitle: !page.title,
    missingDate: !page.publishedAt,
    missingBody: page.paragraphs.length === 0,
    ...(page.fallbackReason ? { fallbackCode: page.fallbackReason.code } : {}),
  };
}

function internalOf(e: unknown): { message: string; stack?: string } {
  return { message: errorMessage(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) };
}

export function pageWork(input: PageWorkInput, watchlist: CompiledWatchlist): PageWorkResult {
  const read = pageFromResponse(input.response, pageOptionsFor(input.source, new Date(input.nowIso)));
  return readWork(read, input, watchlist);
}

/** The rest of an item once its page is read, or once reading it failed (then the feed's text is the article). */
export function readWork(
  read: PageRead,
  at: Pick<PageWorkInput, 'source' | 'item' | 'id' | 'feedUrl' | 'nowIso'>,
  watchlist: CompiledWatchlist,
): PageWorkResult {
  const { source, item, id, feedUrl, nowIso } = at;
  let article: Article;
  let pageError: CodedReason | undefined;
  let stats: PageStats | undefined;
  let internal: PageWorkResult['internal'];
  if (read.kind === 'page') {
    try {
      article = articleFromPage(source, item, id, read.page, read.decoded);
      stats = statsOf(read.page);
    } catch (e) {
      pageError = { code: 'internal_error', message: errorMessage(e) };
      article = articleFromFeed(source, item, id, pageError, feedUrl);
      internal = internalOf(e);
    }
  } else {
    pageError = { code: read.code, message: read.message };
    article = articleFromFeed(source, item, id, pageError, feedUrl, read.publishedAt);
    if (read.code === 'internal_error') internal = internalOf(read.cause);
  }
  return {
    ...matchedWork(article, { id, source, nowIso }, watchlist, pageError),
    fetched: read.kind === 'page' || read.fetched,
    deferred: read.kind === 'failed' && read.deferred,
    ...(pageError ? { pageError } : {}),
    ...(stats ? { stats } : {}),
    ...(internal ? { internal } : {}),
    ...(read.kind === 'page' && read.largeBodyBytes !== undefined ? { largeBodyBytes: read.largeBodyBytes } : {}),
  };
}

/** An article matched, and both as observe() reads them: an item's work once its article is known, from a page or
 *  from its feed. `pageError` is the reason the page was not the article, when there was one. */
export function matchedWork(
  article: Article,
  at: Pick<PageWorkInput, 'source' | 'id' | 'nowIso'>,
  watchlist: CompiledWatchlist,
  pageError?: CodedReason,
): Pick<PageWorkResult, 'article' | 'match' | 'hitKey'> {
  const match = matchArticle(watchlist, { title: article.title, paragraphs: article.paragraphs, lang: article.lang });
  const observed = observedArticle(article);
  return {
    article: observed,
    match: observedMatch(observed, match, { id: at.id, source: at.source, nowIso: at.nowIso, pageError }),
    hitKey: matchSignature(article.title, match),
  };
}
