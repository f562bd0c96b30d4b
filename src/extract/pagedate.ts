// The publication date of any page, found without its body: the generic extractor's evidence (epoch metas,
// JSON-LD, article metas, the date-time shown near the headline), then, where that finds nothing, wider
// evidence in htmldate's order (src/extract/datescan.ts). Guarantee: the body extraction is never needed, so a
// page whose body cannot be found still has its date.
import type { CheerioAPI } from 'cheerio/slim';
import type { Lang } from '../types.js';
import { readJsonLd, type LdArticle } from './jsonld.js';
import { parseFeedInstant } from '../feeds/dates.js';
import { findLang, findTitle, textAround } from './meta.js';
import { collectDateEvidence, publishedAt } from './dates.js';
import { scanDate, textDate, urlDate } from './datescan.js';

export interface PageDateContext {
  url: string;
  now: Date;
  /** The page's zone when the caller knows it; else guessed from host and language. */
  timeZone?: string;
  lang?: Lang;
  guessZone(url: string, lang: Lang | undefined): string;
}

/** What the generic extractor has already read, so the date finder does not read it twice. */
export interface KnownEvidence {
  ld: LdArticle | undefined;
  near: string;
  lang?: Lang;
}

/** Structured values in the forms the feed reader knows and ISO parsing does not ("Tue Jan 28 15:28:56 CET 2020",
 * "2020-09-25T16:02:50CDT", RFC 822), kept in their own offset. */
function otherForms(values: readonly string[], zone: string, now: Date): string | undefined {
  for (const v of values) {
    const dt = parseFeedInstant(v, zone);
    if (dt && dt.toMillis() <= now.getTime() + 10 * 60_000) return dt.toISO({ suppressMilliseconds: true }) ?? undefined;
  }
  return undefined;
}

export type DateSource = 'url' | 'structured' | 'near-headline' | 'time-element' | 'meta' | 'json-ld-text' | 'date-element';

/** ISO 8601 with the page's offset, or a bare YYYY-MM-DD when only the day is known; undefined when none. */
export function pageDate($: CheerioAPI, ctx: PageDateContext, known?: KnownEvidence): string | undefined {
  return pageDateWithSource($, ctx, known)?.value;
}

/** The date and the evidence it came from. */
export function pageDateWithSource(
  $: CheerioAPI,
  ctx: PageDateContext,
  known?: KnownEvidence,
): { value: string; source: DateSource } | undefined {
  const ld = known ? known.ld : readJsonLd($);
  const lang = known?.lang ?? findLang($, ld?.inLanguage, '') ?? ctx.lang;
  const zone = ctx.timeZone ?? ctx.guessZone(ctx.url, lang);
  const near = known ? known.near : textAround($, findTitle($, ld?.headline)?.el);
  const langTag =
    $('html').attr('lang') ?? $('meta[http-equiv="Content-Language" i]').attr('content') ?? $('meta[property="og:locale"]').attr('content');
  const scan = { now: ctx.now, ...(langTag ? { langTag } : {}) };
  const fromUrl = urlDate(ctx.url, scan);
  const evidence = collectDateEvidence($, ld?.datePublished, near);
  const found = publishedAt($, evidence, zone, ctx.now, ctx.timeZone !== undefined) ?? otherForms(evidence.structured, zone, ctx.now);
  // A full date in the address is the publisher's own filing of the piece (htmldate trusts it first): it wins
  // over a structured time whose day differs from the day the page was filed under.
  if (fromUrl && (!found || found.slice(0, 10) !== fromUrl)) return { value: fromUrl, source: 'url' };
  if (found) return { value: found, source: 'structured' };
  const nearDay = near ? textDate(near, scan) : undefined;
  if (nearDay) return { value: nearDay, source: 'near-headline' };
  return scanDate($, scan);
}
