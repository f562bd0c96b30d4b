// One item card of review.html. Every scraped value goes through escapeHtml; highlights are cut from the raw
// text by offset first and each piece escaped afterwards, so a highlighted "script" or "amp" cannot split an
// entity or a tag. Its times come from times.ts.

import type { Candidate, Excerpt } from '../../types.js';
import { httpUrl } from '../quote.js';
import { utcDay } from '../order.js';
import { escapeHtml } from './escape.js';
import { timesHtml } from './times.js';

/** What the filters read; the client compares these data-* values, never the rendered text. */
export interface ItemFacets {
  outlet: string;
  rules: string[];
  lang: string;
  status: string;
  decision: string;
  /** UTC calendar day (YYYY-MM-DD) of the item's instant. */
  day: string;
  stories: string[];
}

/** Multi-valued facets (rules, stories) are space-separated in data-*, so each id is URI-encoded there. */
export const facetToken = (id: string): string => encodeURIComponent(id);

export function facetsOf(item: Candidate, stories: string[]): ItemFacets {
  return {
    outlet: item.source.id,
    rules: [...new Set(item.matches.map((m) => facetToken(m.rule)))],
    lang: item.lang,
    status: item.status,
    decision: item.decision ?? 'none',
    day: utcDay(item.publishedAt) ?? utcDay(item.firstSeenAt) ?? '',
    stories: stories.map(facetToken),
  };
}

const RULE_COLOURS = 12;

/** Colour classes r0…r11 by the rules' sorted order in this report, so the page needs no per-rule CSS and
 * neighbouring rules differ; a rule outside the map gets r0. */
export function ruleClasses(rules: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(rules)].sort();
  return new Map(sorted.map((rule, i) => [rule, `r${i % RULE_COLOURS}`]));
}

export interface RuleStyle {
  labels: Map<string, string>;
  classes?: Map<string, string>;
}

/** Wraps each highlight in <mark data-rule>; overlapping or out-of-range offsets are clipped, never trusted. */
export function highlightHtml(text: string, highlights: Excerpt['highlights'], style: RuleStyle): string {
  const sorted = [...highlights].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let html = '';
  let cursor = 0;
  for (const [rawStart, rawEnd, rule] of sorted) {
    const start = Math.max(cursor, Math.min(text.length, Math.trunc(rawStart)));
    const end = Math.min(text.length, Math.trunc(rawEnd));
    if (!(end > start)) continue;
    html += escapeHtml(text.slice(cursor, start));
    const label = style.labels.get(rule) ?? rule;
    const cls = style.classes ? ` class="${style.classes.get(rule) ?? 'r0'}"` : '';
    html += `<mark${cls} data-rule="${escapeHtml(rule)}" title="${escapeHtml(label)}">${escapeHtml(text.slice(start, end))}</mark>`;
    cursor = end;
  }
  return html + escapeHtml(text.slice(cursor));
}

function headlineHtml(item: Candidate): string {
  const title = escapeHtml(item.title || '(untitled)');
  const href = httpUrl(item.url);
  if (href === null)
    return `<h2 class="headline" lang="${escapeHtml(item.lang)}"><span class="nolink" title="not an http(s) link">${title}</span></h2>`;
  return `<h2 class="headline" lang="${escapeHtml(item.lang)}"><a class="open" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${title}</a></h2>`;
}

function badgesHtml(item: Candidate): string {
  const badges: string[] = [];
  if (item.status !== 'updated') badges.push(`<span class="badge status-${escapeHtml(item.status)}">${escapeHtml(item.status)}</span>`);
  if (item.reprintOf) badges.push(`<span class="badge reprint">reprint of ${escapeHtml(item.reprintOf.source)}</span>`);
  if (item.status === 'updated' || (item.changed?.length ?? 0) > 0) {
    const what = item.changed?.length ? `: ${item.changed.join(', ')}` : '';
    badges.push(`<span class="badge updated">updated${escapeHtml(what)}</span>`);
  }
  if (item.feedOnly) badges.push('<span class="badge feed-only" title="matched on the feed text only">feed only</span>');
  if (item.extraction?.confidence === 'low') badges.push('<span class="badge low" title="generic extractor">low confidence</span>');
  return badges.join(' ');
}

function rulesHtml(item: Candidate, style: RuleStyle): string {
  const rules = item.matches.map(
    (m) => `<li class="${style.classes?.get(m.rule) ?? 'r0'}" data-rule="${escapeHtml(m.rule)}">${escapeHtml(m.label || m.rule)}</li>`,
  );
  return `<ul class="rules">${rules.join('')}</ul>`;
}

function excerptsHtml(item: Candidate, style: RuleStyle): string {
  const quotes = item.excerpts.map(
    (e) => `<blockquote class="excerpt" lang="${escapeHtml(item.lang)}">${highlightHtml(e.text, e.highlights, style)}</blockquote>`,
  );
  return quotes.join('');
}

function creditHtml(item: Candidate): string {
  const parts: string[] = [];
  if (item.credit) parts.push(`Credit: ${escapeHtml(item.credit)}`);
  if (item.byline) parts.push(`By ${escapeHtml(item.byline)}`);
  parts.push(`via ${escapeHtml(item.source.name)}`);
  return `<p class="credit">${parts.join(' · ')}</p>`;
}

/** The score and how it was reached (rule weights, title hits counted twice), as the card shows it. */
function scoreHtml(item: Candidate): string {
  const explain = (item.scoreExplain ?? []).join('; ');
  return `<span class="score" title="${escapeHtml(explain)}">score ${escapeHtml(String(item.score))}</span>`;
}

/** The inside of an item's card: everything but the <article> wrapper and the action buttons, which the page's
 * script adds when it puts the card on screen (review.html carries cards as data, see review.ts). */
export function cardHtml(item: Candidate, style: RuleStyle): string {
  return (
    `<header><span class="outlet">${escapeHtml(item.source.name)}</span> ${timesHtml(item)}</header>` +
    headlineHtml(item) +
    `<div class="meta">${scoreHtml(item)} ${rulesHtml(item, style)} ${badgesHtml(item)}</div>` +
    excerptsHtml(item, style) +
    creditHtml(item)
  );
}

/** The buttons under every card; the page holds them once in a <template> and the script clones it per card. */
export const ACTIONS_HTML =
  '<div class="actions">' +
  '<button type="button" data-act="copy" title="c">Copy quote</button>' +
  '<button type="button" data-act="keep">Keep</button>' +
  '<button type="button" data-act="discard">Discard</button>' +
  '<button type="button" data-act="quoted">Quoted</button>' +
  '<input type="text" class="comment" placeholder="Comment" aria-label="Comment">' +
  '</div>';
