// `export --format atom`: Atom 1.0 (RFC 4287) from a small XML writer of ours. Guarantees: well-formed XML
// whatever the scraped text holds (characters XML 1.0 forbids are dropped, the rest escaped); feed id, title,
// updated and author; per entry id (stable), title, updated, published, alternate link (http(s) only),
// one <category> per rule, the excerpt with <mark> as escaped HTML content.

import type { Candidate } from '../types.js';
import { itemUtcIso, newestFirst, utcIso } from '../output/order.js';
import { excerptsAsHtml, FEED_AUTHOR, FEED_TITLE, FEED_URN, itemUri } from './feed-common.js';
import { httpUrl } from '../output/quote.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** Not allowed in XML 1.0 documents at all: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlEscape(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

type Attrs = Record<string, string | undefined>;

/** One element; `body` is text (escaped here) or already-written child elements (an array). */
export function xmlEl(name: string, attrs: Attrs, body?: string | string[]): string {
  const attrText = Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join('');
  if (body === undefined) return `<${name}${attrText}/>`;
  const inner = Array.isArray(body) ? `\n${body.join('\n')}\n` : xmlEscape(body);
  return `<${name}${attrText}>${inner}</${name}>`;
}

function entryUpdated(item: Candidate, generatedAt: string): string {
  const changed = item.status === 'updated' ? utcIso(item.lastSeenAt) : undefined;
  return changed ?? itemUtcIso(item, generatedAt);
}

function entry(item: Candidate, generatedAt: string): string {
  const url = httpUrl(item.url);
  const children = [
    xmlEl('id', {}, itemUri(item.id)),
    xmlEl('title', { type: 'text' }, item.title || '(untitled)'),
    xmlEl('updated', {}, entryUpdated(item, generatedAt)),
    xmlEl('published', {}, itemUtcIso(item, generatedAt)),
    xmlEl('author', {}, [xmlEl('name', {}, item.byline ?? item.source.name)]),
    ...(url === null ? [] : [xmlEl('link', { rel: 'alternate', type: 'text/html', href: url, hreflang: item.lang })]),
    ...item.matches.map((m) => xmlEl('category', { term: m.rule, label: m.label || m.rule })),
    xmlEl('content', { type: 'html', 'xml:lang': item.lang }, excerptsAsHtml(item)),
  ];
  return xmlEl('entry', {}, children);
}

export function renderAtom(items: Candidate[], opts: { generatedAt: string; feedUrl?: string; feedId?: string; selfUrl?: string }): string {
  const feedUrl = httpUrl(opts.feedUrl);
  const self = feedUrl ?? (opts.selfUrl?.startsWith('file:') ? opts.selfUrl : null);
  const updated = utcIso(opts.generatedAt) ?? opts.generatedAt;
  const head = [
    xmlEl('id', {}, feedUrl ?? opts.feedId ?? FEED_URN),
    xmlEl('title', { type: 'text' }, FEED_TITLE),
    xmlEl('updated', {}, updated),
    xmlEl('author', {}, [xmlEl('name', {}, FEED_AUTHOR)]),
    xmlEl('generator', {}, 'wirewatch'),
    ...(self === null ? [] : [xmlEl('link', { rel: 'self', type: 'application/atom+xml', href: self })]),
  ];
  const entries = newestFirst(items).map((item) => entry(item, opts.generatedAt));
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlEl('feed', { xmlns: ATOM_NS }, [...head, ...entries])}\n`;
}
