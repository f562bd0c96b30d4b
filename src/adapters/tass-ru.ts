// tass.ru (Russian). Since 2022 a Next.js site whose CSS-module classes carry a hash that changes between
// deployments ("tass_pkg_text-oEhbR"), so every selector matches a class *prefix* up to the hash dash;
// the time is epoch milliseconds in span[ca-ts]. Archived articles keep the 2019 AngularJS layout, read
// with the same selector object as tass.com (tass.ts).
// 2025: the App Router build renders no #__next root and no tass_pkg_article; body paragraphs are
// p.Paragraph_paragraph__<hash>, the time is span[ca-ts] (epoch ms), and the JSON-LD NewsArticle carries
// articleBody and datePublished, which stand in when the markup lacks them.
import type { CheerioAPI } from 'cheerio/slim';
import type { AdapterVersion, SiteAdapter } from './adapter.js';
import { SelectorMissError } from '../errors.js';
import { readJsonLd } from '../extract/jsonld.js';
import { clean, one, optionalText, own, paragraphs, requiredText } from '../text/select.js';
import { assembleTass, epochAttr, tass2019 } from './tass.js';

/**
 * Elements whose class list holds `tass_pkg_<name>-<hash>`. The dash keeps `title` from matching
 * `title_wrapper`; the second form covers the class not being first in the attribute.
 */
export function pkgClass(tag: string, name: string, tail = ''): string {
  return `${tag}[class^="tass_pkg_${name}-"]${tail}, ${tag}[class*=" tass_pkg_${name}-"]${tail}`;
}

/** The Next.js root, which holds the whole page: a frame (kept without its content), not a scope root. */
const NEXT_ROOT = '#__next';

export const TASS_RU_2022_SELECTORS = {
  /** Next.js root holding hashed tass_pkg classes: cheap, and absent from the AngularJS pages. */
  app: `${NEXT_ROOT} [class^="tass_pkg_"]`,
  title: pkgClass('h1', 'title'),
  lead: pkgClass('div', 'lead'),
  /** The article's time sits in its meta line; listing teasers elsewhere carry their own ca-ts spans. */
  time: pkgClass('div', 'meta', ' span[ca-ts]'),
  article: pkgClass('article', 'article'),
  /** Paragraphs are p.Paragraph_paragraph__… wrapping span.tass_pkg_text-…; "read also" inserts are not <p>. */
  body: pkgClass('article', 'article', ' p'),
} as const;

const S = TASS_RU_2022_SELECTORS;

export const tassRu2022: AdapterVersion = {
  name: '2022',
  // With the Next.js root a frame, the app selector roots every tass_pkg element rather than the whole page (the
  // header's links, the meta line, the article: a fifth of a bench page's bytes instead of nearly all).
  scope: [S.app, S.title, S.lead, S.time, S.article, S.body],
  frames: [NEXT_ROOT],
  detect: ($) => $(S.app).length > 0,
  extract: ($, ctx) => {
    one($, S.article, 'body', ctx.url);
    return assembleTass($, ctx, {
      title: requiredText($, S.title, 'title', ctx.url),
      lead: optionalText($, S.lead),
      texts: paragraphs($, S.body, 'body', ctx.url),
      epoch: epochAttr($, S.time, 'ca-ts'),
      lang: 'ru',
    });
  },
};

/** A hashed CSS-module class by its prefix, first in the class list or not ("Paragraph_paragraph__F_jNb"). */
export function moduleClass(tag: string, prefix: string): string {
  return `${tag}[class^="${prefix}"], ${tag}[class*=" ${prefix}"]`;
}

export const TASS_RU_2025_SELECTORS = {
  /** Present on the 2022 Pages Router build only: its absence with Paragraph_ paragraphs marks 2025. */
  pagesRoot: NEXT_ROOT,
  paragraph: moduleClass('p', 'Paragraph_paragraph__'),
  /** The article has one headline; listing teasers use other elements. */
  title: 'h1',
  /** Epoch milliseconds; teaser links carry their own, so only spans outside <a> count. */
  time: 'span[ca-ts]',
} as const;

const S25 = TASS_RU_2025_SELECTORS;

/** The article's own ca-ts: exactly one span outside links, else none (JSON-LD datePublished then decides). */
function articleEpoch($: CheerioAPI): number | undefined {
  const spans = $(S25.time).filter((_, el) => $(el).closest('a').length === 0);
  if (spans.length !== 1) return undefined;
  const n = Number(spans.attr('ca-ts'));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Paragraphs from the markup, else from JSON-LD articleBody split on its line breaks; neither is a miss. */
function bodyTexts($: CheerioAPI, url: string, articleBody: string | undefined): string[] {
  if ($(S25.paragraph).length > 0) return paragraphs($, S25.paragraph, 'body', url);
  const fromLd = (articleBody ?? '').split(/\n+/).map(clean).filter(Boolean).map(own);
  if (fromLd.length === 0) throw new SelectorMissError('body', `${S25.paragraph} | JSON-LD articleBody`, 0, url);
  return fromLd;
}

export const tassRu2025: AdapterVersion = {
  name: '2025',
  // Only the Next.js root's absence is read (detect), so it is a frame; so is every link, so that a ca-ts span inside
  // a link still has that link as an ancestor for closest('a') (articleEpoch), as on the whole page, without the
  // links' content (teaser cards: over half a bench page's bytes).
  scope: [S25.paragraph, S25.title, S25.time],
  frames: [S25.pagesRoot, 'a'],
  detect: ($) =>
    $(S25.pagesRoot).length === 0 && ($(S25.paragraph).length > 0 || ($(S25.time).length > 0 && readJsonLd($)?.articleBody !== undefined)),
  extract: ($, ctx) => {
    const ld = readJsonLd($);
    return assembleTass($, ctx, {
      title: requiredText($, S25.title, 'title', ctx.url),
      texts: bodyTexts($, ctx.url, ld?.articleBody),
      epoch: articleEpoch($),
      lang: 'ru',
    });
  },
};

export const tassRu: SiteAdapter = {
  id: 'tass-ru',
  hosts: ['tass.ru', 'www.tass.ru'],
  versions: [tassRu2025, tassRu2022, tass2019('ru')],
};
