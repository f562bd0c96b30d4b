// tass.com (English). tass.com has kept the AngularJS 'tassApp' layout since 2019 (RSSHub's 2024 route
// still reads its classes); tass.ru used the same layout until its 2022 Next.js redesign, so the 2019
// selectors and the assembly of a TASS article live here once and tass-ru.ts imports them.
// Guarantees: the title and the body come from exactly one place or throw SelectorMissError; publishedAt is
// the epoch instant shown in Moscow time to the minute (epoch 1593378975 is 28 June in UTC but 29 June in
// Moscow, and the dateline says 29 June), never a bare date.
import type { CheerioAPI } from 'cheerio/slim';
import type { DateTime } from 'luxon';
import type { Lang, PageContext, Paragraph } from '../types.js';
import type { AdapterResult, AdapterVersion, SiteAdapter } from './adapter.js';
import { readJsonLd } from '../extract/jsonld.js';
import { canonicalUrl } from '../extract/meta.js';
import { optionalText, paragraphs, requiredText } from '../text/select.js';
import { finalizeTime, fromEpoch, fromIso } from '../text/time.js';
import { parseTassDateline } from '../extract/datelines.js';

/** TASS publishes in Moscow time (UTC+3, no DST): feed pubDates end in +0300, datelines are Moscow dates. */
export const TASS_ZONE = 'Europe/Moscow';

/** The 2019 AngularJS layout, shared by tass.com and tass.ru. */
export const TASS_2019_SELECTORS = {
  /** An article of the AngularJS app: absent from the 2022 Next.js pages and from section listings. */
  app: 'html[data-ng-app="tassApp"] div.news-header',
  title: 'h1.news-header__title',
  lead: 'div.news-header__lead',
  /** The article's own <dateformat mode="abs">; the header strip (mode=print) and teasers (mode=rel) have others. */
  time: 'span.news-header__date-date dateformat[time]',
  /** Several text-blocks may follow one another, some empty; in-body <h2> subheads are not paragraphs. */
  body: 'div.text-content > div.text-block > p',
} as const;

/** Epoch value of the one element matching `selector` (an ambiguous or absent one gives undefined). */
export function epochAttr($: CheerioAPI, selector: string, attr: string): number | undefined {
  const found = $(selector);
  if (found.length !== 1) return undefined;
  const n = Number(found.attr(attr));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** What one TASS layout found; `assembleTass` turns it into the adapter result. */
export interface TassParts {
  title: string;
  lead?: string;
  texts: string[];
  /** The page's own time element (epoch); JSON-LD datePublished is the fallback. */
  epoch?: number;
  lang: Lang;
}

/**
 * Time: the epoch element wins (it is the instant the page renders), JSON-LD datePublished is read when the
 * element is missing. Both are cut to the minute and shown in Moscow time.
 */
function publishedAt(epoch: number | undefined, ldDate: string | undefined, now: Date): string | undefined {
  let dt: DateTime | undefined = epoch === undefined ? undefined : fromEpoch(epoch, TASS_ZONE);
  if (!dt && ldDate !== undefined) dt = fromIso(ldDate, TASS_ZONE);
  return finalizeTime(dt?.startOf('minute'), TASS_ZONE, now);
}

export function assembleTass($: CheerioAPI, ctx: PageContext, parts: TassParts): AdapterResult {
  const ld = readJsonLd($);
  const dateline = parts.texts[0] === undefined ? undefined : parseTassDateline(parts.texts[0]);
  const paras: Paragraph[] = parts.texts.map((text, i) => (i === 0 && dateline ? { text, dateline: dateline.text } : { text }));
  // JSON-LD names people only (TASS lists itself as an Organization author); else a named correspondent.
  const people = ld?.authors ?? [];
  const byline = people.length > 0 ? people.join(', ') : dateline?.correspondent;
  return {
    title: parts.title,
    publishedAt: publishedAt(parts.epoch, ld?.datePublished, ctx.now),
    byline,
    // TASS's own pieces show the agency in the dateline; without one the page names no credit.
    credit: dateline?.agency,
    lang: parts.lang,
    lead: parts.lead,
    paragraphs: paras,
    canonicalUrl: canonicalUrl($, ctx.url),
  };
}

/** The 2019 layout for one language: tass.com ('en') and archived tass.ru pages ('ru'). */
export function tass2019(lang: Lang): AdapterVersion {
  const S = TASS_2019_SELECTORS;
  return {
    name: '2019',
    scope: [S.app, S.title, S.lead, S.time, S.body],
    detect: ($) => $(S.app).length > 0,
    extract: ($, ctx) =>
      assembleTass($, ctx, {
        title: requiredText($, S.title, 'title', ctx.url),
        lead: optionalText($, S.lead),
        texts: paragraphs($, S.body, 'body', ctx.url),
        epoch: epochAttr($, S.time, 'time'),
        lang,
      }),
  };
}

export const tass: SiteAdapter = {
  id: 'tass',
  hosts: ['tass.com', 'www.tass.com'],
  versions: [tass2019('en')],
};
