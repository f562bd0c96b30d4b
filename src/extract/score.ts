// Content scoring on the pruned tree, after Readability's _grabArticle: every paragraph-like run of text
// scores 1 + its commas + its length in hundreds (max 3), and hands that score to its container (full),
// the container's parent (half) and further ancestors (less). Containers start from a tag prior and the
// class/id weight, are discounted by their link density, and the best one is widened to an ancestor
// when the runner-up candidates sit under it. Siblings of the winner that score well join it.
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { BLOCK_TAGS, childTags, isTag, linkDensity, rawText, textLength, TextStats, weightedLength } from './dom.js';

/** Readability's positive and negative class/id words (weight ±25 each for class and id). */
export const POSITIVE_RE = /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|detail|zhengwen/i;
export const NEGATIVE_RE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|caption|credit|byline|author|recommend/i;

const SCORING = {
  /** A run shorter than this (in weighted characters) does not score. */
  minRunLength: 25,
  maxLengthPoints: 3,
  ancestorLevels: 5,
  /** Runner-up candidates within this share of the best count as "also article". */
  alternativeShare: 0.75,
  minAlternatives: 3,
  topCandidates: 5,
  siblingShare: 0.2,
  minSiblingScore: 10,
  /** A paragraph counts as prose from this weighted length and below this link density. */
  proseMinChars: 80,
  proseMaxLinkDensity: 0.2,
  /** An ancestor replaces the winner when it holds this much more prose (ratio and characters). */
  proseGain: 1.3,
  proseMinGainChars: 300,
  proseMaxAncestorLinks: 0.35,
  proseLevels: 8,
};

/** Tag priors (Readability _initializeNode). */
const TAG_PRIOR: Record<string, number> = {
  div: 5,
  article: 8,
  main: 5,
  section: 3,
  pre: 3,
  td: 3,
  blockquote: 3,
  address: -3,
  ol: -3,
  ul: -3,
  dl: -3,
  dd: -3,
  dt: -3,
  li: -3,
  form: -3,
  h1: -5,
  h2: -5,
  h3: -5,
  h4: -5,
  h5: -5,
  h6: -5,
  th: -5,
};

/** Commas of several scripts: Latin, CJK full-width and ideographic, Arabic. */
export const COMMA_RE = /[,，、،]/g;

export function classWeight(el: Element): number {
  let w = 0;
  for (const v of [el.attribs['class'], el.attribs['id']]) {
    if (!v) continue;
    if (NEGATIVE_RE.test(v)) w -= 25;
    if (POSITIVE_RE.test(v)) w += 25;
  }
  return w;
}

/** Text of `el` that is not inside a block-level child: the element's own paragraph text. */
export function ownInlineText(el: Element): string {
  let s = '';
  for (const c of el.children) {
    if (c.type === 'text') s += (c as unknown as { data: string }).data;
    else if (isTag(c) && !BLOCK_TAGS.has(c.name) && c.name !== 'br') s += rawText(c);
    else if (isTag(c)) s += ' ';
  }
  return s.replace(/\s+/g, ' ').trim();
}

function runScore(text: string): number {
  const commas = text.match(COMMA_RE)?.length ?? 0;
  return 1 + commas + Math.min(Math.floor(weightedLength(text) / 100), SCORING.maxLengthPoints);
}

export interface Scored {
  top: Element;
  scores: Map<Element, number>;
}

const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'li', 'dd']);

/** Scores every container under `root`; undefined when no run of text is long enough. */
export function scoreTree(root: ParentNode, weightClasses: boolean): Scored | undefined {
  const raw = new Map<Element, number>();
  const add = (el: Element, points: number): void => {
    if (!raw.has(el)) raw.set(el, (TAG_PRIOR[el.name] ?? 0) + (weightClasses ? classWeight(el) : 0));
    raw.set(el, (raw.get(el) ?? 0) + points);
  };
  const visit = (el: Element): void => {
    // Inline elements are never scoring units: their text belongs to the nearest block (this also keeps
    // long chains of unclosed <font> linear instead of quadratic).
    const own = BLOCK_TAGS.has(el.name) ? ownInlineText(el) : '';
    if (weightedLength(own) >= SCORING.minRunLength && el.name !== 'body' && el.name !== 'html') {
      const points = runScore(own);
      // A <p>-like element is the paragraph itself; any other element with loose text holds a virtual <p>.
      let target: AnyNode | null = PARAGRAPH_TAGS.has(el.name) ? el.parent : el;
      for (let level = 0; target && isTag(target) && level < SCORING.ancestorLevels; level++) {
        const share = level === 0 ? 1 : level === 1 ? 0.5 : 1 / (level * 3);
        add(target, points * share);
        target = target.parent;
      }
    }
    for (const c of childTags(el)) visit(c);
  };
  for (const c of root.children) if (isTag(c)) visit(c);
  if (raw.size === 0) return undefined;

  const scores = new Map<Element, number>();
  const stats = new TextStats();
  for (const [el, s] of raw) scores.set(el, s * (1 - stats.density(el)));
  const ranked = [...scores.entries()].filter(([el]) => el.name !== 'body' && el.name !== 'html').sort((a, b) => b[1] - a[1]);
  const best = ranked[0];
  if (!best) return undefined;
  const top = widenByProse(
    stats,
    widen(
      best[0],
      ranked.slice(1, SCORING.topCandidates).map(([el, s]) => ({ el, s })),
      scores,
    ),
  );
  return { top, scores };
}

function isAncestor(a: Element, n: Element): boolean {
  for (let p = n.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** Readability's widening: shared ancestor of strong runner-ups, a rising parent score, an only child. */
function widen(start: Element, others: { el: Element; s: number }[], scores: Map<Element, number>): Element {
  let top = start;
  const topScore = scores.get(top) ?? 0;
  const alts = others.filter((o) => o.s >= topScore * SCORING.alternativeShare).map((o) => o.el);
  if (alts.length >= SCORING.minAlternatives) {
    for (let p = top.parent; p && isTag(p) && p.name !== 'body'; p = p.parent) {
      if (alts.filter((a) => isAncestor(p as Element, a)).length >= SCORING.minAlternatives) {
        top = p;
        break;
      }
    }
  }
  let last = scores.get(top) ?? 0;
  const threshold = last / 3;
  for (let p = top.parent; p && isTag(p) && p.name !== 'body'; p = p.parent) {
    const s = scores.get(p);
    if (s === undefined) continue;
    if (s < threshold) break;
    if (s > last) {
      top = p;
      break;
    }
    last = s;
  }
  while (top.parent && isTag(top.parent) && top.parent.name !== 'body' && childTags(top.parent).length === 1) top = top.parent;
  return top;
}

/** Prose mass: weighted length of the <p> under `el` that read as text (long enough, few links). */
function proseMass(el: Element, stats: TextStats): number {
  let mass = 0;
  const walk = (n: Element): void => {
    for (const c of childTags(n)) {
      if (c.name === 'p') {
        const len = weightedLength(rawText(c).replace(/\s+/g, ' ').trim());
        if (len >= SCORING.proseMinChars && stats.density(c) < SCORING.proseMaxLinkDensity) mass += len;
      } else walk(c);
    }
  };
  walk(el);
  return mass;
}

/**
 * Widens the winner to the nearest ancestor that holds clearly more prose (articles split into several
 * sections or column wrappers), as long as the ancestor is not mostly links.
 */
export function widenByProse(stats: TextStats, top: Element): Element {
  const base = proseMass(top, stats);
  let best = top;
  let bestMass = base;
  let level = 0;
  for (let p = top.parent; p && isTag(p) && p.name !== 'body' && level < SCORING.proseLevels; p = p.parent, level++) {
    const mass = proseMass(p, stats);
    if (
      mass >= bestMass * SCORING.proseGain &&
      mass - bestMass >= SCORING.proseMinGainChars &&
      stats.density(p) < SCORING.proseMaxAncestorLinks
    ) {
      best = p;
      bestMass = mass;
    }
  }
  return best;
}

/** The winner plus siblings that score well, share its class, or are substantial plain paragraphs. */
export function withSiblings(sc: Scored): Element[] {
  const { top, scores } = sc;
  const parent = top.parent;
  if (!parent || !isTag(parent)) return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(SCORING.minSiblingScore, topScore * SCORING.siblingShare);
  const topClass = top.attribs['class'] ?? '';
  const out: Element[] = [];
  for (const sib of childTags(parent)) {
    if (sib === top) {
      out.push(sib);
      continue;
    }
    const bonus = topClass !== '' && sib.attribs['class'] === topClass ? topScore * SCORING.siblingShare : 0;
    const s = scores.get(sib);
    if (s !== undefined && s + bonus >= threshold) out.push(sib);
    else if (sib.name === 'p' && isPlainParagraph(sib)) out.push(sib);
  }
  return out;
}

function isPlainParagraph(p: Element): boolean {
  const len = textLength(p);
  const ld = linkDensity(p);
  if (len > 80 && ld < 0.25) return true;
  return len > 0 && len <= 80 && ld === 0 && /[.。!?！？]( |$)/.test(rawText(p).trim());
}
