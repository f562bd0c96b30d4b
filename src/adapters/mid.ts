// mid.ru (Russian MFA), English and Russian. No capture of an article page exists, so version
// '2021' is designed from what is known of the Bitrix site (about 2021+): BEM classes in the style of its
// listing (.announce__date/.announce__time), separate date and time elements, Russian genitive months
// ("18 ноября 2026"), Moscow time, dates embedded in transcript titles ("…, Beijing, November 18, 2026"),
// and transcripts whose turns open with a bold label ("Sergey Lavrov:", "Question:", "С.В.Лавров:", "Вопрос:").
// Credit: always undefined. Every text here is the ministry's own publication, so the outlet is the
// source itself (sources.json names it); a credit would only repeat it. MFA pages print no byline either.
import type { CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { DateTime } from 'luxon';
import type { Lang, PageContext, Paragraph } from '../types.js';
import type { AdapterVersion, ListingRules, SiteAdapter } from './adapter.js';
import { canonicalUrl } from '../extract/meta.js';
import { clean, own, optionalText, paragraphs, requiredText, textOf } from '../text/select.js';
import { dateOnly, finalizeTime } from '../text/time.js';
import { zoneNamed } from '../text/zones.js';
import { EN_MONTH_NAMES, monthOfName, RU_MONTHS_GENITIVE } from '../text/months.js';

export const MID_ZONE = 'Europe/Moscow';

export const MID_2021_SELECTORS = {
  /** Bitrix serves its core scripts and template CSS from /bitrix/; the F5 challenge page has neither. */
  bitrix: 'script[src*="/bitrix/"], link[href*="/bitrix/"]',
  /** The detail page's root; listings (.announce) and the challenge have none. */
  article: 'article.article',
  title: 'h1.article__title',
  date: 'div.article__meta .article__date',
  time: 'div.article__meta .article__time',
  /** Bitrix detail text: direct <p> children; the tags line and the related list sit outside it. */
  body: 'div.article__text > p',
} as const;

const MONTH = `(${[...RU_MONTHS_GENITIVE, ...EN_MONTH_NAMES].join('|')})`;
/** "18 ноября 2026", "18 November 2026", "November 18, 2026" (day and month in either order). */
const DAY_MONTH_YEAR = new RegExp(`(\\d{1,2}) ${MONTH},? (\\d{4})`, 'iu');
const MONTH_DAY_YEAR = new RegExp(`${MONTH} (\\d{1,2}),? (\\d{4})`, 'iu');

/** The last calendar date written in `text` (a transcript title ends with its date), in Moscow. */
export function dateInText(text: string): DateTime | undefined {
  const matches: { index: number; y: number; m: number; d: number }[] = [];
  for (const re of [DAY_MONTH_YEAR, MONTH_DAY_YEAR]) {
    const g = new RegExp(re.source, 'giu');
    for (const x of text.matchAll(g)) {
      const dayFirst = re === DAY_MONTH_YEAR;
      const d = Number(dayFirst ? x[1] : x[2]);
      const m = monthOfName((dayFirst ? x[2] : x[1]) ?? '');
      matches.push({ index: x.index ?? 0, y: Number(x[3]), m, d });
    }
  }
  const last = matches.sort((a, b) => a.index - b.index).at(-1);
  if (!last) return undefined;
  const dt = DateTime.fromObject({ year: last.y, month: last.m, day: last.d }, { zone: zoneNamed(MID_ZONE) });
  return dt.isValid ? dt : undefined;
}

/** Page date and time to the minute; a page date without time gives a date; else the title's date. */
function publishedAt(date: string | undefined, time: string | undefined, title: string, now: Date): string | undefined {
  const day = date === undefined ? undefined : dateInText(date);
  const hm = time === undefined ? undefined : /^(\d{1,2}):(\d{2})$/.exec(time);
  if (day && hm) return finalizeTime(day.set({ hour: Number(hm[1]), minute: Number(hm[2]) }), MID_ZONE, now);
  return dateOnly(day ?? dateInText(title), now);
}

/** "С.В.Лавров", "Sergey Lavrov", "Question", "Вопрос", "Wang Yi (retranslated)": short, no sentence stops. */
const LABEL = /^(?!.*[.!?]\s)[\p{L}][\p{L}.\s'’()-]{1,58}$/u;
/** Unbolded turns as some transcripts print them: the label list plus "Initials Surname:". */
const PLAIN_TURN = /^(Question|Вопрос|Sergey Lavrov|Maria Zakharova|(?:\p{Lu}\.\s?){1,2}\p{Lu}\p{Ll}+):\s/u;

/** The speaker label that opens paragraph `p`: a leading <strong>/<b> ending in ":", or a plain known turn. */
export function turnLabel(p: Element, text: string): string | undefined {
  const first = p.children.find((c) => !(c.type === 'text' && !(c as unknown as { data: string }).data.trim()));
  if (first && first.type === 'tag' && ['strong', 'b'].includes((first as Element).name)) {
    const bold = clean(textOf(first));
    const label = bold.replace(/:$/, '').trim();
    if ((bold.endsWith(':') || text.startsWith(`${bold}:`)) && LABEL.test(label)) return own(label);
  }
  return PLAIN_TURN.exec(text)?.[1];
}

/**
 * Speakers are set only on a dialogue (two or more labelled turns), so a bold "Note:" in a statement is not
 * a speaker. A labelled paragraph opens a turn; the unlabelled ones after it continue it and carry the same
 * speaker, so an excerpt of any paragraph of an answer says who spoke. Opening remarks before the first
 * label (how the ministry prints a minister's statement) stay without a speaker: the page does not say.
 */
function withSpeakers($: CheerioAPI, selector: string, texts: string[]): Paragraph[] {
  const els = ($(selector).toArray() as Element[]).filter((el) => clean(textOf(el)).length > 0);
  const labels = texts.map((t, i) => (els[i] ? turnLabel(els[i], t) : undefined));
  if (labels.filter((l) => l !== undefined).length < 2) return texts.map((text) => ({ text }));
  let current: string | undefined;
  return texts.map((text, i) => {
    current = labels[i] ?? current;
    return current ? { text, speaker: current } : { text };
  });
}

function pageLang($: CheerioAPI, ctx: PageContext): Lang | undefined {
  const attr = ($('html').attr('lang') ?? '').slice(0, 2).toLowerCase();
  if (attr === 'en' || attr === 'ru') return attr;
  const path = /^\/(en|ru)\//.exec(new URL(ctx.url).pathname)?.[1];
  return path === 'en' || path === 'ru' ? path : ctx.lang;
}

const S = MID_2021_SELECTORS;

export const mid2021: AdapterVersion = {
  name: '2021',
  scope: [S.bitrix, S.article, S.title, S.date, S.time, S.body],
  detect: ($) => $(S.article).length === 1 && $(S.bitrix).length > 0,
  extract: ($, ctx) => {
    const title = requiredText($, S.title, 'title', ctx.url);
    const texts = paragraphs($, S.body, 'body', ctx.url);
    return {
      title,
      publishedAt: publishedAt(optionalText($, S.date), optionalText($, S.time), title, ctx.now),
      byline: undefined,
      credit: undefined,
      lang: pageLang($, ctx),
      paragraphs: withSpeakers($, S.body, texts),
      canonicalUrl: canonicalUrl($, ctx.url),
    };
  },
};

/**
 * 2024: the current Bitrix template. Title h1.photo-content__title; date .photo-content__date, numeric on
 * Russian pages ("20.08.2026") and written out on English ones ("30 September 2026"), a time after it when
 * shown; body div.text.article-content <p>s, among which the document number (p.article-line__note_small,
 * "1234-20-08-2026") sits and is not text. Transcripts keep their bold speaker labels as in 2021.
 */
export const MID_2024_SELECTORS = {
  title: 'h1.photo-content__title',
  date: '.photo-content__date',
  body: 'div.text.article-content p:not(.article-line__note_small)',
  container: 'div.text.article-content',
} as const;

const NUMERIC_DATE = /(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?/;
const TRAILING_TIME = /(\d{1,2}):(\d{2})\s*$/;

/** "20.08.2026", "20.08.2026 14:35", "30 September 2026", "30 September 2026 14:35" → Moscow time. */
export function parseMidDate(text: string, now: Date): string | undefined {
  const t = clean(text);
  const num = NUMERIC_DATE.exec(t);
  const day = num
    ? DateTime.fromObject({ year: Number(num[3]), month: Number(num[2]), day: Number(num[1]) }, { zone: zoneNamed(MID_ZONE) })
    : dateInText(t);
  if (!day?.isValid) return undefined;
  const hm = num?.[4] !== undefined ? [num[4], num[5]] : TRAILING_TIME.exec(t)?.slice(1);
  if (hm) return finalizeTime(day.set({ hour: Number(hm[0]), minute: Number(hm[1]) }), MID_ZONE, now);
  return dateOnly(day, now);
}

const S24 = MID_2024_SELECTORS;

export const mid2024: AdapterVersion = {
  name: '2024',
  scope: Object.values(S24),
  detect: ($) => $(S24.title).length === 1 && $(S24.container).length === 1,
  extract: ($, ctx) => {
    const title = requiredText($, S24.title, 'title', ctx.url);
    const texts = paragraphs($, S24.body, 'body', ctx.url);
    const date = optionalText($, S24.date);
    return {
      title,
      publishedAt: date === undefined ? dateOnly(dateInText(title), ctx.now) : parseMidDate(date, ctx.now),
      byline: undefined,
      credit: undefined,
      lang: pageLang($, ctx),
      paragraphs: withSpeakers($, S24.body, texts),
      canonicalUrl: canonicalUrl($, ctx.url),
    };
  },
};

/** The news listing (/ru/foreign_policy/news/): date and time in their own spans, the link with the title. */
const listing2024: ListingRules = {
  name: '2024',
  item: 'ul.announce.announce_articles li.announce__item',
  link: 'a.announce__link',
  time: { selectors: ['.announce__date', '.announce__time'], parse: ([d, t], ctx) => parseMidDate(`${d ?? ''} ${t ?? ''}`, ctx.now) },
  articleUrl: /^https?:\/\/(?:www\.)?mid\.ru\/(?:[a-z]{2}\/)?[a-z_/]+\/\d+\/?(?:\?.*)?$/,
};

export const mid: SiteAdapter = {
  id: 'mid',
  hosts: ['mid.ru', 'www.mid.ru'],
  versions: [mid2024, mid2021],
  listings: [listing2024],
};
