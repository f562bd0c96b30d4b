// What the store compares to tell an edit that matters to the editor from one that does not (state/change.ts): the
// signature of an item's watchlist hits. Computed where the match is made, in the page worker for a fetched page,
// so the main thread does not hash the hits and excerpts again.
import { joinedTextHash } from '../identity.js';
import type { Candidate, MatchResult } from '../types.js';

/**
 * Signature of what the watchlist hit: the rule, field and term of every hit, the title when a hit is in it,
 * and the text of every excerpt. An edit in a paragraph without hits leaves it unchanged; an edit in or
 * around a hit, a new rule or a lost one changes it. Null when nothing matched.
 */
export function hitsSignature(c: Pick<Candidate, 'title' | 'matches' | 'excerpts'>): string | null {
  const hits = c.matches.flatMap((m) => m.hits.map((h) => `${m.rule}|${h.field}|${h.term}`));
  if (hits.length === 0) return null;
  const parts = [...new Set(hits)].sort();
  if (c.matches.some((m) => m.hits.some((h) => h.field === 'title'))) parts.push(`title:${c.title}`);
  const excerpts = [...c.excerpts].sort((a, b) => a.paragraph - b.paragraph).map((e) => `p${e.paragraph}:${e.text}`);
  return joinedTextHash([...parts, ...excerpts]);
}

/** The signature of an article's match (its title and what matched in it); null when nothing matched. */
export function matchSignature(title: string, match: Pick<MatchResult, 'matches' | 'excerpts'>): string | null {
  return match.matches.length > 0 ? hitsSignature({ title, matches: match.matches, excerpts: match.excerpts }) : null;
}
