// tass.ru (Russian). Since 2022 a Next.js site whose CSS-module classes carry a hash that changes between
// deployments ("tass_pkg_text-oEhbR"), so every selector matches a class *prefix* up to the hash dash;
// the time is epoch milliseconds in span[ca-ts]. Archived articles keep the 2019 AngularJS layout, read
// with the same selector object as tass.com (tass.ts).
import type { AdapterVersion, SiteAdapter } from './adapter.js';
import { one, optionalText, paragraphs, requiredText } from '../text/select.js';
import { assembleTass, epochAttr, tass2019 } from './tass.js';

/**
 * Elements whose class list holds `tass_pkg_<name>-<hash>`. The dash keeps `title` from matching
 * `title_wrapper`; the second form covers the class not being first in the attribute.
 */
export function pkgClass(tag: string, name: string, tail = ''): string {
  return `${tag}[class^="tass_pkg_${name}-"]${tail}, ${tag}[class*=" tass_pkg_${name}-"]${tail}`;
}

export const TASS_RU_2022_SELECTORS = {
  /** Next.js root holding hashed tass_pkg classes: cheap, and absent from the AngularJS pages. */
  app: '#__next [class^="tass_pkg_"]',
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

export const tassRu: SiteAdapter = {
  id: 'tass-ru',
  hosts: ['tass.ru', 'www.tass.ru'],
  versions: [tassRu2022, tass2019('ru')],
};
