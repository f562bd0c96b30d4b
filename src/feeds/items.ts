// Element tree → the feed's title and raw entries, by the element names feedparser reads (RSS 0.9x/1.0/2.0,
// Atom 0.3/1.0, CDF, Dublin Core, DC terms, content:encoded, xhtml:body). Each field lists its elements in
// priority order; when one element occurs twice the last one wins, as in feedparser. Text fields are turned into
// plain text here by their declared type (text, html, xhtml, base64).
import { elements, textOf, type XNode } from './xml.js';
import { collapse, htmlParagraphs, looksLikeHtml } from './text.js';

export interface RawEntry {
  title?: string;
  link?: string;
  id?: string;
  summary?: string;
  /** Paragraphs of the full text (content:encoded, Atom content, xhtml:body). */
  content?: string[];
  published?: string;
  updated?: string;
  created?: string;
  /** The base for relative links in this entry (xml:base, else the document's). */
  base?: string;
  /** Atom entry or RSS/RDF/CDF item (an Atom id may be a relative URI; an RSS guid is a string as written). */
  family: 'atom' | 'rss';
}

export interface RawFeed {
  format: 'rss' | 'atom' | 'rdf' | 'cdf';
  title?: string;
  entries: RawEntry[];
}

const ROOTS: Record<string, RawFeed['format']> = { rss: 'rss', feed: 'atom', 'rdf:rdf': 'rdf', rdf: 'rdf', channel: 'cdf' };
const ENTRY = new Set(['item', 'entry']);

const FIELDS = {
  title: ['title', 'dc:title', 'media:title'],
  summary: ['description', 'summary', 'abstract', 'dc:description', 'dcterms:abstract', 'itunes:summary', 'media:description'],
  content: ['content:encoded', 'content', 'xhtml:body', 'body', 'fullitem'],
  published: ['pubdate', 'published', 'issued', 'dcterms:issued', 'dcterms:available'],
  updated: ['updated', 'modified', 'dcterms:modified', 'dc:date'],
  created: ['created', 'dcterms:created'],
  id: ['guid', 'id'],
} as const;

const XHTML_DROPPED = new Set(['xhtml:script', 'xhtml:style', 'script', 'style']);

/** The format named by the root element, or undefined when it is not a feed. */
export function feedFormat(root: XNode | undefined): RawFeed['format'] | undefined {
  return root ? ROOTS[root.name] : undefined;
}

export function readEntries(root: XNode): RawFeed {
  const format = feedFormat(root) as RawFeed['format'];
  const channel = format === 'atom' || format === 'cdf' ? root : (elements(root).find((e) => e.name === 'channel') ?? root);
  const entries: RawEntry[] = [];
  collectEntries(root, entries, 0);
  const titleNode = lastNamed(channel, 'title') ?? lastNamed(channel, 'dc:title');
  const title = titleNode ? textField(titleNode, format === 'atom' ? 'atom' : 'rss') : undefined;
  return { format, ...(title ? { title } : {}), entries };
}

/** Entries anywhere below the root (RSS 1.0 puts them beside the channel, RSS 2.0 inside it), not nested. */
function collectEntries(n: XNode, out: RawEntry[], depth: number): void {
  for (const c of elements(n)) {
    if (ENTRY.has(c.name)) out.push(readEntry(c, feedFormatOf(c)));
    else if (depth < 8) collectEntries(c, out, depth + 1);
  }
}

function feedFormatOf(entry: XNode): 'atom' | 'rss' {
  return entry.name === 'entry' ? 'atom' : 'rss';
}

function lastNamed(n: XNode, name: string): XNode | undefined {
  let found: XNode | undefined;
  for (const c of elements(n)) if (c.name === name) found = c;
  return found;
}

function first(n: XNode, names: readonly string[]): XNode | undefined {
  for (const name of names) {
    const hit = lastNamed(n, name);
    if (hit) return hit;
  }
  return undefined;
}

function readEntry(e: XNode, kind: 'atom' | 'rss'): RawEntry {
  const out: RawEntry = { family: kind };
  if (e.base) out.base = e.base;
  const title = first(e, FIELDS.title);
  if (title) out.title = textField(title, kind);
  const summary = first(e, FIELDS.summary);
  if (summary) out.summary = textField(summary, kind, true);
  const content = first(e, FIELDS.content);
  if (content) {
    const paras = paragraphsField(content, kind);
    if (paras.length) out.content = paras;
  }
  for (const key of ['published', 'updated', 'created'] as const) {
    const d = first(e, FIELDS[key]);
    if (d) out[key] = collapse(textOf(d));
  }
  const link = entryLink(e);
  if (link) out.link = link.value;
  const id = first(e, FIELDS.id);
  if (id && collapse(textOf(id))) out.id = collapse(textOf(id));
  if (!out.link) {
    // RSS 2.0: a guid that is a permalink (the default) is the item's link.
    const guid = lastNamed(e, 'guid');
    if (guid && guid.attrs.ispermalink?.toLowerCase() !== 'false' && /^https?:\/\//i.test(collapse(textOf(guid))))
      out.link = collapse(textOf(guid));
  }
  return out;
}

/** The entry's link: Atom's alternate link (rel absent or "alternate"), RSS's <link> text, CDF's HREF. */
function entryLink(e: XNode): { value: string } | undefined {
  let atom: string | undefined;
  let rss: string | undefined;
  for (const c of elements(e)) {
    if (c.name !== 'link') continue;
    const rel = (c.attrs.rel ?? 'alternate').trim().toLowerCase();
    if (c.attrs.href !== undefined) {
      if (rel === 'alternate' && atom === undefined) atom = c.attrs.href.trim();
    } else if (collapse(textOf(c))) rss = collapse(textOf(c));
  }
  const href = atom ?? rss ?? e.attrs.href?.trim();
  return href ? { value: href } : undefined;
}

/** A text construct's kind by its type (Atom 1.0 names, Atom 0.3 MIME types) and the element family. */
function kindOf(n: XNode, family: 'atom' | 'rss', rssDefault: 'html' | 'guess'): 'text' | 'html' | 'xhtml' {
  const type = (n.attrs.type ?? '').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml' || n.name === 'xhtml:body' || n.name === 'body') return 'xhtml';
  if (type === 'html' || type === 'text/html' || n.attrs.mode === 'escaped' || isBinaryType(type)) return 'html';
  if (type === 'text' || type === 'text/plain') return family === 'atom' ? 'text' : 'html';
  if (family === 'atom' && !type) return n.name === 'content' || n.name === 'summary' || n.name === 'title' ? 'text' : 'html';
  return rssDefault === 'html' ? 'html' : 'text';
}

/** Atom 1.0: a MIME type that is neither text nor XML means the content is base64. */
function isBinaryType(type: string | undefined): boolean {
  const t = (type ?? '').trim().toLowerCase();
  return t.includes('/') && !t.startsWith('text/') && !/[+/]xml$/.test(t) && t !== 'application/xhtml+xml';
}

/** The raw string of a node: its text, base64-decoded when Atom 0.3 says mode="base64". */
function rawString(n: XNode): string {
  const t = textOf(n);
  if ((n.attrs.mode ?? '').toLowerCase() !== 'base64' && !isBinaryType(n.attrs.type)) return t;
  try {
    return Buffer.from(t.replace(/\s+/g, ''), 'base64').toString('utf8');
  } catch {
    return t;
  }
}

function textField(n: XNode, family: 'atom' | 'rss', isSummary = false): string {
  return paragraphsField(n, family, isSummary ? 'html' : 'guess').join(' ');
}

function paragraphsField(n: XNode, family: 'atom' | 'rss', rssDefault: 'html' | 'guess' = 'html'): string[] {
  const kind = kindOf(n, family, rssDefault);
  if (kind === 'xhtml') return htmlParagraphs(xhtmlMarkup(n));
  const raw = rawString(n);
  if (kind === 'html' || (kind === 'text' && family === 'rss' && looksLikeHtml(raw))) return htmlParagraphs(raw);
  return raw
    .split(/\n\s*\n/)
    .map(collapse)
    .filter(Boolean);
}

/** Inline xhtml back to markup text (names without their prefix), so the HTML reader sees its blocks and scripts. */
function xhtmlMarkup(n: XNode): string {
  let out = '';
  for (const c of n.children) {
    if (!('name' in c)) {
      out += c.text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      continue;
    }
    if (XHTML_DROPPED.has(c.name)) continue;
    const local = c.name.includes(':') ? c.name.slice(c.name.indexOf(':') + 1) : c.name;
    out += `<${local}>${xhtmlMarkup(c)}</${local}>`;
  }
  return out;
}
