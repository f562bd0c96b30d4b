// review.html: one self-contained page (inline CSS and JS, no network, works from file://) for the editor to
// find, read, decide on and copy flagged items. Guarantees: every scraped string is
// escaped (review-assets/escape.ts), hrefs are http(s) only, the only scripts are our own two inline scripts (the
// preview's timing mark and the desk, each allowed by hash), a JSON island and a text block of items (neither
// ever executed), and the CSP meta allows nothing from outside. The items travel as data (a record and the
// card's escaped HTML each), and the script shows only the cards on screen, so a month of 20,000 items opens
// and filters at interactive speed.

import { createHash } from 'node:crypto';
import type { Candidate } from '../types.js';
import { itemMillis, newestFirst, parseInstant } from './order.js';
import { storyViewPieces, STORY_VIEW_CSS } from './review-assets/stories.js';
import { asStories, readStories, type StoryRef } from './stories.js';
import type { Story } from '../stories/index.js';
import type { StorySpool } from './story-spool.js';
import { formatQuote } from './quote.js';
import { DESK_JS } from './review-assets/desk-js.js';
import { deskCollector, type DeskIndex } from './review-assets/desk-index.js';
import { contentSecurityPolicy, escapeHtml, jsonForScript } from './review-assets/escape.js';
import { filtersHtml } from './review-assets/filters.js';
import { ACTIONS_HTML, cardHtml, facetsOf, type ItemFacets, type RuleStyle } from './review-assets/item.js';
import { REVIEW_CSS } from './review-assets/style.js';

export const DEFAULT_REVIEW_TITLE = 'wirewatch — flagged items';
/** A story is shown in the story view when this many outlets covered it (one outlet has nothing to compare). */
const MIN_STORY_OUTLETS = 2;
const PAGE_CSS = `${REVIEW_CSS}\n${STORY_VIEW_CSS}\n`;
/** Cards written as plain HTML at the top of the list, about a screenful: a 20,000-item page is 30 MB, and the
 *  browser shows these as soon as it has read them, seconds before the script can run at the end of the file.
 *  They carry no buttons; the script replaces them with the live list. */
export const DESK_PREVIEW_ITEMS = 10;
/** Runs as the parser passes the preview: the moment the first items are on screen (the benchmark reads it). */
const PREVIEW_MARK_JS = "performance.mark('ww-first-items')";

export interface ReviewDoc {
  generatedAt: string;
  items: Candidate[];
  stories?: unknown[];
}

export interface ReviewOptions {
  title?: string;
  /** Names the localStorage area for decisions. Keep it stable across rebuilds of the same report (the
   * review command derives it from the output directory), so decisions survive the next crawl. */
  reportId?: string;
}

/** A default report id: a hash of the title, so two reports with different titles keep apart. */
export function defaultReportId(title: string): string {
  return createHash('sha256').update(title, 'utf8').digest('hex').slice(0, 16);
}

/** One item as the page's script reads it, beside its card (short keys: a 20,000-item page carries 20,000). */
export interface DeskRecord {
  id: string;
  /** "Copy quote" text, exactly as `export --format md` writes it (quote.ts). */
  q: string;
  /** Facets: outlet, rule tokens, language, status, decision ('none' when undecided), UTC day. An item's story
   *  tokens are not here but in the story island after the item block (storyIsland), so that an item's text
   *  needs nothing the stories' build gives, and can be rendered while the stories are built. */
  o: string;
  r: string[];
  l: string;
  s: string;
  d: string;
  day: string;
  /** The item's instant in ms (0 when it has none) and its score: the two sort orders. */
  t: number;
  sc: number;
}

export function deskRecord(item: Candidate, facets: ItemFacets): DeskRecord {
  return {
    id: item.id,
    q: formatQuote(item),
    o: facets.outlet,
    r: facets.rules,
    l: facets.lang,
    s: facets.status,
    d: facets.decision,
    day: facets.day,
    t: itemMillis(item),
    sc: item.score,
  };
}

/** Between an item's record and its card, and after each card. escapeHtml drops both characters from every
 * scraped string and JSON.stringify escapes them, so neither can occur inside a record or a card. */
export const DESK_FIELD_SEP = '\u001f';
export const DESK_ITEM_SEP = '\u001e';

/**
 * One item in the page's item block: its record as JSON, then its card's HTML as rendered and escaped by
 * review-assets/item.ts. The block is a <script type="text/plain">, read by the page script as text, never run
 * and never parsed as markup; a card holds no raw "<" from data (escaped) and never "</script" or "<!--", and
 * jsonForScript leaves no "<" in a record, so nothing in the block can end it early.
 */
export function deskItemText(item: Candidate, facets: ItemFacets, style: RuleStyle): string {
  return `${jsonForScript(deskRecord(item, facets))}${DESK_FIELD_SEP}${cardHtml(item, style)}${DESK_ITEM_SEP}`;
}

/** The stories as the page uses them: every story's label for the filter bar, and the story view's stories. */
export interface ReviewStories {
  refs: readonly StoryRef[];
  /** How many stories the view shows, and those stories in order: Story-shaped, MIN_STORY_OUTLETS or more outlets. */
  viewCount: number;
  view: () => Iterable<Story>;
}

/** From a stories section in memory, of any shape: labels as `readStories` finds them; the view only when every
 *  entry has the full Story shape (`asStories`). */
export function reviewStories(stories: unknown[] | undefined): ReviewStories {
  const shaped = asStories(stories)?.filter((s) => s.outlets.length >= MIN_STORY_OUTLETS) ?? [];
  return { refs: readStories(stories), viewCount: shaped.length, view: () => shaped };
}

/** From the run's spooled stories (built by us, so Story-shaped), read one at a time as the view is written. */
export function spooledReviewStories(spool: StorySpool): ReviewStories {
  return { refs: spool.refs, viewCount: spool.countWith(MIN_STORY_OUTLETS), view: () => spool.each(MIN_STORY_OUTLETS) };
}

/** Multi-outlet stories with their coverage matrix and omission lines (review-assets/stories.ts, which escapes
 * everything it writes); collapsed until the editor opens it or picks a story in the filter. Piece by piece:
 * its HTML grows with the window's stories. */
function* storyViewHtml(stories: ReviewStories): Generator<string> {
  if (stories.viewCount === 0) return;
  yield `<details class="stories" id="stories-view"><summary>Stories across outlets (${stories.viewCount})</summary>`;
  yield* storyViewPieces(stories.view());
  yield '</details>';
}

/** A card as the list shows it, without its buttons: read-only until the script takes over. */
function previewCard(item: Candidate, style: RuleStyle): string {
  return `<article class="item preview" data-id="${escapeHtml(item.id)}">${cardHtml(item, style)}</article>`;
}

/** "3 Dec 2026, 21:56 UTC": the generation time as the editor reads it (the ISO value stays in datetime). */
export function readableTime(iso: string): string {
  const at = parseInstant(iso);
  return at ? `${at.toUTC().toFormat('d LLL yyyy, HH:mm')} UTC` : iso;
}

function headerHtml(title: string, generatedAt: string, total: number, filters: string): string {
  return (
    '<header class="top">' +
    `<h1>${escapeHtml(title)}</h1>` +
    `<p class="summary">Generated <time datetime="${escapeHtml(generatedAt)}">${escapeHtml(readableTime(generatedAt))}</time> · ` +
    `showing <span id="shown">${total}</span> of ${total} items</p>` +
    filters +
    '<div class="toolbar"><button type="button" id="export-decisions">Export decisions.json</button>' +
    '<span class="keys"><kbd>j</kbd>/<kbd>k</kbd> move · <kbd>o</kbd> open · <kbd>c</kbd> copy quote · <kbd>/</kbd> search</span>' +
    '<span id="status" role="status" aria-live="polite"></span></div>' +
    '</header>'
  );
}

export interface ReviewInput {
  generatedAt: string;
  /** The items, newest first (the page sorts them itself; the preview is the first DESK_PREVIEW_ITEMS as
   *  given); called once, after `index` is complete. */
  items: () => Iterable<Candidate>;
  /** None when absent. */
  stories?: ReviewStories;
  /** From a first pass over the same items (review-assets/desk-index.ts). */
  index: DeskIndex;
  /** The item block already rendered from the same items (deskItemText with `index.style`, in order, e.g. by
   *  review-items.ts on another thread): its bytes are copied, and `items` gives only the preview. */
  block?: () => Iterable<string | Uint8Array>;
}

/** item id → its story tokens, for the items in at least one story: the page script puts them in the records. */
function storyIsland(storiesOf: ReadonlyMap<string, string[]>): string {
  // No prototype: an id "__proto__" is an own key like any other.
  const members: Record<string, string[]> = Object.create(null);
  for (const [id, tokens] of storiesOf) if (tokens.length) members[id] = tokens;
  return `<script type="application/json" id="ww-story-items">${jsonForScript(members)}</script>`;
}

/**
 * The page piece by piece: head, filter bar and story view, the JSON island `{"report", "generatedAt"}`, then
 * the item block one item at a time (deskItemText) or as given (`block`), the story island, then the script.
 * Deterministic for a given input (no clock, no random nonce).
 */
export function* reviewPieces(input: ReviewInput, opts: ReviewOptions = {}): Generator<string | Uint8Array> {
  const title = opts.title ?? DEFAULT_REVIEW_TITLE;
  const report = opts.reportId ?? defaultReportId(title);
  const { index } = input;
  const stories = input.stories ?? reviewStories(undefined);
  yield [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy([PREVIEW_MARK_JS, DESK_JS], PAGE_CSS))}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    headerHtml(title, input.generatedAt, index.facets.length, filtersHtml(index.labels, index.facets, stories.refs)),
    '<main id="list">',
  ].join('\n');
  yield* storyViewHtml(stories);
  const items = input.items()[Symbol.iterator]();
  const first: Candidate[] = [];
  while (first.length < DESK_PREVIEW_ITEMS) {
    const r = items.next();
    if (r.done) break;
    first.push(r.value);
  }
  yield [
    `<div id="vl">${first.map((item) => previewCard(item, index.style)).join('')}</div>` +
      (first.length ? `<script>${PREVIEW_MARK_JS}</script>` : '') +
      '<p class="empty" id="empty" hidden>No item matches these filters.</p>' +
      '<p class="empty" id="none" hidden>No flagged items in this window yet: the next crawl that flags one puts it here.</p></main>',
    `<template id="ww-actions">${ACTIONS_HTML}</template>`,
    `<script type="application/json" id="ww-data">{"report":${jsonForScript(report)},"generatedAt":${jsonForScript(input.generatedAt)}}</script>`,
    '<script type="text/plain" id="ww-items">',
  ].join('\n');
  if (input.block) yield* input.block();
  else {
    const itemText = (item: Candidate): string => deskItemText(item, facetsOf(item, []), index.style);
    for (const item of first) yield itemText(item);
    for (let r = items.next(); !r.done; r = items.next()) yield itemText(r.value);
  }
  yield ['</script>', storyIsland(index.storiesOf), `<script>${DESK_JS}</script>`, '</body>', '</html>', ''].join('\n');
}

/** The whole page as one string, from candidates in memory (`wirewatch review`, tests). */
export function renderReview(doc: ReviewDoc, opts: ReviewOptions = {}): string {
  const items = newestFirst(doc.items);
  const collector = deskCollector();
  for (const item of items) collector.add(item);
  const stories = reviewStories(doc.stories);
  const index = collector.finish(stories.refs);
  return [...reviewPieces({ generatedAt: doc.generatedAt, items: () => items, stories, index }, opts)]
    .map((piece) => (typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8')))
    .join('');
}
