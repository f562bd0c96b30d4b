// Synthetic flagged items for the scale tests: events of 1–5 items a few hours apart across outlets, each
// carrying some of the join evidence real items carry (a person the lead is about, an event figure, the event's
// date in the lead or the filing day as a dateline, near-verbatim reprints with a reprint link), plus common
// figures and topic rules that recur across unrelated events. Seeded, so every run builds the same items.
// Also the dense all-pairs average-link clustering that src/stories/cluster.ts replaced, as the reference.

import type { Candidate, RuleMatch } from '../../src/types.js';

export interface SyntheticOptions {
  items: number;
  days: number;
  seed: number;
  startIso?: string;
}

const SOURCES = ['tass-en', 'mid-en', 'people-en', 'globaltimes', 'xinhua-en'];
const PERSONS: readonly [string, string][] = [
  ['lavrov', 'Lavrov'],
  ['wang-yi', 'Wang Yi'],
  ['putin', 'Putin'],
  ['xi', 'Xi'],
];
const TOPICS = ['trade', 'sanctions', 'arctic', 'china-russia', 'central-asia'];
const COMMON_FIGURES = ['10', '20', '50', '100'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WORDS = (
  'officials delegation talks cooperation agreement pipeline energy grain shipping port railway border ' +
  'summit ministers envoy statement visit forum investment bank currency payments exports imports oil gas ' +
  'treaty council security region partners project corridor tariff market growth quarter plan signed held ' +
  'discussed announced stressed noted expects reported according sources capital northern eastern new'
).split(' ');

/** A small deterministic generator (a 32-bit LCG) for the random pair graphs of scale.test.ts and
 *  neighbours.test.ts: their cases were drawn with it, so it stays as it is. */
export function lcg(seed: number): () => number {
  let a = seed;
  return () => (a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface EventPlan {
  index: number;
  atMs: number;
  person: [string, string] | null;
  topics: string[];
  figure: string | null;
  leadDate: boolean;
  words: string[];
}

function rule(id: string, term: string, paragraph: number): RuleMatch {
  return {
    rule: id,
    label: id,
    weight: 1,
    hits: [
      {
        rule: id,
        term,
        text: term,
        field: paragraph < 0 ? 'title' : 'body',
        paragraph: Math.max(paragraph, 0),
        start: 0,
        end: term.length,
      },
    ],
  };
}

function dayText(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

function planEvent(index: number, startMs: number, days: number, rand: () => number): EventPlan {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return {
    index,
    atMs: startMs + Math.floor(rand() * days * 86_400_000),
    person: rand() < 0.6 ? pick(PERSONS) : null,
    topics: [pick(TOPICS), pick(TOPICS)],
    figure: rand() < 0.5 ? String(1000 + index) : null,
    leadDate: rand() < 0.4,
    words: Array.from({ length: 60 }, () => pick(WORDS)),
  };
}

/** One member of an event, in its own words (the first member's topic words, most of them replaced). */
function member(base: Candidate, ev: EventPlan, k: number, rand: () => number): Candidate {
  const id = `e${ev.index}-m${k}`;
  const atMs = ev.atMs + (k === 0 ? 0 : Math.floor(rand() * 8 * 3_600_000));
  const words = k === 0 ? ev.words : ev.words.map((w) => (rand() < 0.6 ? (WORDS[Math.floor(rand() * WORDS.length)] as string) : w));
  const lead = [
    rand() < 0.3 ? `MOSCOW, ${dayText(atMs)}. ` : '',
    ev.person ? `${ev.person[1]} ` : '',
    ev.leadDate ? `on ${dayText(ev.atMs)} ` : '',
    ev.figure && rand() < 0.8 ? `reported ${ev.figure} ` : '',
    rand() < 0.3 ? `and ${COMMON_FIGURES[Math.floor(rand() * COMMON_FIGURES.length)]} more ` : '',
    words.slice(0, 30).join(' '),
  ].join('');
  const matches = [...(ev.person ? [rule(ev.person[0], ev.person[1], 0)] : []), ...ev.topics.map((t, i) => rule(t, t, i === 0 ? 0 : 2))];
  const iso = new Date(atMs).toISOString();
  return {
    ...base,
    id,
    url: `https://example.org/${id}`,
    source: { id: SOURCES[(ev.index + k) % SOURCES.length] as string, name: 'x' },
    title: `${ev.person?.[1] ?? 'Officials'} on ${ev.topics.join(' and ')}`,
    publishedAt: iso,
    lang: 'en',
    timeZone: 'UTC',
    firstSeenAt: iso,
    lastSeenAt: iso,
    matches,
    excerpts: [
      { paragraph: 0, text: lead, highlights: [] },
      { paragraph: 2, text: words.slice(30).join(' '), highlights: [] },
    ],
    reprintOf: null,
  };
}

/** A copy of `original` an hour later, with its figures and dates edited out and no person rule matched, so
 *  one kind of evidence alone can join the two: marked as its reprint but rewritten (reprint link only), or
 *  unmarked and near-verbatim, one word changed (SimHash only). */
function copy(original: Candidate, id: string, marked: boolean, rand: () => number): Candidate {
  const iso = new Date(Date.parse(original.publishedAt ?? '') + 3_600_000).toISOString();
  const edit = (text: string): string => {
    const words = text.replace(/\d+/g, 'several').split(' ');
    if (marked) return words.map((w) => (rand() < 0.5 ? (WORDS[Math.floor(rand() * WORDS.length)] as string) : w)).join(' ');
    words[Math.floor(rand() * words.length)] = 'reportedly';
    return words.join(' ');
  };
  return {
    ...original,
    id,
    url: `https://example.org/${id}`,
    source: { id: marked ? 'xinhua-en' : 'people-en', name: 'x' },
    publishedAt: iso,
    firstSeenAt: iso,
    lastSeenAt: iso,
    matches: original.matches.filter((m) => !PERSONS.some(([p]) => p === m.rule)),
    excerpts: original.excerpts.map((e) => ({ ...e, text: edit(e.text) })),
    reprintOf: marked ? { id: original.id, source: original.source.id } : null,
  };
}

/** `items` candidates over `days` days from `startIso`, in event order (buildStories sorts them itself). */
export function syntheticItems(base: Candidate, opts: SyntheticOptions): Candidate[] {
  const rand = prng(opts.seed);
  const startMs = Date.parse(opts.startIso ?? '2026-10-23T00:00:00Z');
  const out: Candidate[] = [];
  for (let index = 0; out.length < opts.items; index++) {
    const ev = planEvent(index, startMs, opts.days, rand);
    const size = 1 + Math.floor(rand() * 5);
    const copied = rand() < 0.3;
    const first = member(base, ev, 0, rand);
    for (let k = 0; k < size && out.length < opts.items; k++) {
      const id = `e${index}-m${k}`;
      out.push(k === 0 ? first : copied && k <= 2 ? copy(first, id, k === 1, rand) : member(base, ev, k, rand));
    }
  }
  return out;
}

/** The dense all-pairs clustering cluster.ts replaced (scores row-major n×n), kept as the reference. */
export function denseAverageLink(scores: Float64Array, timesMs: readonly number[], threshold: number, windowMs: number): number[][] {
  const n = timesMs.length;
  const sums = Float64Array.from(scores);
  const groups = timesMs.map((t, i) => ({ members: [i], minMs: t, maxMs: t, best: -1, bestScore: -1, alive: true }));
  const mean = (i: number, j: number): number => {
    const gi = groups[i];
    const gj = groups[j];
    if (!gi?.alive || !gj?.alive || i === j) return -1;
    if (Math.max(gi.maxMs, gj.maxMs) - Math.min(gi.minMs, gj.minMs) > windowMs) return -1;
    return (sums[i * n + j] ?? 0) / (gi.members.length * gj.members.length);
  };
  const refresh = (i: number): void => {
    const g = groups[i];
    if (!g) return;
    [g.best, g.bestScore] = [-1, -1];
    for (let j = 0; j < n; j++) if (mean(i, j) > g.bestScore) [g.best, g.bestScore] = [j, mean(i, j)];
  };
  for (let i = 0; i < n; i++) refresh(i);
  for (;;) {
    let i = -1;
    for (let k = 0; k < n; k++)
      if (groups[k]?.alive && (groups[k]?.best ?? -1) >= 0 && (i < 0 || (groups[k]?.bestScore ?? -1) > (groups[i]?.bestScore ?? -1))) i = k;
    const gi = groups[i];
    if (!gi || gi.bestScore < threshold) break;
    const [keep, gone] = i < gi.best ? [i, gi.best] : [gi.best, i];
    const [gk, gg] = [groups[keep], groups[gone]];
    if (!gk || !gg) break;
    for (let x = 0; x < n; x++) sums[keep * n + x] = sums[x * n + keep] = (sums[keep * n + x] ?? 0) + (sums[gone * n + x] ?? 0);
    gk.members.push(...gg.members);
    [gk.minMs, gk.maxMs, gg.alive] = [Math.min(gk.minMs, gg.minMs), Math.max(gk.maxMs, gg.maxMs), false];
    refresh(keep);
    for (let x = 0; x < n; x++) {
      const gx = groups[x];
      if (!gx?.alive || x === keep) continue;
      if (gx.best === keep || gx.best === gone) refresh(x);
      else if (mean(x, keep) > gx.bestScore) [gx.best, gx.bestScore] = [keep, mean(x, keep)];
    }
  }
  return groups.filter((g) => g.alive).map((g) => g.members.sort((a, b) => a - b));
}
