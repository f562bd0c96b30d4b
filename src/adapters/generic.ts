// The generic extractor: the fallback for every site without an adapter and for every selector miss.
// Metadata from JSON-LD, OpenGraph/article meta and <title> (site suffix stripped against visible headings),
// the body from our own content scoring on a pruned clone of the DOM (src/extract/content.ts). The DOM
// passed in is not modified. A page without a body throws extract_error rather than returning nothing.
import type { CheerioAPI } from 'cheerio/slim';
import type { Lang, PageContext, Paragraph } from '../types.js';
import type { AdapterResult, SiteAdapter } from './adapter.js';
import { NoBodyError } from '../errors.js';
import { meta } from '../text/select.js';
import { readJsonLd } from '../extract/jsonld.js';
import { canonicalUrl, findByline, findLang, findTitle, hostOf, textAround } from '../extract/meta.js';
import { pageDate } from '../extract/pagedate.js';
import { mainText } from '../extract/content.js';
import { findLead } from '../extract/lead.js';
import { sourceCredit } from '../extract/credit.js';
import { leadingDateline } from '../extract/datelines.js';

/** Zones guessed from the host and language when the caller gives none (a zone-less time needs one). */
const ZONE_BY_TLD: readonly [RegExp, string][] = [
  [/\.(cn|中国)$/, 'Asia/Shanghai'],
  [/\.(ru|su|xn--p1ai)$/, 'Europe/Moscow'],
];
const ZONE_BY_LANG: Partial<Record<Lang, string>> = { zh: 'Asia/Shanghai', ru: 'Europe/Moscow' };
const DEFAULT_ZONE = 'UTC';

export function guessZone(url: string, lang: Lang | undefined): string {
  const host = hostOf(url);
  const byTld = ZONE_BY_TLD.find(([re]) => re.test(host));
  return byTld?.[1] ?? (lang ? ZONE_BY_LANG[lang] : undefined) ?? DEFAULT_ZONE;
}

function toParagraphs(texts: readonly string[]): { paragraphs: Paragraph[]; credit?: string } {
  const paragraphs: Paragraph[] = texts.map((text) => ({ text }));
  const first = paragraphs[0];
  const d = first ? leadingDateline(first.text) : undefined;
  if (first && d) first.dateline = d.dateline;
  return { paragraphs, credit: d?.credit };
}

function extract($: CheerioAPI, ctx: PageContext): AdapterResult {
  const ld = readJsonLd($);
  const t = findTitle($, ld?.headline);
  const blocks = mainText($, t?.title);
  const { paragraphs, credit: datelineCredit } = toParagraphs(blocks.map((b) => b.text));
  const sample = paragraphs
    .slice(0, 6)
    .map((p) => p.text)
    .join(' ');
  const lang = findLang($, ld?.inLanguage, sample) ?? ctx.lang;
  const zone = ctx.timeZone ?? guessZone(ctx.url, lang);
  const near = textAround($, t?.el);
  const published = pageDate(
    $,
    { url: ctx.url, now: ctx.now, ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}), guessZone: () => zone },
    { ld, near, ...(lang ? { lang } : {}) },
  );
  // The date is read before the body is required: a page whose body is not found still tells when it was published.
  if (blocks.length === 0)
    throw new NoBodyError('no block of article text (paragraphs) found', {
      url: ctx.url,
      ...(published ? { publishedAt: published } : {}),
    });
  const sites = [meta($, 'og:site_name'), ld?.publisher].filter((x): x is string => !!x);
  const byline = findByline($, ld?.authors ?? [], sites);
  const credit = datelineCredit ?? sourceCredit($, near);
  const lead = findLead($, paragraphs[0]?.text);
  const canonical = canonicalUrl($, ctx.url);
  return {
    title: t?.title ?? '',
    paragraphs,
    ...(published ? { publishedAt: published } : {}),
    ...(byline ? { byline } : {}),
    ...(credit ? { credit } : {}),
    ...(lang ? { lang } : {}),
    ...(lead ? { lead } : {}),
    ...(canonical ? { canonicalUrl: canonical } : {}),
  };
}

export const generic: SiteAdapter = {
  id: 'generic',
  hosts: [],
  versions: [{ name: '1', detect: () => true, extract }],
};
