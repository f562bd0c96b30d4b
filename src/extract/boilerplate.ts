// Boilerplate removal before scoring (Readability's "unlikely candidates" plus trafilatura's tag and class
// lists): navigation, headers, footers, asides, share bars, related lists, comments, newsletter boxes,
// cookie banners and hidden elements leave the tree. The guarantee: an element whose class/id also names
// article content (`article`, `content`, `body`…) stays, so a wrapper called "main-header" cannot take
// the story with it; the strict pass can be relaxed by the caller when it strips too much.
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { classId, detach, isTag, NON_TEXT_TAGS } from './dom.js';

/** Tags removed in every pass. */
const ALWAYS_REMOVE = new Set([...NON_TEXT_TAGS, 'nav', 'dialog']);

/** Tags removed in the strict pass only (a page built from <aside> or <header> gets a second chance). */
const STRICT_REMOVE = new Set(['aside', 'footer', 'header', 'menu', 'form']);

/** Class/id words of boilerplate blocks (Readability's unlikelyCandidates, widened with trafilatura's). */
export const UNLIKELY_RE = new RegExp(
  [
    '-ad-',
    '\\bads?\\b',
    'adsense',
    'advert',
    'agegate',
    'ai2html',
    'banner',
    'breadcrumb',
    'byline',
    'combx',
    'comment',
    'community',
    'consent',
    'cookie',
    'cover-wrap',
    'disqus',
    'donat',
    'extra',
    'footer',
    'gdpr',
    'header',
    'legends',
    'menu',
    'modal',
    '\\bnav',
    'newsletter',
    'outbrain',
    'pagination',
    'pager',
    'paywall',
    'popup',
    'promo',
    'related',
    'remark',
    'replies',
    'rss',
    'share',
    'sharing',
    'shoutbox',
    'sidebar',
    'skyscraper',
    'social',
    'sponsor',
    'subscri',
    'supplemental',
    'taboola',
    '\\btags?\\b',
    'toolbar',
    'yom-remote',
    'recommend',
    'most-?popular',
    'trending',
    'signup',
    'sign-up',
    'login',
    'author-bio',
    'print',
    'rating',
    'follow',
    'masthead',
    'copyright',
    'disclaimer-box',
  ].join('|'),
  'i',
);

/** Class/id words that rescue an element the unlikely list matched (Readability's okMaybeItsACandidate). */
export const MAYBE_RE = /and|article|body|column|content|main|shadow|story|entry|post|text/i;

/**
 * Compound class/id names of boilerplate that contain a rescuing word ("post-author", "author-content",
 * "related-posts", "comments-area"): removed in the strict pass whatever MAYBE_RE says.
 */
export const BOILERPLATE_COMPOUND_RE =
  /author-(bio|box|info|content|details|card|profile)|about-(the-)?author|post-author|comments?-(area|list|section|wrap)|related-(posts?|articles?|stories|content|entries)|share-(bar|buttons|tools|content)|newsletter-(signup|box|form)|post-(navigation|nav|tags|share)/i;

/** ARIA roles of non-article regions. */
const UNLIKELY_ROLES = new Set([
  'menu',
  'menubar',
  'complementary',
  'navigation',
  'alert',
  'alertdialog',
  'dialog',
  'banner',
  'contentinfo',
  'search',
]);

const HIDDEN_STYLE_RE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

export interface PruneOptions {
  /** Remove class/id-matched boilerplate and header/footer/aside tags (first pass). */
  strict: boolean;
}

function isHidden(el: Element): boolean {
  const a = el.attribs;
  if ('hidden' in a) return true;
  if (a['aria-hidden'] === 'true' && !/fallback-image/.test(a['class'] ?? '')) return true;
  return HIDDEN_STYLE_RE.test(a['style'] ?? '');
}

function isUnlikely(el: Element, inTable: boolean): boolean {
  if (el.name === 'body' || el.name === 'html' || el.name === 'a' || el.name === 'main' || el.name === 'article') return false;
  const role = el.attribs['role'];
  if (role && UNLIKELY_ROLES.has(role)) return true;
  if (inTable) return false;
  const ci = classId(el);
  if (ci.trim() === '') return false;
  return BOILERPLATE_COMPOUND_RE.test(ci) || (UNLIKELY_RE.test(ci) && !MAYBE_RE.test(ci));
}

/** An element holding this share of the page's paragraph text is the story, whatever its class says. */
const PROTECTED_PROSE_SHARE = 0.5;

/** Characters of <p> text under each element (one post-order pass). */
function proseChars(root: ParentNode): Map<ParentNode, number> {
  const out = new Map<ParentNode, number>();
  const walk = (n: ParentNode, inP: boolean): number => {
    let sum = 0;
    for (const c of n.children) {
      if (c.type === 'text') sum += inP ? (c as unknown as { data: string }).data.replace(/\s+/g, '').length : 0;
      else if (isTag(c) && !NON_TEXT_TAGS.has(c.name)) sum += walk(c, inP || c.name === 'p');
    }
    out.set(n, sum);
    return sum;
  };
  walk(root, false);
  return out;
}

/**
 * Removes boilerplate under `root` in place. Comments go too, so text joins across them. In the strict pass
 * a class/id match never removes an element that holds half of the page's paragraph text (a theme that
 * wraps the story in "sticky-sidebar" or "header-wrap").
 */
export function prune(root: ParentNode, opts: PruneOptions): void {
  const prose = opts.strict ? proseChars(root) : undefined;
  const total = prose?.get(root) ?? 0;
  const isStory = (el: Element): boolean => total > 0 && (prose?.get(el) ?? 0) >= total * PROTECTED_PROSE_SHARE;
  const walk = (parent: ParentNode, inTable: boolean): void => {
    for (const c of [...parent.children]) {
      if (c.type === 'comment' || c.type === 'directive' || c.type === 'cdata') {
        detach(c);
        continue;
      }
      if (!isTag(c)) continue;
      const name = c.name.toLowerCase();
      if (ALWAYS_REMOVE.has(name) || isHidden(c) || (opts.strict && (STRICT_REMOVE.has(name) || isUnlikely(c, inTable)) && !isStory(c))) {
        detach(c);
        continue;
      }
      walk(c, inTable || name === 'table' || name === 'code' || name === 'pre');
    }
  };
  walk(root, false);
}

/** True for nodes that hold no visible text and no image (empty wrappers left behind by pruning). */
export function isEmptyNode(n: AnyNode): boolean {
  if (n.type === 'text') return !/\S/.test((n as unknown as { data: string }).data);
  if (!isTag(n)) return true;
  if (n.name === 'img' || n.name === 'br' || n.name === 'hr') return false;
  return n.children.every(isEmptyNode);
}
