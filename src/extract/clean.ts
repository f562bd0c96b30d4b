// Cleaning inside the chosen container (Readability's _prepArticle / _cleanConditionally): blocks that look
// like lists of links, image galleries, forms, share bars or captions are dropped, while blocks with enough
// prose (commas, paragraphs) stay. Data tables and anything inside <pre>/<code> are kept as they are.
import type { Element, ParentNode } from 'domhandler';
import { descendants, detach, isTag, linkDensity, rawText, textLength } from './dom.js';
import { classWeight, COMMA_RE } from './score.js';

const CONDITIONAL_TAGS = new Set(['form', 'fieldset', 'table', 'ul', 'ol', 'div', 'section', 'aside', 'header', 'dl']);

/** Class/id of share bars and captions; removed when short. */
const SHARE_RE = /(\b|_)(share|sharing|sharedaddy|social|byline|dateline-box|toolbar|tags?)(\b|_)|caption|credit/i;
const SHARE_MAX_CHARS = 500;
/** Class/id tokens of date, byline and info lines inside an article; removed when short. */
const META_LINE_RE = /(^|[\s_-])(date|time|timestamp|published|updated|meta|info|refs|byline|author|dateline)([\s_-]|$)/i;
const META_LINE_MAX_CHARS = 200;

const CLEAN = {
  /** A block with this many commas is prose whatever its shape. */
  proseCommas: 10,
  minContentChars: 25,
  lowWeightMaxLinkDensity: 0.2,
  highWeightMaxLinkDensity: 0.5,
  dominantShare: 0.6,
  clusterMinLinks: 3,
  clusterMinLinkDensity: 0.8,
};

function within(n: Element, root: ParentNode): boolean {
  for (let p: ParentNode | null = n.parent; p; p = p.parent) if (p === root) return true;
  return false;
}

function hasAncestor(n: Element, names: readonly string[], stop: ParentNode): boolean {
  for (let p = n.parent; p && p !== stop; p = p.parent) if (isTag(p) && names.includes(p.name)) return true;
  return false;
}

/** A table used for data (caption, th, summary) rather than layout. */
function isDataTable(t: Element): boolean {
  if (t.attribs['role'] === 'presentation') return false;
  const all = descendants(t);
  if (all.some((e) => e.name === 'caption' || e.name === 'th' || e.name === 'thead')) return true;
  if (all.some((e) => e.name === 'table')) return false;
  const rows = all.filter((e) => e.name === 'tr').length;
  return rows >= 3 && all.filter((e) => e.name === 'td').length >= rows * 2 && textLength(t) < 5000;
}

function shouldRemove(el: Element, root: ParentNode, rootChars: number): boolean {
  if (el.name === 'table' && isDataTable(el)) return false;
  if (hasAncestor(el, ['pre', 'code'], root)) return false;
  const len = textLength(el);
  // The block that holds most of the container's text is the article itself, whatever its class says.
  if (len > rootChars * CLEAN.dominantShare) return false;
  const weight = classWeight(el);
  if (weight < 0) return true;
  const text = rawText(el);
  if ((text.match(COMMA_RE)?.length ?? 0) >= CLEAN.proseCommas) return false;

  const all = descendants(el);
  const count = (name: string): number => all.filter((e) => e.name === name).length;
  const p = count('p') + count('pre') + count('blockquote');
  const img = count('img');
  const li = count('li') - 100;
  const input = count('input');
  const embeds = all.filter((e) => e.name === 'video' || e.name === 'iframe' || e.name === 'embed' || e.name === 'object').length;
  const liText = all.filter((e) => e.name === 'li').reduce((s, e) => s + textLength(e), 0);
  const isList = el.name === 'ul' || el.name === 'ol' || (len > 0 && liText / len > 0.9);
  const headingText = all.filter((e) => /^h[1-6]$/.test(e.name)).reduce((s, e) => s + textLength(e), 0);
  const headingDensity = len > 0 ? headingText / len : 0;
  const inFigure = hasAncestor(el, ['figure'], root);
  const ld = linkDensity(el);

  return (
    (img > 1 && p / img < 0.5 && !inFigure) ||
    (!isList && li > p) ||
    input > Math.floor(p / 3) ||
    (!isList && headingDensity < 0.9 && len < CLEAN.minContentChars && (img === 0 || img > 2) && !inFigure) ||
    (!isList && weight < 25 && ld > CLEAN.lowWeightMaxLinkDensity) ||
    (weight >= 25 && ld > CLEAN.highWeightMaxLinkDensity) ||
    (isList && ld > CLEAN.highWeightMaxLinkDensity) ||
    (embeds === 1 && len < 75) ||
    embeds > 1
  );
}

/** A hover card inside a paragraph: an inline wrapper of several links and little else (CSS shows it on hover). */
function isInlineLinkCluster(el: Element, root: ParentNode): boolean {
  if (el.name !== 'span' && el.name !== 'div') return false;
  if (!hasAncestor(el, ['p'], root)) return false;
  return descendants(el).filter((e) => e.name === 'a').length >= CLEAN.clusterMinLinks && linkDensity(el) > CLEAN.clusterMinLinkDensity;
}

function classAndId(el: Element): string {
  return `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
}

/** Cleans the chosen container in place. `title` drops a heading that repeats the headline. */
export function cleanContainer(root: Element, title: string | undefined): void {
  const all = descendants(root);
  const rootChars = textLength(root);
  for (const el of all.reverse()) {
    if (!within(el, root)) continue;
    const name = el.name;
    if (name === 'figcaption' || name === 'h1' || isInlineLinkCluster(el, root)) detach(el);
    else if (/^h[2-6]$/.test(name) && (classWeight(el) < 0 || (title !== undefined && rawText(el).trim() === title))) detach(el);
    else if (
      SHARE_RE.test(classAndId(el)) &&
      textLength(el) < SHARE_MAX_CHARS &&
      !/article|content|body|text/i.test(el.attribs['class'] ?? '')
    )
      detach(el);
    else if (META_LINE_RE.test(classAndId(el)) && textLength(el) < META_LINE_MAX_CHARS && name !== 'p') detach(el);
    else if (CONDITIONAL_TAGS.has(name) && shouldRemove(el, root, rootChars)) detach(el);
  }
}
