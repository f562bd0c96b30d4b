// The main-text pipeline of the generic extractor: prune → score → widen/merge siblings → clean → blocks.
// It runs on a clone of the page, so the caller's DOM (and any site adapter that looked at it) is left
// untouched. Like Readability, a pass that yields less than `minBodyChars` is retried with fewer removals
// (strict pruning off, then class weights off), and the longest result wins if none reaches it.
import type { CheerioAPI } from 'cheerio/slim';
import type { Document } from 'domhandler';
import { prune } from './boilerplate.js';
import { cleanContainer } from './clean.js';
import { articleBlocks, type Block } from './blocks.js';
import { scoreTree, withSiblings } from './score.js';
import { weightedLength } from './dom.js';

const CONTENT = {
  /** Readability's charThreshold: a shorter body means the pass removed too much. */
  minBodyChars: 500,
};

interface Pass {
  strict: boolean;
  weightClasses: boolean;
}

const PASSES: readonly Pass[] = [
  { strict: true, weightClasses: true },
  { strict: false, weightClasses: true },
  { strict: false, weightClasses: false },
];

function runPass($: CheerioAPI, pass: Pass, title: string | undefined): Block[] {
  const doc = $.root().clone()[0] as unknown as Document;
  prune(doc, { strict: pass.strict });
  const scored = scoreTree(doc, pass.weightClasses);
  if (!scored) return [];
  const roots = withSiblings(scored);
  for (const r of roots) cleanContainer(r, title);
  return articleBlocks(roots, title);
}

function bodyLength(blocks: readonly Block[]): number {
  return blocks.reduce((s, b) => s + weightedLength(b.text), 0);
}

/** The article's paragraphs (possibly empty when the page has no text at all). */
export function mainText($: CheerioAPI, title?: string): Block[] {
  let best: Block[] = [];
  for (const pass of PASSES) {
    const blocks = runPass($, pass, title);
    if (bodyLength(blocks) >= CONTENT.minBodyChars) return blocks;
    if (bodyLength(blocks) > bodyLength(best)) best = blocks;
  }
  return best;
}
