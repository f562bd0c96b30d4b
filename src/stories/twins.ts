// Twin editions: an outlet's English report and its home-language report (tass-en ↔ tass-ru, people-en ↔
// people-zh, mid-en ↔ mid-ru) on the same event. Both are members of the same story already (the event);
// within an outlet, English items pair with other-language items published within TWIN_MAX_HOURS, best pair
// score first, each item in at most one link. The link shows the rules only one edition carries.

import type { TwinLink } from './types.js';
import type { MemberRef } from './coverage.js';
import { round3 } from './similarity.js';

export const TWIN_MAX_HOURS = 36;
const ENGLISH = 'en';
const MS_PER_HOUR = 3_600_000;

function rulesOf(m: MemberRef): Set<string> {
  return new Set(m.item.matches.filter((r) => r.hits.length > 0).map((r) => r.rule));
}

function onlyIn(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((r) => !b.has(r)).sort();
}

interface PairCandidate {
  en: MemberRef;
  home: MemberRef;
  score: number;
  hours: number;
}

/** `score(aId, bId)` is the pair score used for clustering; pairs that tie keep the closer-in-time one. */
export function twinLinks(
  members: readonly MemberRef[],
  score: (a: string, b: string) => number,
  compareOutlets: (a: string, b: string) => number,
): TwinLink[] {
  const pairs: PairCandidate[] = [];
  for (const en of members) {
    if (en.item.lang !== ENGLISH) continue;
    for (const home of members) {
      if (home.outlet !== en.outlet || home.item.lang === ENGLISH) continue;
      const hours = Math.abs(en.atMs - home.atMs) / MS_PER_HOUR;
      if (hours <= TWIN_MAX_HOURS) pairs.push({ en, home, score: score(en.item.id, home.item.id), hours });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.hours - b.hours || (a.en.item.id + a.home.item.id < b.en.item.id + b.home.item.id ? -1 : 1));
  const used = new Set<string>();
  const links: TwinLink[] = [];
  for (const p of pairs) {
    if (used.has(p.en.item.id) || used.has(p.home.item.id)) continue;
    used.add(p.en.item.id);
    used.add(p.home.item.id);
    const enRules = rulesOf(p.en);
    const homeRules = rulesOf(p.home);
    links.push({
      outlet: p.en.outlet,
      en: { item: p.en.item.id, source: p.en.item.source.id, onlyRules: onlyIn(enRules, homeRules) },
      home: { item: p.home.item.id, source: p.home.item.source.id, lang: p.home.item.lang, onlyRules: onlyIn(homeRules, enRules) },
      score: round3(p.score),
      hoursApart: round3(p.hours),
    });
  }
  return links.sort((a, b) => compareOutlets(a.outlet, b.outlet) || (a.en.item < b.en.item ? -1 : 1));
}
