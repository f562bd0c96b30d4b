// `export --format jsonfeed`: JSON Feed 1.1 written by hand (feed@6 still writes version 1). Guarantees: item ids
// are strings that never change between runs (urn:wirewatch:item:<candidate id>), `authors[]` not the
// deprecated `author`, `language` per item, tags = rule labels, our extras under `_wirewatch`.

import type { Candidate } from '../types.js';
import { itemUtcIso, newestFirst, utcIso } from '../output/order.js';
import type { ExportDecision } from './types.js';
import { httpUrl } from '../output/quote.js';
import { excerptsAsHtml, excerptsAsText, FEED_AUTHOR, FEED_TITLE, itemUri } from './feed-common.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

function updatedAt(item: Candidate): string | undefined {
  return item.status === 'updated' ? utcIso(item.lastSeenAt) : undefined;
}

function feedItem(item: Candidate, generatedAt: string, decision: ExportDecision | undefined): Record<string, unknown> {
  const url = httpUrl(item.url);
  const modified = updatedAt(item);
  return {
    id: itemUri(item.id),
    ...(url === null ? {} : { url }),
    title: item.title,
    content_html: excerptsAsHtml(item),
    content_text: excerptsAsText(item),
    date_published: itemUtcIso(item, generatedAt),
    ...(modified === undefined ? {} : { date_modified: modified }),
    authors: [{ name: item.byline ?? item.source.name }],
    language: item.lang,
    tags: [...new Set(item.matches.map((m) => m.label || m.rule))],
    _wirewatch: {
      candidateId: item.id,
      source: item.source,
      rules: item.matches.map((m) => m.rule),
      score: item.score,
      status: item.status,
      credit: item.credit,
      feedOnly: item.feedOnly,
      reprintOf: item.reprintOf ?? null,
      decision: decision?.decision ?? item.decision ?? null,
    },
  };
}

export function renderJsonFeed(
  items: Candidate[],
  opts: { generatedAt: string; feedUrl?: string; decisions?: Map<string, ExportDecision> },
): string {
  const feedUrl = httpUrl(opts.feedUrl);
  const feed = {
    version: JSON_FEED_VERSION,
    title: FEED_TITLE,
    description: 'Items flagged by the wirewatch watchlist',
    ...(feedUrl === null ? {} : { feed_url: feedUrl }),
    authors: [{ name: FEED_AUTHOR }],
    _wirewatch: { schemaVersion: 1, generatedAt: opts.generatedAt },
    items: newestFirst(items).map((item) => feedItem(item, opts.generatedAt, opts.decisions?.get(item.id))),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
