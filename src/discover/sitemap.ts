// Sitemaps as a discovery channel: the sitemaps.org formats (a urlset of <url><loc>, or a sitemapindex of
// child sitemaps) and the Google News extension (news:news with news:publication_date and news:title).
// Guarantees: the item time is news:publication_date, else lastmod, shown in the source zone and never later
// than `now`; a document that is neither a urlset nor a sitemapindex is `not_a_sitemap`, never zero items;
// namespaces are matched by local name, since sites write the news prefix in more than one way.
import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import type { FeedItem } from '../types.js';
import { clean, own } from '../text/select.js';
import { finalizeTime, fromIso } from '../text/time.js';
import { CHANNEL_DEFAULTS } from './channels.js';

export interface SitemapRef {
  url: string;
  lastmod?: string;
}

export type SitemapParse =
  | { kind: 'index'; sitemaps: SitemapRef[] }
  | { kind: 'urlset'; items: FeedItem[]; dropped: number }
  | { kind: 'not_a_sitemap'; reason: string };

export interface SitemapContext {
  /** The sitemap's own URL: relative <loc>s resolve against it. */
  url: string;
  timeZone: string;
  now: Date;
}

/** `.xml.gz` sitemaps arrive as gzip bytes without a Content-Encoding: unpacked here, under the body cap. */
export function gunzipIfNeeded(body: Buffer, maxBytes: number): Buffer {
  if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return body;
  return gunzipSync(body, { maxOutputLength: maxBytes });
}

const localName = (el: Element): string => el.name.toLowerCase().replace(/^.*:/, '');

function childElements(el: AnyNode): Element[] {
  return ((el as Element).children ?? []).filter((c): c is Element => c.type === 'tag');
}

function child(el: Element, name: string): Element | undefined {
  return childElements(el).find((c) => localName(c) === name);
}

function textOfEl(el: Element | undefined): string {
  if (!el) return '';
  const parts: string[] = [];
  // Text nodes, including those inside CDATA sections (<news:title><![CDATA[…]]>).
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    for (const c of (n as unknown as { children?: AnyNode[] }).children ?? []) walk(c);
  };
  walk(el);
  return clean(parts.join(''));
}

function absolute(loc: string, base: string): string | undefined {
  try {
    const u = new URL(loc, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A W3C datetime (or a date) in the source zone; undefined when unparsable or in the future. */
export function sitemapTime(text: string, ctx: Pick<SitemapContext, 'timeZone' | 'now'>): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return Date.parse(t) <= ctx.now.getTime() ? t : undefined;
  return finalizeTime(fromIso(t, ctx.timeZone), ctx.timeZone, ctx.now);
}

function urlItem(u: Element, ctx: SitemapContext): FeedItem | undefined {
  const link = absolute(textOfEl(child(u, 'loc')), ctx.url);
  if (!link) return undefined;
  const news = child(u, 'news');
  const when = (news && textOfEl(child(news, 'publication_date'))) || textOfEl(child(u, 'lastmod'));
  const publishedAt = sitemapTime(when, ctx);
  const title = news ? textOfEl(child(news, 'title')) : '';
  return { link: own(link), title: own(title), ...(publishedAt ? { publishedAt } : {}) };
}

const byTimeDesc = <T extends { publishedAt?: string; lastmod?: string }>(a: T, b: T): number =>
  (Date.parse(b.publishedAt ?? b.lastmod ?? '') || 0) - (Date.parse(a.publishedAt ?? a.lastmod ?? '') || 0);

export function parseSitemap(xml: string, ctx: SitemapContext): SitemapParse {
  const $ = load(xml, { xml: { xmlMode: true, decodeEntities: true } });
  const root = $.root()
    .children()
    .toArray()
    .find((n): n is Element => n.type === 'tag');
  if (!root) return { kind: 'not_a_sitemap', reason: 'no root element' };
  const rootName = localName(root);
  if (rootName === 'sitemapindex') {
    const sitemaps = childElements(root)
      .filter((c) => localName(c) === 'sitemap')
      .flatMap((s): SitemapRef[] => {
        const url = absolute(textOfEl(child(s, 'loc')), ctx.url);
        const lastmod = textOfEl(child(s, 'lastmod'));
        return url ? [{ url: own(url), ...(lastmod ? { lastmod: own(lastmod) } : {}) }] : [];
      });
    // Stable sort: dated children newest first, undated ones after them in document order.
    return { kind: 'index', sitemaps: [...sitemaps].sort(byTimeDesc) };
  }
  if (rootName !== 'urlset') return { kind: 'not_a_sitemap', reason: `root element <${root.name}> is neither <urlset> nor <sitemapindex>` };
  const entries = childElements(root).filter((c) => localName(c) === 'url');
  const items = entries.map((u) => urlItem(u, ctx)).filter((x): x is FeedItem => x !== undefined);
  const kept = [...items].sort(byTimeDesc).slice(0, CHANNEL_DEFAULTS.maxItemsPerChannel);
  return { kind: 'urlset', items: kept, dropped: entries.length - kept.length };
}

/** The child sitemaps a run reads from an index: the newest few. */
export function childSitemapsToRead(index: SitemapRef[]): SitemapRef[] {
  return index.slice(0, CHANNEL_DEFAULTS.maxChildSitemaps);
}
