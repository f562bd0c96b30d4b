// People's Daily Online, English (en.people.cn). UTF-8 pages; times are Beijing time, "HH:mm, Month D, YYYY".
// Two layouts:
//  - '2013': the 2013enpd template, captured (2016): div.wb_10 > h1, the next <div> "(People's Daily Online)
//    09:32, July 15, 2016", body div.wb_12 > p whose first <p> can be a ">>Related:" link.
//  - '2020': NOT captured. Designed from the CMS anchors it shares with the Chinese site (meta
//    publishdate / contentid / catalogs) and our best reading of the 2020+ article page: div.d2txt > h1,
//    div.origin "By … (Xinhua) 16:05, November 18, 2026", body div.d2txt_con > p, div.editor "(Web editor: …)".
//    The class names are a guess: the meta anchors are what detect() requires, and a wrong guess shows up as a
//    SELECTOR_MISS (generic fallback, confidence low) on the first live run, not as a silent empty body.
//    Independent scrapers later showed d2txt to be the template of the Xi speeches database, not of en.people.cn;
//    the version stays for pages already stored and is never edited.
//  - '2023': the layout the live site serves (div.w860.d2txtCon), below.
import type { CheerioAPI } from 'cheerio/slim';
import type { AdapterResult, AdapterVersion, ListingRules, SiteAdapter } from './adapter.js';
import type { PageContext } from '../types.js';
import { SelectorMissError } from '../errors.js';
import { clean, meta, one, optionalText, own, paragraphs, requiredText, textOf } from '../text/select.js';
import { dateOnly, finalizeTime, fromFormats, fromIso } from '../text/time.js';
import { enDatelineCredit, withEnDateline } from '../extract/datelines.js';

const ZONE = 'Asia/Shanghai';
const TIME_FORMATS = ['H:mm, MMMM d, yyyy', 'H:mm, MMM d, yyyy', 'H:mm, MMM. d, yyyy'] as const;

const SELECTORS_2013 = {
  detect: 'div.wb_10',
  title: 'div.wb_10 > h1',
  origin: 'div.wb_10 > h1 + div',
  paragraphs: 'div.wb_12 > p',
} as const;

const SELECTORS_2020 = {
  detect: 'div.d2txt_con',
  title: 'div.d2txt > h1',
  origin: 'div.d2txt > div.origin',
  paragraphs: 'div.d2txt_con > p',
} as const;

type Layout = typeof SELECTORS_2013 | typeof SELECTORS_2020;

/** What a layout reads, for a scoped parse (src/extract/scoped.ts). */
const scopeOf = (sel: Layout): string[] => [sel.detect, sel.title, sel.origin, sel.paragraphs];

/** Paragraphs that sit in the body container but are not body: related links, follow-us lines, editors. */
const NOT_BODY: readonly RegExp[] = [/^>>/, /^\(For the latest China news/i, /^\((?:Web )?editor:/i];

/** "By Hu Yue (People's Daily Online) 16:05, November 18, 2026" → byline, credit, time text. */
const ORIGIN = /^(?:By\s+(.+?)\s*)?\(([^()]+)\)\s*(\d{1,2}:\d{2},.*)?$/;
/** meta source "source：People's Daily Online Original" / "Source: Xinhua". */
const META_SOURCE = /^source\s*[：:]\s*(.+?)(?:\s+Original)?$/i;

export interface Origin {
  byline?: string;
  credit?: string;
  time?: string;
}

export function parseOrigin(text: string): Origin {
  const m = ORIGIN.exec(clean(text));
  if (!m) return {};
  return {
    ...(m[1] ? { byline: own(m[1]) } : {}),
    ...(m[2] ? { credit: own(clean(m[2])) } : {}),
    ...(m[3] ? { time: own(m[3]) } : {}),
  };
}

function published($: CheerioAPI, time: string | undefined, ctx: PageContext): string | undefined {
  const zone = ctx.timeZone ?? ZONE;
  const exact = time ? finalizeTime(fromFormats(time, TIME_FORMATS, zone), zone, ctx.now) : undefined;
  if (exact) return exact;
  const day = meta($, 'publishdate');
  return day ? dateOnly(fromIso(day, zone), ctx.now) : undefined;
}

function metaCredit($: CheerioAPI): string | undefined {
  const m = META_SOURCE.exec(meta($, 'source') ?? '');
  return m?.[1] ? own(m[1]) : undefined;
}

function extractLayout(sel: Layout, $: CheerioAPI, ctx: PageContext): AdapterResult {
  const title = requiredText($, sel.title, 'title', ctx.url);
  const origin = parseOrigin(textOf(one($, sel.origin, 'origin', ctx.url)));
  const body = paragraphs($, sel.paragraphs, 'body', ctx.url)
    .filter((t) => !NOT_BODY.some((re) => re.test(t)))
    .map(withEnDateline);
  if (body.length === 0) throw new SelectorMissError('body', sel.paragraphs, 0, ctx.url);
  const credit = origin.credit ?? enDatelineCredit(body[0]) ?? metaCredit($);
  const at = published($, origin.time, ctx);
  return {
    title,
    ...(at ? { publishedAt: at } : {}),
    ...(origin.byline ? { byline: origin.byline } : {}),
    ...(credit ? { credit } : {}),
    lang: 'en',
    paragraphs: body,
    canonicalUrl: ctx.url,
  };
}

const v2020: AdapterVersion = {
  name: '2020',
  scope: scopeOf(SELECTORS_2020),
  detect: ($) => $(SELECTORS_2020.detect).length > 0 && $('meta[name="contentid"]').length > 0,
  extract: ($, ctx) => extractLayout(SELECTORS_2020, $, ctx),
};

const v2013: AdapterVersion = {
  name: '2013',
  scope: scopeOf(SELECTORS_2013),
  detect: ($) => $(SELECTORS_2013.detect).length > 0,
  extract: ($, ctx) => extractLayout(SELECTORS_2013, $, ctx),
};

/**
 * 2023 (seen 2023–2026 by seven independent scrapers): div.main > div.w860.d2txtCon holds the h1, then
 * div.origin (an <a> naming the outlet, a <span> "16:05, November 18, 2026"), then the <p>s, then
 * div.editor "(Web editor: …)", which is not body. A short "By …" line opening the body is the byline.
 */
export const SELECTORS_2023 = {
  article: 'div.main > div.w860.d2txtCon',
  title: 'div.w860.d2txtCon > h1',
  outlet: 'div.w860.d2txtCon > div.origin > a',
  time: 'div.w860.d2txtCon > div.origin > span',
  paragraphs: 'div.w860.d2txtCon > p',
} as const;

/** "By Hu Yue" / "By Hu Yue and Li Ming (People's Daily Online)": a byline line, not a sentence. */
const BYLINE_LINE = /^By\s+([^.!?]{2,80}?)(?:\s*\(([^()]+)\))?$/;

function extract2023($: CheerioAPI, ctx: PageContext): AdapterResult {
  const S = SELECTORS_2023;
  one($, S.article, 'body', ctx.url);
  const title = requiredText($, S.title, 'title', ctx.url);
  const outlet = optionalText($, S.outlet);
  const time = requiredText($, S.time, 'publishedAt', ctx.url);
  const texts = paragraphs($, S.paragraphs, 'body', ctx.url).filter((t) => !NOT_BODY.some((re) => re.test(t)));
  const by = texts[0] === undefined ? null : BYLINE_LINE.exec(texts[0]);
  const body = (by ? texts.slice(1) : texts).map(withEnDateline);
  if (body.length === 0) throw new SelectorMissError('body', S.paragraphs, 0, ctx.url);
  const credit = enDatelineCredit(body[0]) ?? (outlet ? own(outlet) : undefined) ?? metaCredit($);
  const at = published($, time, ctx);
  return {
    title,
    ...(at ? { publishedAt: at } : {}),
    ...(by?.[1] ? { byline: own(clean(by[1])) } : {}),
    ...(credit ? { credit } : {}),
    lang: 'en',
    paragraphs: body,
    canonicalUrl: ctx.url,
  };
}

const v2023: AdapterVersion = {
  name: '2023',
  scope: Object.values(SELECTORS_2023),
  detect: ($) => $(SELECTORS_2023.article).length > 0,
  extract: extract2023,
};

/** Article URLs carry their day: /n3/2026/1120/c90000-20406950.html. */
const URL_DAY = /\/n3\/(\d{4})\/(\d{2})(\d{2})\/c\d+-\d+(?:-\d+)?\.html/;

export function dayFromUrl(url: string): string | undefined {
  const m = URL_DAY.exec(url);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** Channel index pages (/90780/index.html): ul.foreign_list8 items, a headline link each, no time shown. */
const listing2023: ListingRules = {
  name: '2023',
  item: 'ul.foreign_list8 > li',
  link: 'a[href*="/n3/"]:not(:has(img))',
  articleUrl: /^https?:\/\/en\.people\.cn\/n3\/\d{4}\/\d{4}\/c\d+-\d+(?:-\d+)?\.html$/,
  dateFromUrl: dayFromUrl,
};

export const peopleEn: SiteAdapter = {
  id: 'people-en',
  /** Listed before people-zh in the registry: these hosts are also subdomains of people.com.cn / people.cn. */
  hosts: ['en.people.cn', 'english.people.com.cn', 'english.peopledaily.com.cn'],
  versions: [v2023, v2020, v2013],
  listings: [listing2023],
};
