// Wider date evidence, for pages the structured and near-headline evidence leaves without a date, in the order
// htmldate trusts it: <time datetime> values, more meta names, JSON-LD read by a forgiving scan (a block with a
// syntax error still names its datePublished), elements whose class or id says date, then dates written in the
// page's text. Text dates are read without a clock time: "07.06.2020", "June 7, 2020", "7. Juni 2020",
// "7 juin 2020"; numeric day/month order is decided by the page's language (en-US month first, the rest day
// first) unless one part is over 12. Guarantee: only whole, valid days between MIN_YEAR and `now` are returned.
import type { CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';

export interface ScanContext {
  now: Date;
  /** The page's language tag as declared (en-US, de, fr-CA …), for numeric day/month order. */
  langTag?: string;
}

const MIN_YEAR = 1995;

/** Meta names htmldate reads beyond the generic extractor's list, publication first, modification last. */
const MORE_META = [
  'publication_date',
  'citation_publication_date',
  'citation_date',
  'dc.date.created',
  'dcterms.issued',
  'article.created',
  'created',
  'date_published',
  'pubdate',
  'originalpublicationdate',
  'release_date',
  'last-modified',
  'og:updated_time',
  'article:modified_time',
  'datemodified',
  'dcterms.modified',
  'lastmod',
];

const MONTH_NAMES: Record<string, number> = {};
const NAMES: readonly (readonly string[])[] = [
  [
    'january',
    'jan',
    'januar',
    'jänner',
    'janvier',
    'janv',
    'enero',
    'ene',
    'gennaio',
    'gen',
    'januari',
    'janeiro',
    'styczeń',
    'января',
    'январь',
  ],
  [
    'february',
    'feb',
    'februar',
    'feber',
    'février',
    'févr',
    'fevrier',
    'febrero',
    'febbraio',
    'februari',
    'fevereiro',
    'fev',
    'февраля',
    'февраль',
  ],
  ['march', 'mar', 'märz', 'mär', 'maerz', 'mars', 'marzo', 'maart', 'março', 'marca', 'марта', 'март'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'апреля', 'апрель'],
  ['may', 'mai', 'mayo', 'maggio', 'mag', 'mei', 'maio', 'мая', 'май'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho', 'июня', 'июнь'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho', 'июля', 'июль'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus', 'августа', 'август'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'set', 'setembro', 'сентября', 'сентябрь'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out', 'октября', 'октябрь'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'ноября', 'ноябрь'],
  [
    'december',
    'dec',
    'dezember',
    'dez',
    'décembre',
    'decembre',
    'déc',
    'diciembre',
    'dic',
    'dicembre',
    'december',
    'dezembro',
    'декабря',
    'декабрь',
  ],
];
NAMES.forEach((names, i) => names.forEach((n) => (MONTH_NAMES[n] = i + 1)));
const MONTH_ALT = Object.keys(MONTH_NAMES)
  .sort((a, b) => b.length - a.length)
  .join('|');

const L = '(?<![\\p{L}\\d])';
const R = '(?![\\p{L}\\d])';
// "7 June 2020", "7. Juni 2020", "7 de junio de 2020", "07 juin 2020"
const DAY_MONTH_YEAR = new RegExp(
  `${L}(\\d{1,2})(?:\\.|er|st|nd|rd|th)?\\s*(?:de\\s+)?(${MONTH_ALT})\\.?,?\\s+(?:de\\s+)?(\\d{4})${R}`,
  'iu',
);
// "June 7, 2020", "Jun. 7th 2020"
const MONTH_DAY_YEAR = new RegExp(`${L}(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${R}`, 'iu');
// "2020-06-07", "2020/06/07", "2020.06.07"
const YMD = /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/;
// "07.06.2020", "07/06/2020", "7-6-2020"
const NUMERIC = /(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d])/;

type Day = { y: number; m: number; d: number };

function valid(p: Day, now: Date): string | undefined {
  if (p.y < MIN_YEAR || p.m < 1 || p.m > 12 || p.d < 1 || p.d > 31) return undefined;
  const t = Date.UTC(p.y, p.m - 1, p.d);
  const back = new Date(t);
  if (back.getUTCDate() !== p.d || t > now.getTime() + 86_400_000) return undefined;
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

function monthFirst(langTag: string | undefined): boolean {
  return /^en-(us|ph|ca)\b/i.test(langTag ?? '') || (langTag ?? '').toLowerCase() === 'en';
}

const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;
const WINDOW_CHARS = 40;

/** The first whole date written in `text`, or undefined. Only the text around four-digit years is searched:
 * every pattern holds a year, and the month-name patterns are too costly to run at every position. */
export function textDate(text: string, ctx: ScanContext): string | undefined {
  YEAR.lastIndex = 0;
  for (let m = YEAR.exec(text); m; m = YEAR.exec(text)) {
    const from = Math.max(0, m.index - WINDOW_CHARS);
    const day = dateInWindow(text.slice(from, m.index + WINDOW_CHARS), ctx);
    if (day) return day;
  }
  return undefined;
}

function dateInWindow(text: string, ctx: ScanContext): string | undefined {
  let best: { at: number; day: string } | undefined;
  const take = (at: number, p: Day | undefined): void => {
    const day = p ? valid(p, ctx.now) : undefined;
    if (day && (!best || at < best.at)) best = { at, day };
  };
  const a = DAY_MONTH_YEAR.exec(text);
  if (a) take(a.index, { y: Number(a[3]), m: MONTH_NAMES[(a[2] as string).toLowerCase()] ?? 0, d: Number(a[1]) });
  const b = MONTH_DAY_YEAR.exec(text);
  if (b) take(b.index, { y: Number(b[3]), m: MONTH_NAMES[(b[1] as string).toLowerCase()] ?? 0, d: Number(b[2]) });
  const c = YMD.exec(text);
  if (c) take(c.index, { y: Number(c[1]), m: Number(c[3]), d: Number(c[4]) });
  const e = NUMERIC.exec(text);
  if (e) {
    const x = Number(e[1]);
    const z = Number(e[3]);
    // Dots are day first everywhere; slashes follow the language unless one part cannot be a month.
    const mdy = e[2] !== '.' && (x > 12 ? false : z > 12 ? true : monthFirst(ctx.langTag));
    take(e.index, { y: Number(e[4]), m: mdy ? x : z, d: mdy ? z : x });
  }
  return best?.day;
}

/** A structured value (ISO-ish, or a displayed form) → its day. */
export function valueDate(v: string, ctx: ScanContext): string | undefined {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (iso) return valid({ y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) }, ctx.now);
  return textDate(v, ctx);
}

/** Every <time datetime>, then <time> text. */
function timeElements($: CheerioAPI, ctx: ScanContext): string | undefined {
  for (const el of $('time').toArray()) {
    const v = $(el).attr('datetime');
    const d = (v ? valueDate(v, ctx) : undefined) ?? textDate($(el).text(), ctx);
    if (d) return d;
  }
  return undefined;
}

function moreMeta($: CheerioAPI, ctx: ScanContext): string | undefined {
  const found = new Map<string, string>();
  for (const el of $('meta').toArray()) {
    const a = (el as Element).attribs;
    const key = (a['property'] ?? a['name'] ?? a['itemprop'] ?? a['http-equiv'] ?? '').toLowerCase();
    const v = a['content'];
    if (v && MORE_META.includes(key) && !found.has(key)) found.set(key, v);
  }
  for (const name of MORE_META) {
    const v = found.get(name);
    const d = v ? valueDate(v, ctx) : undefined;
    if (d) return d;
  }
  return undefined;
}

/** JSON-LD read as text: a block with a syntax error still names its dates. */
function forgivingJsonLd($: CheerioAPI, ctx: ScanContext): string | undefined {
  for (const key of ['datePublished', 'dateCreated', 'uploadDate', 'dateModified']) {
    for (const el of $('script[type="application/ld+json" i]').toArray()) {
      const m = new RegExp(`"${key}"\\s*:\\s*"([^"]{6,40})"`).exec($(el).text());
      const d = m ? valueDate(m[1] as string, ctx) : undefined;
      if (d) return d;
    }
  }
  return undefined;
}

const DATE_CLASS =
  /(?:^|[\s_-])(?:date|datum|time|datetime|published|pubdate|posted|post-?date|entry-?date|meta|byline|article-?info|timestamp|fecha|data)(?:$|[\s_-])|date|datum|publish/i;

/** Elements whose class or id says they hold a date, in document order. */
function dateElements($: CheerioAPI, ctx: ScanContext): string | undefined {
  for (const el of $('[class], [id]').toArray()) {
    const a = (el as Element).attribs;
    if (!DATE_CLASS.test(`${a['class'] ?? ''} ${a['id'] ?? ''}`)) continue;
    const tag = (el as Element).tagName;
    if (tag === 'body' || tag === 'html' || tag === 'main' || tag === 'article') continue;
    const text = $(el).text();
    if (text.length > 300) continue;
    const d = textDate(text, ctx);
    if (d) return d;
  }
  return undefined;
}

/** A full date in the URL path (/2020/06/07/, /2020-06-07-, /20200607/). */
export function urlDate(url: string, ctx: ScanContext): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m =
    /(?:^|\/)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.-]|$)/.exec(path) ??
    /(?:^|\/)((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)/.exec(path);
  return m ? valid({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }, ctx.now) : undefined;
}

type Scanned = { value: string; source: 'time-element' | 'meta' | 'json-ld-text' | 'date-element' };

/** A YYYY-MM-DD publication day from the wider evidence, with the evidence it came from, or undefined. */
export function scanDate($: CheerioAPI, ctx: ScanContext): Scanned | undefined {
  const steps: [Scanned['source'], () => string | undefined][] = [
    ['time-element', () => timeElements($, ctx)],
    ['meta', () => moreMeta($, ctx)],
    ['json-ld-text', () => forgivingJsonLd($, ctx)],
    ['date-element', () => dateElements($, ctx)],
  ];
  for (const [source, step] of steps) {
    const value = step();
    if (value) return { value, source };
  }
  return undefined;
}
