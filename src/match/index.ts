// The watchlist engine's public face. The crawl compiles the watchlist once per run
// (compileWatchlist) and calls matchArticle per article.
//
// Output conventions (consumed by candidates.json, the review page and `export --format md`):
// - Hit: field 'title' → paragraph 0 and offsets into the title; field 'body' → paragraph = index into
//   `paragraphs` and offsets into that paragraph. Offsets are UTF-16 offsets into the ORIGINAL text,
//   and hit.text === original.slice(start, end).
// - Excerpts come from body paragraphs only (paragraph ≥ 0, never -1): the headline is always shown
//   whole, and its hits are highlighted from matches[].hits. excerpt.text.slice(h[0], h[1]) is the hit.
// - Score: the sum over matched rules of weight × TITLE_FACTOR when the rule hits the title (× 1
//   otherwise), explained line by line in scoreExplain.
import { own } from '../text/select.js';
import type { Hit, Lang, MatchResult, Paragraph, RuleMatch } from '../types.js';
import type { CompiledWatchlist } from './compile.js';
import { findTermHits, matchRules, type FieldText, type RuleOutcome } from './evaluate.js';
import { buildExcerpts, type MarkedParagraph } from './excerpts.js';
import { MATCH_CAPS, capMatchFields } from './caps.js';

export { compileWatchlist, type CompiledWatchlist, type CompiledRule } from './compile.js';
export { validateWatchlistShape, DEFAULT_WEIGHT } from './validate.js';
export { findTermHits, type FieldText } from './evaluate.js';

/** A rule that hits the headline counts this many times its weight. */
export const TITLE_FACTOR = 2;

export interface MatchDoc {
  title: string;
  /** Body paragraphs: plain text, or a page's paragraphs, whose wire dateline stays in the text (and in an
   *  excerpt when it shares a sentence with a hit) but is never matched. "MOSCOW, November 21. /TASS/." says where
   *  a story was filed, not what it is about: with `@russia NEAR/8 @china` it made every Moscow-filed story naming
   *  China in its first line a China–Russia story, and "新华社北京…电" did the same for Beijing-filed ones naming
   *  Russia. */
  paragraphs: readonly (string | Paragraph)[];
  /** Informational: matching is driven by each character's script, so mixed-language text needs no hint. */
  lang?: Lang;
}

export function fieldTexts(doc: MatchDoc): FieldText[] {
  const texts: FieldText[] = [{ field: 'title', paragraph: 0, text: doc.title }];
  doc.paragraphs.forEach((p, paragraph) => {
    if (typeof p === 'string') return void texts.push({ field: 'body', paragraph, text: p });
    const from = p.dateline && p.text.startsWith(p.dateline) ? p.dateline.length : 0;
    texts.push({ field: 'body', paragraph, text: p.text, ...(from ? { from } : {}) });
  });
  return texts;
}

const textOf = (p: string | Paragraph | undefined): string => (typeof p === 'string' ? p : (p?.text ?? ''));

export function matchArticle(cw: CompiledWatchlist, doc: MatchDoc): MatchResult {
  const texts = fieldTexts(doc);
  const outcomes = matchRules(cw, texts, findTermHits(cw, texts));
  const matches = outcomes.map((o) => toRuleMatch(cw, texts, o));
  const { score, scoreExplain } = scoreOf(matches);
  return capMatchFields({ matches, excerpts: buildExcerpts(markedParagraphs(doc, matches)), score, scoreExplain });
}

function toRuleMatch(cw: CompiledWatchlist, texts: FieldText[], o: RuleOutcome): RuleMatch {
  // Only the first hits become Hit objects: a page of 300,000 hits costs one count, not 300,000 strings.
  const hits: Hit[] = o.hits.slice(0, MATCH_CAPS.maxHitsPerRule).map((h) => {
    const ft = texts[h.at]!;
    return {
      rule: o.rule.id,
      term: cw.terms[h.term]!.written,
      text: own(ft.text.slice(h.start, h.end)),
      field: ft.field,
      paragraph: ft.paragraph,
      start: h.start,
      end: h.end,
    };
  });
  const capped = o.hits.length > hits.length ? { hitCount: o.hits.length } : {};
  return { rule: o.rule.id, label: o.rule.label, weight: o.rule.weight, hits, ...capped };
}

function scoreOf(matches: RuleMatch[]): { score: number; scoreExplain: string[] } {
  let score = 0;
  const scoreExplain: string[] = [];
  for (const m of matches) {
    const inTitle = m.hits.some((h) => h.field === 'title');
    const points = m.weight * (inTitle ? TITLE_FACTOR : 1);
    score += points;
    const terms = [...new Set(m.hits.map((h) => h.term))].join(', ');
    const why = inTitle ? `weight ${m.weight} × ${TITLE_FACTOR} (title hit)` : `weight ${m.weight}`;
    const n = m.hitCount ?? m.hits.length;
    scoreExplain.push(`${m.rule}: ${why} = ${round(points)} [${n} hit${n === 1 ? '' : 's'}: ${terms}]`);
  }
  score = round(score);
  scoreExplain.push(`score = ${score}`);
  return { score, scoreExplain };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function markedParagraphs(doc: MatchDoc, matches: RuleMatch[]): MarkedParagraph[] {
  const byParagraph = new Map<number, MarkedParagraph>();
  for (const m of matches) {
    for (const h of m.hits) {
      if (h.field !== 'body') continue;
      let p = byParagraph.get(h.paragraph);
      if (!p) byParagraph.set(h.paragraph, (p = { paragraph: h.paragraph, text: textOf(doc.paragraphs[h.paragraph]), marks: [] }));
      p.marks.push([h.start, h.end, m.rule]);
    }
  }
  return [...byParagraph.values()].sort((a, b) => a.paragraph - b.paragraph);
}
