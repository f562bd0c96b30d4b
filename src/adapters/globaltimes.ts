// Global Times (www.globaltimes.cn), 2020+ article layout (no raw page was captured, so the
// selectors come from three public crawlers that agree). The body is bare text between <br>s, not <p>s, with
// whitespace-only text nodes at the start. "Published: Nov 18, 2026 10:37 PM" is Beijing time with no zone
// written; "Updated: …" is ignored, since the editor quotes first publication.
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { DateTime } from 'luxon';
import type { AdapterResult, AdapterVersion, ListingRules, SiteAdapter } from './adapter.js';
import type { PageContext } from '../types.js';
import { SelectorMissError } from '../errors.js';
import { brBlocks, clean, one, own, requiredText, textOf } from '../text/select.js';
import { finalizeTime, fromFormats } from '../text/time.js';
import { enDatelineCredit, withEnDateline } from '../extract/datelines.js';
import { zoneNamed } from '../text/zones.js';

const ZONE = 'Asia/Shanghai';
const TIME_FORMATS = ['MMM d, yyyy h:mm a'] as const;

const SELECTORS_2020 = {
  detect: 'div.article_title',
  title: 'div.article_title',
  /** The first span of the byline box is "By …" or "Source:Xinhua"; span.pub_time holds the time. */
  shareLeft: 'div.author_share > div.author_share_left',
  pubTime: 'div.author_share > div.author_share_left > span.pub_time',
  body: 'div.article_content > div.article_right',
  /** Inside the body but not body: pictures and their captions, embeds, ads, related boxes. */
  notBody: 'script, style, noscript, iframe, center, figure, table, img, .picture, .pic_txt, .article_related, .ad',
  /** Block elements that end a paragraph as a <br> does. */
  blocks: 'p, div, h2, h3, blockquote, li',
} as const;

const S20 = SELECTORS_2020;
const SCOPE_2020: readonly string[] = [S20.detect, S20.title, S20.shareLeft, S20.pubTime, S20.body];

const PUBLISHED = /Published:\s*([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4} \d{1,2}:\d{2} [AP]M)/;
const BY = /^By\s+(.+)$/i;
const SOURCE = /^Source\s*[:：]\s*(.+)$/i;
/** Bylines that name the outlet, not a person: they are a credit. */
const OUTLET_BYLINES: readonly string[] = ['Global Times', 'Xinhua', 'GT'];

interface Attribution {
  byline?: string;
  credit?: string;
}

/** Byline or credit from the first span of the byline box ("By Zhang Han", "By Global Times", "Source:Xinhua"). */
export function parseAttribution(first: string): Attribution {
  const t = clean(first);
  const source = SOURCE.exec(t);
  if (source?.[1]) return { credit: own(source[1]) };
  const by = BY.exec(t);
  if (!by?.[1]) return {};
  const who = clean(by[1]);
  return OUTLET_BYLINES.includes(who) ? { credit: own(who) } : { byline: own(who) };
}

export function parsePublished(text: string, zone: string): ReturnType<typeof fromFormats> {
  const m = PUBLISHED.exec(clean(text));
  return m?.[1] ? fromFormats(m[1].replace(/^([A-Z][a-z]{2})[a-z]*\.?/, '$1'), TIME_FORMATS, zone) : undefined;
}

/** Paragraphs of a <br>-separated body: non-body elements removed, block elements turned into breaks. */
function bodyBlocks($: CheerioAPI, body: Cheerio<Element>): string[] {
  const copy = body.clone();
  copy.find(SELECTORS_2020.notBody).remove();
  copy.find(SELECTORS_2020.blocks).each((_, el) => {
    $(el).before('<br>').after('<br>');
  });
  return brBlocks(copy as Cheerio<AnyNode>);
}

function attribution($: CheerioAPI, ctx: PageContext): Attribution {
  const left = one($, SELECTORS_2020.shareLeft, 'byline', ctx.url);
  const first = left.children('span').not('.pub_time').first();
  return first.length ? parseAttribution(textOf(first)) : {};
}

/** The article as both versions read it; only where the byline comes from differs. */
function extractArticle($: CheerioAPI, ctx: PageContext, byline: ($: CheerioAPI, ctx: PageContext) => Attribution): AdapterResult {
  const zone = ctx.timeZone ?? ZONE;
  const title = requiredText($, SELECTORS_2020.title, 'title', ctx.url);
  const timeText = textOf(one($, SELECTORS_2020.pubTime, 'publishedAt', ctx.url));
  const at = finalizeTime(parsePublished(timeText, zone), zone, ctx.now);
  const paragraphs = bodyBlocks($, one($, SELECTORS_2020.body, 'body', ctx.url)).map(withEnDateline);
  if (paragraphs.length === 0) throw new SelectorMissError('body', SELECTORS_2020.body, 0, ctx.url);
  const who = byline($, ctx);
  const credit = who.credit ?? enDatelineCredit(paragraphs[0]);
  const canonical = $('link[rel="canonical"]').attr('href') ?? ctx.url.replace(/[?#].*$/, '');
  return {
    title,
    ...(at ? { publishedAt: at } : {}),
    ...(who.byline ? { byline: who.byline } : {}),
    ...(credit ? { credit } : {}),
    lang: 'en',
    paragraphs,
    canonicalUrl: own(canonical),
  };
}

const v2020: AdapterVersion = {
  name: '2020',
  scope: SCOPE_2020,
  detect: ($) => $(SELECTORS_2020.detect).length > 0,
  extract: ($, ctx) => extractArticle($, ctx, attribution),
};

/**
 * 2026: the same article layout, but a named byline is span.with_name_card holding a.author_name and a hover
 * card (div.author_card: the author's name again, a photo, a biography) that is not part of the byline.
 */
const SELECTORS_2026 = {
  byline: 'div.author_share > div.author_share_left > span.with_name_card',
  card: '.author_card',
} as const;

function attribution2026($: CheerioAPI, ctx: PageContext): Attribution {
  const span = one($, SELECTORS_2026.byline, 'byline', ctx.url).clone();
  span.find(SELECTORS_2026.card).remove();
  return parseAttribution(textOf(span));
}

const v2026: AdapterVersion = {
  name: '2026',
  scope: [...SCOPE_2020, SELECTORS_2026.byline],
  detect: ($) => $(SELECTORS_2020.detect).length > 0 && $(SELECTORS_2026.byline).length > 0,
  extract: ($, ctx) => extractArticle($, ctx, attribution2026),
};

/** Section pages (/china/index.html, /world/index.html …): "By GT staff reporters | 2026/11/20 19:48:12", Beijing time. */
const SOURCE_TIME = /(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})/;

export function parseSourceTime(text: string, zone: string, now: Date): string | undefined {
  const m = SOURCE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return finalizeTime(
    DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi, second: sec }, { zone: zoneNamed(zone) }),
    zone,
    now,
  );
}

const listing2020: ListingRules = {
  name: '2020',
  item: 'div.level01_list div.list_info',
  /** The headline link; a picture link to the same story carries an <img> and is not the headline. */
  link: 'a[href*="/page/"]:not(:has(img))',
  time: { selectors: ['.source_time'], parse: ([t], ctx) => parseSourceTime(t ?? '', ctx.timeZone, ctx.now) },
  articleUrl: /^https?:\/\/(?:www\.)?globaltimes\.cn\/page\/\d{6}\/\d+\.shtml/,
};

export const globaltimes: SiteAdapter = {
  id: 'globaltimes',
  hosts: ['globaltimes.cn'],
  versions: [v2026, v2020],
  listings: [listing2020],
};
