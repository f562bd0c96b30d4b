// buildStories: flagged items → stories across outlets and languages. Pure: same items and options, same output.
//
// 1. features per item (features.ts) and IDF weights over this run's items (similarity.ts);
// 2. pair scores, only for pairs within the window that share join evidence (pairs.ts: inverted indexes, sparse
//    scores); average-link clustering at JOIN_THRESHOLD per connected component (cluster.ts);
// 3. ids carried over from `previous` (ids.ts); per story: members with why they joined, outlets, the
//    outlets × rules matrix and omissions (coverage.ts), twin editions (twins.ts).
// Every input item ends up in exactly one story (a story may have one member). Stories are newest first.

import type { Candidate, RuleMatch } from '../types.js';
import type { BuildStoriesOptions, JoinReason, Story, StoryHit, StoryItem, StoryMatch, StoryMember } from './types.js';
import { DEFAULT_ENTITY_RULES, isProminent, itemFeatures, PROMINENT_PARAGRAPHS, type ItemFeatures } from './features.js';
import { buildCorpus, pairEvidence, round3, roundedEvidence, type Corpus } from './similarity.js';
import { averageLinkClusters } from './cluster.js';
import { scorePairs, type PairHooks } from './pairs.js';
import { scoreBetween, type PairScores } from './pair-scores.js';
import { assignStoryIds } from './ids.js';
import { coverageMatrix, omissions, outletCoverage, type MemberRef } from './coverage.js';
import { twinLinks } from './twins.js';
import { OWN_OUTLETS, outletComparator } from './outlets.js';
import { interner, type Intern } from './intern.js';

export const DEFAULT_WINDOW_HOURS = 72;
/** Mean pair score two groups need to merge. On the hand-written week and on the crawled fixtures, same-event
 *  pairs score 0.44–1, and unrelated pairs (same topics, or the same day, or a person named in passing) share no
 *  anchor and score 0 (similarity.ts); see tests/stories/ and tests/stories/crawl-stories.test.ts. */
export const JOIN_THRESHOLD = 0.3;
const ENGLISH = 'en';

interface Prepared {
  items: StoryItem[];
  features: ItemFeatures[];
  corpus: Corpus;
  /** Positive pair scores over `features` (time order); a missing pair scores 0. */
  scores: PairScores;
}

function scoreAt(p: Prepared, i: number, j: number): number {
  return scoreBetween(p.scores, i, j);
}

/** What the later steps read of an item, and no more (StoryItem): no excerpts, score lines, dates or extraction
 *  record, and of each rule's hits the first of each wording per field (all the matrix shows, coverage.ts
 *  `hitsOf`), plus at most two more that keep `isProminent` what it was on all hits (a title or opening-paragraph
 *  hit, or a second paragraph). The extra hits repeat a kept wording, so the matrix skips them. Equal matches are
 *  one object for the whole build: the same rule hit by the same words in the same places recurs from item to
 *  item, and a StoryMatch is read-only (types.ts). A month of items stays in memory this way: over the bench's
 *  8,482 items the collector holds ~3.7 KB of heap per item, the pool's keys and the features (~2.5 KB)
 *  included; ~6.7 KB when it kept whole Candidates with their excerpts and score lines emptied. */
function slimmer(intern: Intern): (item: Candidate) => StoryItem {
  const matches = new Map<string, StoryMatch>();
  const slimMatch = (m: RuleMatch): StoryMatch => {
    const hits = slimHits(m.hits);
    // JSON, not a separator: two different matches can never share a key, whatever characters their texts hold.
    const key = JSON.stringify([m.rule, m.label, hits.map((h) => [h.field, h.paragraph, h.term, h.text])]);
    let match = matches.get(key);
    if (match === undefined) {
      const slimmed = hits.map((h): StoryHit => ({ term: intern(h.term), text: intern(h.text), field: h.field, paragraph: h.paragraph }));
      matches.set(key, (match = { rule: intern(m.rule), label: intern(m.label), hits: slimmed }));
    }
    return match;
  };
  return (item) => ({
    id: item.id,
    url: item.url,
    title: item.title,
    lang: intern(item.lang),
    score: item.score,
    credit: item.credit === null ? null : intern(item.credit),
    feedOnly: item.feedOnly,
    reprintOf: item.reprintOf ?? null,
    source: { id: intern(item.source.id), name: intern(item.source.name) },
    matches: item.matches.map(slimMatch),
  });
}

function slimHits(hits: RuleMatch['hits']): RuleMatch['hits'] {
  const seen = new Set<string>();
  const kept: RuleMatch['hits'] = [];
  let lead: RuleMatch['hits'][number] | undefined;
  const paragraphs = new Map<number, RuleMatch['hits'][number]>();
  for (const h of hits) {
    if (lead === undefined && (h.field === 'title' || h.paragraph === 0)) lead = h;
    if (paragraphs.size < PROMINENT_PARAGRAPHS && !paragraphs.has(h.paragraph)) paragraphs.set(h.paragraph, h);
    const key = `${h.field}\u0000${h.term}\u0000${h.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(h);
  }
  const keptProminent = isProminent({ hits: kept });
  if (keptProminent || !isProminent({ hits })) return kept;
  if (lead !== undefined) return [...kept, lead];
  return [...kept, ...[...paragraphs.values()].filter((h) => !kept.includes(h))];
}

/** What the stories of a set of items are built from, taken in one item at a time (see `storyCollector`). */
export interface StoryCollector {
  /** Reads the whole item once: features come from all of it, what is kept of it is slim(). */
  add(item: Candidate): void;
  /** The stories of every item added so far, as `eachStory` yields them. Call once, after the last add: the
   *  collector is empty afterwards. */
  stories(hooks?: PairHooks): Generator<Story>;
}

/**
 * eachStory with the items pushed instead of pulled, so one pass over a store cursor can feed both the stories
 * and a file written item by item (src/output/write.ts: candidates.json's items are the stories' input). Repeated
 * ids are dropped (first wins); the stories are the same as eachStory's over the same items in the same order.
 */
export function storyCollector(opts: BuildStoriesOptions = {}): StoryCollector {
  const outletOf = opts.outletOf ?? OWN_OUTLETS.outletOf;
  const entityRules = new Set(opts.entityRules ?? DEFAULT_ENTITY_RULES);
  const seen = new Set<string>();
  const pairs: { item: StoryItem; f: ItemFeatures }[] = [];
  let intern = interner();
  let slim = slimmer(intern);
  return {
    add(item) {
      if (seen.has(item.id)) return;
      seen.add(item.id);
      pairs.push({ item: slim(item), f: itemFeatures(item, outletOf(item.source.id), entityRules, intern) });
    },
    stories(hooks = {}) {
      // Handed over, not shared: once the generator has yielded its last story nothing holds the items, so the
      // outputs' next pass (review.html) runs without a month of them in the heap.
      // The pools of shared strings and matches go too: what the items share stays with them.
      const taken = pairs.splice(0, pairs.length);
      seen.clear();
      intern = interner();
      slim = slimmer(intern);
      return storiesOf(prepared(taken, opts, hooks), opts);
    },
  };
}

/** Sorts by time, then id, which fixes every later tie-break, and scores the pairs. */
function prepared(pairs: { item: StoryItem; f: ItemFeatures }[], opts: BuildStoriesOptions, hooks: PairHooks): Prepared {
  pairs.sort((a, b) => a.f.atMs - b.f.atMs || (a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0));
  const features = pairs.map((p) => p.f);
  const corpus = buildCorpus(features, opts.windowHours ?? DEFAULT_WINDOW_HOURS);
  const scores = scorePairs(features, corpus, hooks);
  return { items: pairs.map((p) => p.item), features, corpus, scores };
}

function joinReason(p: Prepared, i: number, others: readonly number[]): JoinReason {
  let anchor = -1;
  let best = -1;
  let sum = 0;
  for (const j of others) {
    const s = scoreAt(p, i, j);
    sum += s;
    if (s > best) [anchor, best] = [j, s];
  }
  const a = p.features[i];
  const b = p.features[anchor];
  if (!a || !b) return { kind: 'seed' };
  return {
    kind: 'joined',
    anchor: b.id,
    score: round3(best),
    meanScore: round3(sum / others.length),
    evidence: roundedEvidence(pairEvidence(a, b, p.corpus)),
  };
}

/** The English member with the highest candidate score names the story; else the earliest member. */
function storyTitle(members: readonly StoryItem[]): string {
  const english = members.filter((m) => m.lang === ENGLISH).sort((a, b) => b.score - a.score);
  return (english[0] ?? members[0])?.title ?? '';
}

function assemble(p: Prepared, cluster: readonly number[], id: string, entityRules: ReadonlySet<string>, order: readonly string[]): Story {
  const refs: MemberRef[] = [];
  const items: StoryMember[] = cluster.map((i, k) => {
    const item = p.items[i] as StoryItem;
    const f = p.features[i] as ItemFeatures;
    refs.push({ item, outlet: f.outlet, at: f.at, atMs: f.atMs });
    const others = cluster.filter((j) => j !== i);
    const join: JoinReason = k === 0 ? { kind: 'seed' } : joinReason(p, i, others);
    return { id: item.id, source: item.source.id, outlet: f.outlet, lang: item.lang, title: item.title, url: item.url, at: f.at, join };
  });
  const outlets = outletCoverage(refs, order);
  const matrix = coverageMatrix(refs, outlets);
  const index = new Map(cluster.map((i) => [p.features[i]?.id ?? '', i]));
  const score = (a: string, b: string): number => scoreAt(p, index.get(a) ?? 0, index.get(b) ?? 0);
  return {
    id,
    title: storyTitle(refs.map((r) => r.item)),
    firstAt: refs[0]?.at ?? '',
    lastAt: refs[refs.length - 1]?.at ?? '',
    items,
    outlets,
    matrix,
    omissions: omissions(refs, outlets, entityRules),
    twins: twinLinks(refs, score, outletComparator(order)),
  };
}

/** `hooks` (tests, benchmarks): which pairs to score and a count of scorings; the output does not depend on it
 *  as long as the pairs include every pair with join evidence (pairs.ts). */
export function buildStories(input: Iterable<Candidate>, opts: BuildStoriesOptions = {}, hooks: PairHooks = {}): Story[] {
  return [...eachStory(input, opts, hooks)];
}

/** buildStories a story at a time, in the same order: the caller may drop each before the next is assembled
 *  (a month's stories are ~48 MB as objects). The input is read in full before the first story. */
export function* eachStory(input: Iterable<Candidate>, opts: BuildStoriesOptions = {}, hooks: PairHooks = {}): Generator<Story> {
  const collector = storyCollector(opts);
  for (const item of input) collector.add(item);
  yield* collector.stories(hooks);
}

function* storiesOf(p: Prepared, opts: BuildStoriesOptions): Generator<Story> {
  const windowMs = (opts.windowHours ?? DEFAULT_WINDOW_HOURS) * 3_600_000;
  const clusters = averageLinkClusters({ scores: p.scores, timesMs: p.features.map((f) => f.atMs), threshold: JOIN_THRESHOLD, windowMs });
  const ids = assignStoryIds(
    clusters.map((c) => c.map((i) => p.features[i]?.id ?? '')),
    opts.previous,
  );
  const entityRules = new Set(opts.entityRules ?? DEFAULT_ENTITY_RULES);
  const order = opts.outletOrder ?? OWN_OUTLETS.outletOrder;
  // Newest first, like candidates.json: by the story's lastAt (its cluster's last member, as assemble sets it),
  // then id.
  const lastMs = (c: readonly number[]): number => Date.parse(p.features[c[c.length - 1] ?? -1]?.at ?? '');
  const stories = clusters.map((cluster, k) => ({ cluster, id: ids[k] ?? '', lastMs: lastMs(cluster) }));
  stories.sort((a, b) => b.lastMs - a.lastMs || (a.id < b.id ? -1 : 1));
  for (const s of stories) yield assemble(p, s.cluster, s.id, entityRules, order);
}
