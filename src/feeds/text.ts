// Markup carried by a feed (an RSS description, escaped Atom html, inline xhtml) → plain text: tags removed,
// named and numeric entities decoded (browser rules, through htmlparser2), the contents of script, style and
// other never-shown elements dropped, block elements and <br> kept as paragraph breaks.
import { Parser } from 'htmlparser2';
import { BLOCK_TAGS } from '../extract/dom.js';

/** Elements whose content is code, never text (feedparser's sanitizer drops the same; the fallback text inside
 * iframe, object or noscript is kept, as it is what a reader without the embed sees). */
const DROPPED = new Set(['script', 'style', 'applet', 'template']);
/** The page reader's block elements (extract/dom.ts), and <br>: a paragraph break before and after each. */
const BLOCK: ReadonlySet<string> = new Set([...BLOCK_TAGS, 'br']);

/** Paragraphs of text in an HTML fragment (each whitespace-collapsed and non-empty). */
export function htmlParagraphs(html: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let dropped = 0;
  const br = (): void => {
    parts.push(cur);
    cur = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) dropped++;
        else if (BLOCK.has(name)) br();
      },
      onclosetag(name) {
        if (DROPPED.has(name)) dropped = Math.max(0, dropped - 1);
        else if (BLOCK.has(name)) br();
      },
      ontext(t) {
        if (!dropped) cur += t;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  br();
  return parts.map(collapse).filter(Boolean);
}

/** The fragment's text on one line. */
export function htmlText(html: string): string {
  return htmlParagraphs(html).join(' ');
}

export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Plain text that holds markup or references (an RSS title written as HTML) rather than literal characters. */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-z][^<>]*>|<!--|&(?:[a-z][a-z\d]{1,31}|#\d{1,7}|#x[\da-f]{1,6});/i.test(s);
}
