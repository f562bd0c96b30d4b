// Caps on what one item may carry into the store and every output: a page of "Lavrov spoke." repeated
// 300,000 times must give a readable candidate, not 300,000 hits. Hits are kept in document order (title
// first), so the headline's hits and the first body hits survive; `hitCount` keeps the true number. The
// same caps apply again when stored items are read, so an item stored before the caps (or by hand) cannot
// blow up candidates.json or the desk either.
import type { Excerpt, RuleMatch } from '../types.js';

export const MATCH_CAPS = {
  maxHitsPerRule: 50,
  maxExcerpts: 10,
  maxExcerptChars: 480,
  maxScoreExplainLines: 64,
};

const ELLIPSIS = '…';

/** At most maxHitsPerRule hits, with the full count in hitCount (present only when something was cut). */
export function capRuleMatch(m: RuleMatch): RuleMatch {
  const total = m.hitCount ?? m.hits.length;
  if (m.hits.length <= MATCH_CAPS.maxHitsPerRule && total === m.hits.length) return m;
  return { ...m, hits: m.hits.slice(0, MATCH_CAPS.maxHitsPerRule), hitCount: total };
}

/** An excerpt no longer than maxExcerptChars (cut with "…"), keeping only highlights inside the cut. */
export function capExcerpt(e: Excerpt): Excerpt {
  if (e.text.length <= MATCH_CAPS.maxExcerptChars) return e;
  const keep = MATCH_CAPS.maxExcerptChars - ELLIPSIS.length;
  return { ...e, text: e.text.slice(0, keep) + ELLIPSIS, highlights: e.highlights.filter(([, end]) => end <= keep) };
}

export interface Capped {
  matches: RuleMatch[];
  excerpts: Excerpt[];
  scoreExplain?: string[];
}

/** The caps applied to a stored or fresh match result (anything not an array is left to the caller). */
export function capMatchFields<T extends Partial<Capped>>(c: T): T {
  const out: T = { ...c };
  if (Array.isArray(c.matches)) out.matches = c.matches.map(capRuleMatch);
  if (Array.isArray(c.excerpts)) out.excerpts = c.excerpts.slice(0, MATCH_CAPS.maxExcerpts).map(capExcerpt);
  if (Array.isArray(c.scoreExplain) && c.scoreExplain.length > MATCH_CAPS.maxScoreExplainLines) {
    out.scoreExplain = c.scoreExplain.slice(0, MATCH_CAPS.maxScoreExplainLines);
  }
  return out;
}
