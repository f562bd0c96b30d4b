// Page metadata for the generic extractor: headline (a visible heading confirmed by <title>/og:title/JSON-LD,
// else a title with its site suffix stripped), byline, language, canonical URL and the text right around
// the headline (where pages print their date line).
import type { CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import type { Lang } from '../types.js';
import { absUrl, clean, meta, own, textOf } from '../text/select.js';
import { isTag, NON_TEXT_TAGS } from './dom.js';

/** Separators between a headline and a site name in <title>. */
const SEPARATORS = [' | ', ' - ', ' – ', ' — ', ' :: ', ' « ', ' » ', ' · ', ' / ', '--', '_', '|'];
/** A site suffix longer than this is more likely part of the headline. */
const MAX_SUFFIX_CHARS = 40;
const HEADING_SELECTOR = 'h1, h2, [class*="title" i], [id*="title" i], [class*="headline" i], [itemprop="headline"]';
const MAX_HEADINGS = 60;
/** A title this short ("News") opens too many headings to anchor on one. */
const MIN_OPENING_CHARS = 12;

function startsWithSeparator(rest: string): boolean {
  const r = rest.trimStart();
  return r === '' || /^[-|–—:«»·/_]/.test(r) || /^[-–—]/.test(rest);
}

/** Whether what precedes a heading in <title> is a site name and its separator ("Blog - Headline"): shorter than the
 *  heading, so that a site name heading at the end of "Headline – Site" is never taken for the headline. */
function siteBefore(head: string, heading: string): boolean {
  const h = head.trimEnd();
  return h.length < head.length && h.length > 0 && h.length < heading.length && h.length <= MAX_SUFFIX_CHARS && /[-|–—:«»·/_]$/.test(h);
}

/** `title` without a trailing site name: the og:site_name if it is there, else a short last segment. */
export function stripSiteSuffix(title: string, siteNames: readonly string[] = []): string {
  let t = clean(title);
  for (const site of siteNames) {
    if (site && t.endsWith(site) && t.length > site.length) {
      const head = t.slice(0, -site.length).replace(/[\s|\-–—:«»·/_]+$/, '');
      if (head && head.length < t.length - site.length + 1 && /[\s|\-–—:«»·/_]$/.test(t.slice(0, -site.length))) t = head;
    }
  }
  // People's Daily style "headline--channel--site": cut at the first double hyphen.
  const dd = t.indexOf('--');
  if (dd > 0 && t.length - dd <= MAX_SUFFIX_CHARS) return t.slice(0, dd).trim();
  for (const sep of SEPARATORS) {
    const at = t.lastIndexOf(sep);
    if (at <= 0) continue;
    const suffix = t.slice(at + sep.length).trim();
    if (suffix.length > 0 && suffix.length <= MAX_SUFFIX_CHARS && suffix.length <= at) return t.slice(0, at).trim();
  }
  // CJK titles glue the site with a bare hyphen: "标题-新华网".
  const cjk = /^(.*[\u3000-\u9fff\uff00-\uffef])\s*[-_|]\s*([^-_|]{1,12})$/.exec(t);
  return cjk?.[1] ? cjk[1].trim() : t;
}

function headingTexts($: CheerioAPI): { el: Element; text: string }[] {
  const out: { el: Element; text: string }[] = [];
  $(HEADING_SELECTOR).each((i, el) => {
    if (i >= MAX_HEADINGS * 4 || out.length >= MAX_HEADINGS) return;
    const text = clean(textOf(el));
    if (text.length >= 4 && text.length <= 400) out.push({ el: el as Element, text });
  });
  return out;
}

/**
 * How well a visible heading is confirmed as the headline: 0 when no reference title starts with it.
 * An <h1> wins; a heading equal to og:title/JSON-LD (which carry no site suffix) beats one that is only a
 * prefix of <title>, which beats a copy of the whole <title> with its suffix (a share box's title).
 */
function titleScore(h: { el: Element; text: string }, refs: readonly string[], clean: readonly (string | undefined)[]): number {
  const exact = refs.some((r) => r === h.text);
  const prefix = refs.some(
    (r) =>
      r.length > h.text.length &&
      ((r.startsWith(h.text) && startsWithSeparator(r.slice(h.text.length))) ||
        (r.endsWith(h.text) && siteBefore(r.slice(0, -h.text.length), h.text))),
  );
  if (!exact && !prefix) return 0;
  return 1 + (h.el.name === 'h1' ? 8 : 0) + (clean.includes(h.text) ? 4 : 0) + (prefix ? 2 : 0);
}

export interface TitleInfo {
  title: string;
  /** The element the title came from, when it is a visible heading. */
  el?: Element;
}

/** The headline: a visible heading that <title>/og:title/JSON-LD headline starts with, else a stripped title. */
export function findTitle($: CheerioAPI, ldHeadline: string | undefined): TitleInfo | undefined {
  const docTitle = clean($('head title').first().text() || $('title').first().text());
  const og = meta($, 'og:title') ?? meta($, 'twitter:title');
  const refs = [og, ldHeadline, docTitle].filter((x): x is string => !!x);
  const headings = headingTexts($);
  let best: { el: Element; text: string; score: number } | undefined;
  for (const h of headings) {
    const score = titleScore(h, refs, [og, ldHeadline]);
    if (score > 0 && (!best || score > best.score)) best = { ...h, score };
  }
  if (best) return { title: own(best.text), el: best.el };
  const sites = [meta($, 'og:site_name'), meta($, 'application-name')].filter((x): x is string => !!x);
  const fallback = og ?? ldHeadline ?? (docTitle || undefined);
  if (fallback) {
    const title = own(stripSiteSuffix(fallback, sites));
    // An <h1> that opens with the title and goes on (a date or a rubric set inside it) is where the page prints its
    // date line: the anchor for the text around the headline, while the title stays the confirmed one.
    const opens = headings.find((h) => h.el.name === 'h1' && title.length >= MIN_OPENING_CHARS && h.text.startsWith(title));
    return opens ? { title, el: opens.el } : { title };
  }
  const h1 = headings.find((h) => h.el.name === 'h1');
  return h1 ? { title: own(h1.text), el: h1.el } : undefined;
}

/** Text in document order after `el` (and a little before it), where date lines and sources are printed. */
export function textAround($: CheerioAPI, el: Element | undefined, afterChars = 1500, beforeChars = 300): string {
  const nodes: string[] = [];
  let anchor = -1;
  const walk = (n: AnyNode): void => {
    if (n === el) anchor = nodes.length;
    if (n.type === 'text') nodes.push((n as unknown as { data: string }).data);
    else if (isTag(n) && !NON_TEXT_TAGS.has(n.name)) for (const c of n.children) walk(c);
    else if (n.type === 'root') for (const c of (n as unknown as { children: AnyNode[] }).children) walk(c);
  };
  const body = $('body')[0];
  if (!body) return '';
  walk(body);
  const all = nodes.join(' ').replace(/\s+/g, ' ');
  if (!el || anchor < 0) return all.slice(0, afterChars);
  const at = clean(nodes.slice(0, anchor).join(' ')).length;
  return all.slice(Math.max(0, at - beforeChars), at + afterChars);
}

const LANGS: readonly Lang[] = ['en', 'ru', 'zh'];

function langFromTag(v: string | undefined): Lang | undefined {
  const m = v ? /^\s*([a-z]{2})(?:[-_]|$)/i.exec(v) : null;
  const code = m?.[1]?.toLowerCase();
  return LANGS.find((l) => l === code);
}

/** Declared language (html lang, Content-Language, og:locale, JSON-LD), else the dominant script of `sample`. */
export function findLang($: CheerioAPI, ldLang: string | undefined, sample: string): Lang | undefined {
  const declared = [
    $('html').attr('lang'),
    $('html').attr('xml:lang'),
    $('meta[http-equiv="Content-Language" i]').attr('content'),
    meta($, 'og:locale'),
    ldLang,
  ];
  for (const d of declared) {
    const l = langFromTag(d);
    if (l) return l;
  }
  const han = sample.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  const cyr = sample.match(/[\u0400-\u04ff]/g)?.length ?? 0;
  const lat = sample.match(/[A-Za-z]/g)?.length ?? 0;
  const top = Math.max(han * 3, cyr, lat);
  if (top === 0) return undefined;
  if (top === han * 3) return 'zh';
  return top === cyr ? 'ru' : lat > sample.length / 3 ? 'en' : undefined;
}

/** The URL's hostname, or '' when it is not a valid URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

export function canonicalUrl($: CheerioAPI, pageUrl: string): string | undefined {
  return absUrl($('link[rel="canonical" i]').attr('href'), pageUrl) ?? absUrl(meta($, 'og:url'), pageUrl) ?? absUrl(pageUrl, pageUrl);
}

const NOT_A_NAME_RE = /^(https?:|www\.)|^[A-Z]?_?\d+$|^\d|@/;

function cleanByline(s: string | undefined, siteNames: readonly string[]): string | undefined {
  if (!s) return undefined;
  let t = clean(s).replace(/^(by|von|par|автор[:\s]|作者[:：\s]*)\s*/i, '');
  for (const site of siteNames) if (site && t.endsWith(site)) t = t.slice(0, -site.length).replace(/[\s.,|\-–—]+$/, '');
  if (!t || t.length > 120 || NOT_A_NAME_RE.test(t) || siteNames.includes(t)) return undefined;
  return own(t);
}

/** Author names: a visible rel=author / itemprop=author, JSON-LD persons, then meta author (not the editor). */
export function findByline($: CheerioAPI, ldAuthors: readonly string[], siteNames: readonly string[]): string | undefined {
  const visible: string[] = [];
  $('a[rel="author"], [itemprop="author"] [itemprop="name"], [itemprop="author"]:not(:has(*)), .byline__name, .author-name').each(
    (_, el) => {
      // Microdata authors typed as an Organization are the outlet, not a byline.
      if (/Organization/i.test($(el).closest('[itemprop="author"]').attr('itemtype') ?? '')) return;
      const t = cleanByline(textOf(el), siteNames);
      if (t && !visible.some((v) => t.startsWith(v) || v.startsWith(t))) visible.push(t);
    },
  );
  if (visible.length > 0) return own(visible.slice(0, 4).join(', '));
  const ld = ldAuthors.map((a) => cleanByline(a, siteNames)).filter((x): x is string => !!x);
  if (ld.length > 0) return own(ld.slice(0, 4).join(', '));
  const author = meta($, 'author') ?? meta($, 'article:author') ?? meta($, 'byl') ?? meta($, 'parsely-author');
  if (author && author === meta($, 'editor')) return undefined;
  return cleanByline(author, siteNames);
}
