// review.html: one self-contained page (inline CSS and JS, no network, works from file://) for the editor to
// find, read, decide on and copy flagged items. Guarantees (RELIABILITY.md T30): every scraped string is
// escaped (review-assets/escape.ts), hrefs are http(s) only, the only scripts are our own inline script (allowed
// by hash) and a JSON island (never executed), and the CSP meta allows nothing from outside.

import { createHash } from 'node:crypto';
import type { Candidate } from '../types.js';
import { newestFirst } from './order.js';
import { renderStoryView, STORY_VIEW_CSS } from './review-assets/stories.js';
import { asStories, readStories, storiesByItem } from './stories.js';
import { formatQuote } from './quote.js';
import { REVIEW_JS } from './review-assets/client.js';
import { contentSecurityPolicy, escapeHtml, jsonForScript } from './review-assets/escape.js';
import { filtersHtml } from './review-assets/filters.js';
import { facetsOf, itemHtml, ruleClasses, type RuleStyle } from './review-assets/item.js';
import { REVIEW_CSS } from './review-assets/style.js';

export const DEFAULT_REVIEW_TITLE = 'wirewatch — flagged items';
/** A story is shown in the story view when this many outlets covered it (one outlet has nothing to compare). */
const MIN_STORY_OUTLETS = 2;
const PAGE_CSS = `${REVIEW_CSS}\n${STORY_VIEW_CSS}\n`;

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

/** The JSON island the script reads: quotes precomputed by quote.ts so "Copy quote" equals `export --format md`. */
interface ReviewData {
  report: string;
  generatedAt: string;
  quotes: Record<string, string>;
  decisions: Record<string, string>;
}

/** A stable default report id: a hash of the title, so two reports with different titles keep apart. */
export function defaultReportId(title: string): string {
  return createHash('sha256').update(title, 'utf8').digest('hex').slice(0, 16);
}

function reviewData(items: Candidate[], generatedAt: string, report: string): ReviewData {
  const quotes: Record<string, string> = {};
  const decisions: Record<string, string> = {};
  for (const item of items) {
    quotes[item.id] = formatQuote(item);
    if (item.decision) decisions[item.id] = item.decision;
  }
  return { report, generatedAt, quotes, decisions };
}

function ruleStyle(items: Candidate[]): RuleStyle {
  const labels = new Map<string, string>();
  for (const item of items) for (const m of item.matches) labels.set(m.rule, m.label || m.rule);
  for (const item of items) for (const e of item.excerpts) for (const h of e.highlights) if (!labels.has(h[2])) labels.set(h[2], h[2]);
  return { labels, classes: ruleClasses(labels.keys()) };
}

/** Multi-outlet stories with their coverage matrix and omission lines (review-assets/stories.ts, which escapes
 * everything it writes); collapsed until the editor opens it or picks a story in the filter. */
function storyViewHtml(stories: unknown[] | undefined): string {
  const shaped = asStories(stories)?.filter((s) => s.outlets.length >= MIN_STORY_OUTLETS) ?? [];
  if (shaped.length === 0) return '';
  let view: string;
  try {
    view = renderStoryView(shaped);
  } catch (e) {
    // A malformed stories section must not cost the editor the whole page.
    view = `<p class="empty">Story view unavailable: ${escapeHtml(String(e))}</p>`;
  }
  return `<details class="stories" id="stories-view"><summary>Stories across outlets (${shaped.length})</summary>${view}</details>`;
}

function headerHtml(title: string, generatedAt: string, total: number, filters: string): string {
  return (
    '<header class="top">' +
    `<h1>${escapeHtml(title)}</h1>` +
    `<p class="summary">Generated <time datetime="${escapeHtml(generatedAt)}">${escapeHtml(generatedAt)}</time> · ` +
    `showing <span id="shown">${total}</span> of ${total} items</p>` +
    filters +
    '<div class="toolbar"><button type="button" id="export-decisions">Export decisions.json</button>' +
    '<span class="keys"><kbd>j</kbd>/<kbd>k</kbd> move · <kbd>o</kbd> open · <kbd>c</kbd> copy quote · <kbd>/</kbd> search</span>' +
    '<span id="status" role="status" aria-live="polite"></span></div>' +
    '</header>'
  );
}

/** Renders the whole page as a string. Deterministic for a given input (no clock, no random nonce). */
export function renderReview(doc: ReviewDoc, opts: ReviewOptions = {}): string {
  const title = opts.title ?? DEFAULT_REVIEW_TITLE;
  const report = opts.reportId ?? defaultReportId(title);
  const items = newestFirst(doc.items);
  const stories = readStories(doc.stories);
  const membership = storiesByItem(stories);
  const facets = items.map((item) => facetsOf(item, membership.get(item.id) ?? []));
  const style = ruleStyle(items);
  const articles = items.map((item, i) => itemHtml(item, i, facets[i] as (typeof facets)[number], style));
  const data = jsonForScript(reviewData(items, doc.generatedAt, report));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(REVIEW_JS, PAGE_CSS))}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    headerHtml(title, doc.generatedAt, items.length, filtersHtml(items, facets, stories)),
    `<main id="list">${storyViewHtml(doc.stories)}${articles.join('\n')}<p class="empty" id="empty" hidden>No item matches these filters.</p></main>`,
    `<script type="application/json" id="ww-data">${data}</script>`,
    `<script>${REVIEW_JS}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
