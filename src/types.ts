// Boundary types: one per arrow of the Flow (README). No logic lives here.
// sources.json → SourcesConfig → FetchOutcome → DecodedDoc → FeedItem / ExtractedPage → Article → Candidate

import type { CodedReason } from './errors.js';

export type Lang = 'en' | 'ru' | 'zh';

/** Politeness and limit settings; every source gets the defaults overlaid by its own values. */
export interface FetchSettings {
  minDelayMs: number;
  perHostConcurrency: number;
  timeoutMs: number;
  maxBodyBytes: number;
  respectRobots: boolean;
}

/** How a channel lists a source's stories: a feed, a news sitemap (or sitemap index), or a section page. */
export type ChannelKind = 'rss' | 'atom' | 'sitemap' | 'listing';

export interface Channel {
  kind: ChannelKind;
  url: string;
}

/** A validated source (sources.json `sources[i]` with defaults applied). */
export interface SourceConfig extends FetchSettings {
  id: string;
  /** The source as the newsletter names it. */
  name: string;
  /** The outlet behind the source, as the newsletter names it: the grouping key of stories, twin editions and
   *  omission lines (both TASS editions are "TASS"). sources.json may omit it: it is then the source's `name`. */
  outlet: string;
  lang: Lang;
  timeZone: string;
  /** A key of the adapter registry (validated by config.ts against src/adapters/index.ts). */
  adapter: string;
  /** URLs of the rss/atom channels (sources.json `feeds`, or `channels` of those kinds). */
  feeds: string[];
  /** URLs of the listing channels (sources.json `listPages`, or `channels` of kind listing). */
  listPages: string[];
  /** Every discovery channel in the order they are read; validated configs always set it (src/discover/channels.ts
   *  derives it from feeds and listPages for a source built in code without it). */
  channels?: Channel[];
  /** A channel whose newest item is older than this is `stale`. Validated configs always set it (default in
   *  src/discover/channels.ts); a source built in code without it judges no freshness. */
  staleAfterHours?: number;
  /** Charset hint used only when bytes, header and markup say nothing. */
  encoding?: string;
  /** May reach loopback/private addresses, but only on the hosts of its own feeds and listPages. */
  allowPrivateNetwork: boolean;
  enabled: boolean;
  /** How pages and feeds are fetched: plain HTTP (default), always a browser, or a browser when walled. */
  fetch?: FetchMode;
  /** Extra CA certificates trusted for this source's own hosts, beside the standard roots. */
  tls?: SourceTls;
}

export type FetchMode = 'plain' | 'browser' | 'auto';

/** A cookie a browser earned on a walled host (src/fetch/cookies.ts offers it to plain requests). */
export interface EarnedCookie {
  name: string;
  value: string;
  /** Lower-case; a leading dot means the cookie also applies to subdomains. */
  domain: string;
  path: string;
  /** Epoch seconds; -1 for a session cookie. */
  expires: number;
  secure: boolean;
  httpOnly: boolean;
}

/** A host's earned cookies and when the browser earned them (epoch ms), as kept in the state store. */
export interface HostCookies {
  host: string;
  earnedAtMs: number;
  cookies: EarnedCookie[];
}

/** A host that asked (Retry-After beyond the cap) not to be asked again before `untilMs` (epoch ms): kept with the
 *  host, so the next run defers its requests too instead of asking again on its own schedule. */
export interface HostHold {
  host: string;
  untilMs: number;
}

export interface SourceTls {
  /** The PEM file as named in sources.json (resolved against its folder). */
  caFile: string;
  /** The certificates it holds, PEM, read and checked once at config load. */
  ca: string;
}

export interface SourcesConfig {
  userAgent: string;
  defaults: FetchSettings;
  sources: SourceConfig[];
}

export interface WatchRuleConfig {
  id: string;
  label: string;
  query: string;
  weight: number;
}

export interface WatchlistConfig {
  aliases: Record<string, string[]>;
  rules: WatchRuleConfig[];
}

/** One problem in a config file; `path` is a JSON path such as `$.sources[2].feeds[0]`. */
export interface ConfigIssue {
  file: string;
  path: string;
  message: string;
}

// ---------------------------------------------------------------- fetch

export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** 'sitemap' and 'listing' are discovery channels read like pages: robots.txt applies to them. */
export type FetchKind = 'feed' | 'page' | 'robots' | 'sitemap' | 'listing';

export interface FetchRequest {
  url: string;
  kind: FetchKind;
  sourceId: string;
  validators?: Validators;
  /** A 2xx body in one known content coding may come back undecoded (`encoded` on the outcome): the crawl's pages
   *  wait for a worker thread compressed, a fifth of their size. Plain fetches only; a walled source's body is
   *  always decoded, as its challenge check reads it. */
  keepEncoded?: boolean;
}

/** A body left in its content coding for its reader (FetchRequest.keepEncoded), with the fetcher's limits on it. */
export interface EncodedBody {
  coding: string;
  capBytes: number;
  warnBytes: number;
}

export type SkipReason =
  | 'robots' // disallowed by robots.txt
  | 'scheme' // not http(s)
  | 'ssrf' // private/loopback/link-local address not allowed for this source
  | 'deferred' // Retry-After beyond the cap, host circuit open, or run deadline reached
  | 'circuit_open';

/** A fetch ends in exactly one of these; real failures throw a FetchError (src/errors.ts). */
export type FetchOutcome =
  | {
      kind: 'fresh';
      url: string;
      finalUrl: string;
      status: number;
      headers: Record<string, string>;
      body: Buffer;
      /** `body` is still in this content coding; the reader decodes it (fetch/body.ts `decodeContent`) with this
       *  cap on the decoded size, and reports a decoded size past `warnBytes` as the fetcher would have ('large
       *  body'). Only when the request asked `keepEncoded`. */
      encoded?: EncodedBody;
      validators: Validators;
      fetchedAt: string;
      /** A 301/308 on the way: the permanent new address (sources.json is never rewritten). */
      movedTo?: string;
      /** 'close': the body had neither Content-Length nor chunking, so a cut-off body cannot be detected at the
       *  HTTP level; the parser/extractor must judge completeness. */
      bodyDelimiter?: 'close';
    }
  | { kind: 'not-modified'; url: string; finalUrl: string; fetchedAt: string }
  | { kind: 'skipped'; url: string; reason: SkipReason; detail: string; retryAfterMs?: number };

export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchOutcome>;
  /** Whether a request to `url` would now be deferred unsent because its host asked (Retry-After beyond the cap, in
   *  this run or kept from an earlier one) to be left alone. Absent: no host is ever held. */
  isHeld?(url: string): boolean;
  /** Stops new work: queued requests resolve as skipped/deferred, in-flight ones are aborted. */
  close(): Promise<void>;
}

export type CharsetSource = 'bom' | 'utf8-valid' | 'header' | 'xml-decl' | 'meta' | 'hint' | 'detected' | 'default';

export interface DecodedDoc {
  text: string;
  /** WHATWG encoding name actually used, e.g. 'utf-8', 'gb18030', 'windows-1251'. */
  charset: string;
  charsetSource: CharsetSource;
  /** The label that was declared (header/meta/prolog), if any, before GB-family widening. */
  declared?: string;
}

// ---------------------------------------------------------------- feed

export interface FeedItem {
  /** The article's address; absent for a feed-only item (its feed text is all there is). */
  link?: string;
  guid?: string;
  title: string;
  /** ISO 8601 with the source's offset, or undefined when the feed gives no usable date. */
  publishedAt?: string;
  summary?: string;
  /** The full text the feed carries (content:encoded, Atom content), as paragraphs. */
  content?: string[];
  /** Every date the item states, as UTC instants to the second (published, updated, created as feedparser names them). */
  dates?: { published?: string; updated?: string; created?: string };
}

export type FeedParse =
  | {
      kind: 'feed';
      title?: string;
      format: 'rss' | 'atom' | 'rdf' | 'cdf';
      items: FeedItem[];
      parseMode: 'strict' | 'lenient';
      dropped: number;
    }
  | { kind: 'not_a_feed'; reason: string }
  | { kind: 'blocked'; vendor: string };

// ---------------------------------------------------------------- extraction

export interface Paragraph {
  text: string;
  /** A leading agency dateline ("МОСКВА, 29 июня. /ТАСС/."), kept inside `text` and named here. */
  dateline?: string;
  /** Transcript speaker ("Sergey Lavrov"), kept inside `text` and named here. */
  speaker?: string;
}

export type Confidence = 'high' | 'low';

export interface ExtractedPage {
  title: string;
  /** ISO 8601 with the page's own offset (to the minute where the page has it), or a date (YYYY-MM-DD). */
  publishedAt?: string;
  byline?: string;
  /** The wire or outlet the piece is taken from: 新华社, Xinhua, ТАСС … */
  credit?: string;
  lang?: Lang;
  lead?: string;
  paragraphs: Paragraph[];
  canonicalUrl?: string;
  /** adapter@version, e.g. 'tass@2019', 'generic@1'. */
  adapter: string;
  confidence: Confidence;
  /** Why confidence is low (the selector miss that sent us to the generic extractor). */
  fallbackReason?: CodedReason;
}

export interface PageContext {
  url: string;
  lang?: Lang;
  timeZone?: string;
  /** Reference "now": publishedAt is never later than this. */
  now: Date;
}

// ---------------------------------------------------------------- article, match, candidate

export interface Article {
  id: string;
  url: string;
  guid?: string;
  /** outlet: the source's outlet (sources.json), the grouping key of outlet exports; absent in items stored before it. */
  source: { id: string; name: string; outlet?: string };
  title: string;
  publishedAt: string | null;
  lang: Lang;
  byline: string | null;
  credit: string | null;
  lead: string | null;
  paragraphs: Paragraph[];
  extraction: { adapter: string; confidence: Confidence; charset?: string; charsetSource?: CharsetSource; fallbackReason?: CodedReason };
  /** Matched on feed text only: the page could not be fetched or extracted. */
  feedOnly: boolean;
  fingerprint: string;
}

/** An article as the store observes it: its body only as the hash of its text (normalize.ts observedArticle). A page
 *  worker sends this back, not the paragraphs: the store keeps no body, and copying the text to the main thread
 *  only to hash it there cost the main thread a structured-clone read, the hash and ~110 KB of garbage a page. */
export type ObservedArticle = Omit<Article, 'paragraphs'> & { contentHash: string | null };

/** The watchlist match as observe() reads it (src/item.ts): the rules hit, and the candidate the editor sees in
 *  the store's form (its JSON), made where the page was read (normalize.ts observedMatch). A page worker sends this
 *  back, not the match: copying the hits and excerpts to the main thread only to serialise them there cost it ~60 µs
 *  a flagged item, and their garbage. */
export interface ObservedMatch {
  hitRules: string[];
  /** JSON of the Candidate when a rule matched, else null. */
  candidateJson: string | null;
}

export interface Hit {
  rule: string;
  term: string;
  text: string;
  field: 'title' | 'body';
  /** Paragraph index (0-based) for body hits; 0 for the title. */
  paragraph: number;
  start: number;
  end: number;
}

export interface RuleMatch {
  rule: string;
  label: string;
  weight: number;
  /** The first hits in document order (title first), at most MATCH_CAPS.maxHitsPerRule. */
  hits: Hit[];
  /** How many hits there were, when more than `hits` holds. */
  hitCount?: number;
}

export interface Excerpt {
  paragraph: number;
  text: string;
  /** [start, end, ruleId] offsets into `text`. */
  highlights: [number, number, string][];
}

export interface MatchResult {
  matches: RuleMatch[];
  excerpts: Excerpt[];
  score: number;
  scoreExplain: string[];
}

export type CandidateStatus = 'new' | 'updated' | 'seen';

export interface Candidate {
  id: string;
  url: string;
  /** outlet: the source's outlet (sources.json), the grouping key of outlet exports; absent in items stored before it. */
  source: { id: string; name: string; outlet?: string };
  title: string;
  publishedAt: string | null;
  lang: Lang;
  byline: string | null;
  credit: string | null;
  score: number;
  scoreExplain: string[];
  status: CandidateStatus;
  feedOnly: boolean;
  matches: RuleMatch[];
  excerpts: Excerpt[];
  firstSeenAt: string;
  lastSeenAt: string;
  timeZone: string;
  extraction: Article['extraction'];
  reprintOf?: { id: string; source: string } | null;
  changed?: string[];
  error?: { code: string; message: string } | null;
  decision?: 'keep' | 'discard' | 'quoted' | null;
}
