// The newsletter's quote format, shared by review.html's "Copy quote" and `export --format md`:
//   **[Headline](https://…) – Outlet**
//   > first line of the excerpt
//   > next line
// The headline is Markdown-escaped; every quote line starts with "> "; excerpts stay in the original language.

import type { Candidate } from '../types.js';

/** En dash with spaces between headline and outlet (U+2013). */
export const TITLE_SEPARATOR = ' \u2013 ';
/** Separator line between two excerpts of one item, inside the same blockquote. */
const EXCERPT_GAP_LINE = '>';

const MARKDOWN_SPECIALS = /[\\`*_[\]<>#|]/g;
/** In quoted excerpts only what could turn scraped text into markup (a raw HTML tag, a link) is escaped; the
 * rest stays verbatim so the quote reads as the outlet wrote it. */
const QUOTE_SPECIALS = /[[\]<>]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** Returns the URL if it parses as http(s), normalised by WHATWG URL; anything else (javascript:, data:, junk) gives null. */
export function httpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Escapes Markdown specials so a headline renders as the literal text; also a leading "1." (an ordered list). */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(LINE_BREAKS, ' ').trim();
  return flat.replace(MARKDOWN_SPECIALS, (ch) => `\\${ch}`).replace(/^(\d+)([.)])(\s)/, '$1\\$2$3');
}

/** `(` `)` and spaces would end a Markdown link destination early; percent-encode them. */
function markdownLinkTarget(href: string): string {
  return href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

/** The bold title line: linked when the item has an http(s) URL, plain otherwise. */
export function quoteTitleLine(item: Pick<Candidate, 'title' | 'url' | 'source'>): string {
  const title = escapeMarkdown(item.title) || '(untitled)';
  const outlet = escapeMarkdown(item.source.name);
  const href = httpUrl(item.url);
  const head = href === null ? title : `[${title}](${markdownLinkTarget(href)})`;
  return `**${head}${TITLE_SEPARATOR}${outlet}**`;
}

/** Prefixes every line of `text` with "> " (blank lines become ">"), so the whole excerpt stays one quote;
 * `[ ] < >` are backslash-escaped so an excerpt cannot become a link or an HTML tag in the newsletter. */
export function quoteLines(text: string): string[] {
  return text
    .replace(LINE_BREAKS, '\n')
    .split('\n')
    .map((line) => line.trim().replace(QUOTE_SPECIALS, (ch) => `\\${ch}`))
    .map((line) => (line === '' ? EXCERPT_GAP_LINE : `> ${line}`));
}

/** All excerpts of an item as quote lines; falls back to the title when the item has none (feed-only items). */
export function quoteBody(item: Pick<Candidate, 'excerpts' | 'title'>): string[] {
  const texts = item.excerpts.map((e) => e.text.trim()).filter((t) => t !== '');
  if (texts.length === 0) return quoteLines(item.title);
  const lines: string[] = [];
  texts.forEach((text, i) => {
    if (i > 0) lines.push(EXCERPT_GAP_LINE);
    lines.push(...quoteLines(text));
  });
  return lines;
}

/** The text "Copy quote" puts on the clipboard: title line, then the quote, joined with "\n", no trailing newline. */
export function formatQuote(item: Pick<Candidate, 'title' | 'url' | 'source' | 'excerpts'>): string {
  return [quoteTitleLine(item), ...quoteBody(item)].join('\n');
}
