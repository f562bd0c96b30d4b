// What the two subscription feeds (Atom, JSON Feed) share: stable ids, titles, and the excerpt rendered as
// HTML with <mark> (escaped by review-assets/escape.ts, so a reader shows scraped text as text).

import type { Candidate } from '../types.js';
import { escapeHtml } from '../output/review-assets/escape.js';
import { highlightHtml } from '../output/review-assets/item.js';

export const FEED_TITLE = 'wirewatch: flagged items';
export const FEED_AUTHOR = 'wirewatch';
/** Feed id when no feed URL is given; never changes, so readers keep their read state. */
export const FEED_URN = 'urn:wirewatch:feed:flagged';

/** The feed id of one filter set: the same flags give the same id on every export (a relative --since is
 *  kept as written, so "7d" stays one feed as days pass); no flag gives FEED_URN. */
export function feedIdFor(filters: Record<string, string | undefined>): string {
  const parts = Object.entries(filters)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  return parts.length === 0 ? FEED_URN : `${FEED_URN}:${parts.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(';')}`;
}

/** A stable IRI for an item: the candidate id never changes between runs, the article URL might. */
export function itemUri(id: string): string {
  return `urn:wirewatch:item:${encodeURIComponent(id)}`;
}

function labels(item: Candidate): Map<string, string> {
  return new Map(item.matches.map((m) => [m.rule, m.label || m.rule]));
}

export function excerptsAsHtml(item: Candidate): string {
  const lang = escapeHtml(item.lang);
  const quotes = item.excerpts.map(
    (e) => `<blockquote lang="${lang}">${highlightHtml(e.text, e.highlights, { labels: labels(item) })}</blockquote>`,
  );
  const rules = item.matches.map((m) => escapeHtml(m.label || m.rule)).join(', ');
  const credit = item.credit ? ` · Credit: ${escapeHtml(item.credit)}` : '';
  return `${quotes.join('')}<p>${escapeHtml(item.source.name)} · Rules: ${rules}${credit}</p>`;
}

export function excerptsAsText(item: Candidate): string {
  const texts = item.excerpts.map((e) => e.text);
  return texts.length > 0 ? texts.join('\n\n') : item.title;
}
