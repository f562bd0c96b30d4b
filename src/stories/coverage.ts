// Who covered what: per story, the outlets with their first item, the outlets × rules matrix, and the
// omissions worth a line in the newsletter.
//
// Omission policy (what an editor can print as "X did not mention R, which Y did"):
//  - only an outlet's own reporting counts: wire copy (credited to a news agency that is not the outlet itself,
//    e.g. a Xinhua piece on Global Times) and marked reprints take no part, since what a wire left out is not
//    the reprinting outlet's choice; the matrix still shows them;
//  - only in stories with at least two outlets reporting in their own words;
//  - a rule is reported when at least one outlet matched it and at least one outlet that covered the story did not;
//  - the mentioning side must have stressed it: two outlets or more, or one that carries it in a title, opening
//    paragraph or two paragraphs (features.ts `isProminent`). One passing mention by one outlet (the MFA
//    transcript's single answer naming "joint exercises" among the Quad's activities) is no line worth printing:
//    the others were not silent on a theme of the story, they just did not repeat a remark;
//  - an outlet counts as silent only if at least one of its items was read in full (a feed-only item matched on
//    the feed's summary cannot show that the article left something out);
//  - person (entity) rules matched by all outlets but one are the story's identity, not an omission
//    ("Global Times did not mention Lavrov" in a Lavrov–Wang story says more about our matching than about them);
//    topic rules are always reported, since "the MFA did not mention sanctions" is exactly the line we want.

import type { CellHit, CoverageCell, Omission, OutletCoverage, StoryItem, StoryMatch } from './types.js';
import { joinAnd, outletComparator } from './outlets.js';
import { isProminent } from './features.js';

export interface MemberRef {
  item: StoryItem;
  outlet: string;
  at: string;
  atMs: number;
}

/** News agencies whose copy other outlets run, with the outlet that is the agency itself (its own copy is its
 *  own reporting). A credit naming one of these, as its first words, marks wire copy. */
export const WIRE_AGENCIES: readonly { names: readonly string[]; outlet: string | null }[] = [
  { names: ['Xinhua', 'Xinhua News Agency', '新华社', '新华网'], outlet: null },
  { names: ['TASS', 'ТАСС'], outlet: 'TASS' },
  { names: ['RIA Novosti', 'РИА Новости', 'Interfax', 'Интерфакс', 'Sputnik'], outlet: null },
  { names: ['China News Service', '中新社', '中新网'], outlet: null },
  { names: ['Reuters', 'AP', 'Associated Press', 'AFP', 'Agence France-Presse'], outlet: null },
];

/** Copy of another newsroom: a reprint, or credited to a news agency other than the outlet itself. */
export function isWireCopy(m: MemberRef): boolean {
  if (m.item.reprintOf) return true;
  const credit = (m.item.credit ?? '').normalize('NFKC').trim().toLowerCase();
  if (credit === '') return false;
  return WIRE_AGENCIES.some((a) => a.outlet !== m.outlet && a.names.some((n) => creditNames(credit, n.toLowerCase())));
}

function creditNames(credit: string, name: string): boolean {
  if (!credit.startsWith(name)) return false;
  const next = credit.charAt(name.length);
  return next === '' || !/[\p{L}\p{N}]/u.test(next);
}

/** Labels that stay capitalised mid-sentence even when they look like common nouns. */
const PROPER_LABEL_WORDS: readonly string[] = ['Arctic', 'Antarctic', 'Quad', 'Indo-Pacific', 'Central', 'Asia'];

/** An item's hits of a rule, each distinct wording once per field: the matrix says which words an outlet used
 *  where, and a body that repeats "Lavrov" twenty times is one entry, not twenty. Story sections of a month's
 *  window stay small this way (they are held in memory while the outputs are written). */
function hitsOf(m: StoryMatch, item: StoryItem): CellHit[] {
  const seen = new Set<string>();
  const out: CellHit[] = [];
  for (const h of m.hits) {
    const key = `${h.field}\u0000${h.term}\u0000${h.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ item: item.id, source: item.source.id, term: h.term, text: h.text, field: h.field });
  }
  return out;
}

/** Per outlet, in display order: a declared outlet (in `order`) is shown by its own name, another by its source's. */
export function outletCoverage(members: readonly MemberRef[], order: readonly string[]): OutletCoverage[] {
  const byOutlet = new Map<string, MemberRef[]>();
  for (const m of members) byOutlet.set(m.outlet, [...(byOutlet.get(m.outlet) ?? []), m]);
  const compare = outletComparator(order);
  return [...byOutlet.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([outlet, refs]) => {
      const sorted = [...refs].sort((a, b) => a.atMs - b.atMs);
      const first = sorted[0];
      return {
        outlet,
        name: order.includes(outlet) ? outlet : (first?.item.source.name ?? outlet),
        sources: [...new Set(sorted.map((r) => r.item.source.id))].sort(),
        langs: [...new Set(sorted.map((r) => r.item.lang as string))].sort(),
        items: sorted.map((r) => r.item.id),
        firstAt: first?.at ?? '',
      };
    });
}

/** Rules matched anywhere in the story, in first-seen order by member time, with their labels. */
function storyRules(members: readonly MemberRef[]): Map<string, string> {
  const rules = new Map<string, string>();
  for (const m of members) for (const r of m.item.matches) if (r.hits.length > 0 && !rules.has(r.rule)) rules.set(r.rule, r.label);
  return rules;
}

export function coverageMatrix(members: readonly MemberRef[], outlets: readonly OutletCoverage[]): CoverageCell[] {
  const cells: CoverageCell[] = [];
  for (const o of outlets) {
    const mine = members.filter((m) => m.outlet === o.outlet);
    for (const [rule, label] of storyRules(members)) {
      const hits = mine.flatMap((m) => m.item.matches.filter((r) => r.rule === rule).flatMap((r) => hitsOf(r, m.item)));
      cells.push(
        hits.length > 0 ? { outlet: o.outlet, rule, label, kind: 'mentioned', hits } : { outlet: o.outlet, rule, label, kind: 'silent' },
      );
    }
  }
  return cells;
}

/** "green energy" for a common-noun label, "Arctic" or "Lavrov" kept as written. */
export function labelInSentence(label: string, isEntity: boolean): string {
  const first = label.split(/\s+/)[0] ?? '';
  if (isEntity || PROPER_LABEL_WORDS.includes(first)) return label;
  const rest = label.slice(first.length);
  // Lower-case only a plain capitalised first word ("Green", "Sanctions"), never an acronym ("SCO", "EU").
  return /^\p{Lu}\p{Ll}+$/u.test(first) ? first.charAt(0).toLowerCase() + first.slice(1) + rest : label;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function omissionSentence(
  silent: readonly string[],
  mentioned: readonly string[],
  label: string,
  names: ReadonlyMap<string, string>,
): string {
  const phrase = (o: string) => names.get(o) ?? o;
  return `${capitalise(joinAnd(silent.map(phrase)))} did not mention ${label}, which ${joinAnd(mentioned.map(phrase))} did.`;
}

/** The outlet stressed the rule: it is prominent in one of the outlet's items. */
function stressedBy(members: readonly MemberRef[], outlet: string, rule: string): boolean {
  const mine = members.filter((m) => m.outlet === outlet);
  return mine.some((m) => m.item.matches.some((r) => r.rule === rule && r.hits.length > 0 && isProminent(r)));
}

export function omissions(members: readonly MemberRef[], outlets: readonly OutletCoverage[], entityRules: ReadonlySet<string>): Omission[] {
  const own = members.filter((m) => !isWireCopy(m));
  const reporting = new Set(own.map((m) => m.outlet));
  if (reporting.size < 2) return [];
  const names = new Map(outlets.map((o) => [o.outlet, o.name]));
  const readInFull = new Set(own.filter((m) => !m.item.feedOnly).map((m) => m.outlet));
  const ownCells = coverageMatrix(
    own,
    outlets.filter((o) => reporting.has(o.outlet)),
  );
  const result: Omission[] = [];
  for (const [rule, label] of storyRules(own)) {
    const cells = ownCells.filter((c) => c.rule === rule);
    const mentionedBy = cells.filter((c) => c.kind === 'mentioned').map((c) => c.outlet);
    const silent = cells.filter((c) => c.kind === 'silent' && readInFull.has(c.outlet)).map((c) => c.outlet);
    if (mentionedBy.length === 0 || silent.length === 0) continue;
    if (entityRules.has(rule) && mentionedBy.length >= reporting.size - 1) continue;
    if (mentionedBy.length === 1 && !stressedBy(own, mentionedBy[0] ?? '', rule)) continue;
    result.push({
      rule,
      label,
      silent,
      mentionedBy,
      sentence: omissionSentence(silent, mentionedBy, labelInSentence(label, entityRules.has(rule)), names),
      evidence: {
        hits: cells.flatMap((c) => (c.kind === 'mentioned' ? c.hits : [])),
        silentItems: own
          .filter((m) => silent.includes(m.outlet))
          .map((m) => ({ item: m.item.id, source: m.item.source.id, title: m.item.title })),
      },
    });
  }
  return result;
}
