// Section and listing pages as a discovery channel. The source's adapter names its listing layouts
// (ListingRules: data); the first whose item selector matches on the page reads it. Guarantees: every item's
// link, title and time come from exactly one element each or the page is a SELECTOR_MISS (a layout change is
// loud, never a silent empty channel); only article URLs become items; links resolve against the page URL;
// pagination is never followed (the configured URL is the whole channel).
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { Element } from 'domhandler';
import type { FeedItem } from '../types.js';
import type { ListingRules, SiteAdapter } from '../adapters/adapter.js';
import { SelectorMissError } from '../errors.js';
import { absUrl, clean, own, textOf } from '../text/select.js';
import { CHANNEL_DEFAULTS } from './channels.js';

export interface ListingContext {
  url: string;
  timeZone: string;
  now: Date;
}

function exactlyOne(item: Cheerio<Element>, selector: string, field: string, url: string): Cheerio<Element> {
  const found = item.find(selector);
  if (found.length !== 1) throw new SelectorMissError(field, selector, found.length, url);
  return found as Cheerio<Element>;
}

function readItem($: CheerioAPI, el: Element, rules: ListingRules, ctx: ListingContext): FeedItem & { link: string } {
  const item = $(el);
  const a = exactlyOne(item, rules.link, 'listing link', ctx.url);
  const link = absUrl(a.attr('href'), ctx.url);
  if (!link || !rules.articleUrl.test(link)) throw new SelectorMissError('listing link', `${rules.link} (an article URL)`, 0, ctx.url);
  const title = clean(textOf(rules.title ? exactlyOne(item, rules.title, 'listing title', ctx.url) : a));
  if (!title) throw new SelectorMissError('listing title', rules.title ?? rules.link, 0, ctx.url);
  let publishedAt: string | undefined;
  if (rules.time) {
    const texts = rules.time.selectors.map((s) => clean(textOf(exactlyOne(item, s, 'listing time', ctx.url))));
    publishedAt = rules.time.parse(texts, ctx);
  }
  publishedAt ??= rules.dateFromUrl?.(link);
  return { link: own(link), title: own(title), ...(publishedAt ? { publishedAt: own(publishedAt) } : {}) };
}

/** The listing layout of `adapter` that this page shows, or a SELECTOR_MISS naming every layout tried. */
export function listingRulesFor($: CheerioAPI, adapter: SiteAdapter, url: string): ListingRules {
  const all = adapter.listings ?? [];
  const rules = all.find((r) => $(r.item).length > 0);
  if (!rules)
    throw new SelectorMissError('listing items', all.map((r) => r.item).join(' | ') || `(${adapter.id} has no listing layout)`, 0, url);
  return rules;
}

/** The stories a listing page shows, in page order, one per article URL (a story linked twice counts once). */
export function parseListing($: CheerioAPI, adapter: SiteAdapter, ctx: ListingContext): FeedItem[] {
  const rules = listingRulesFor($, adapter, ctx.url);
  const seen = new Set<string>();
  const items: (FeedItem & { link: string })[] = [];
  for (const el of $(rules.item).toArray() as Element[]) {
    const it = readItem($, el, rules, ctx);
    if (seen.has(it.link)) continue;
    seen.add(it.link);
    items.push(it);
  }
  return items.slice(0, CHANNEL_DEFAULTS.maxItemsPerChannel);
}
