// The `stories` section of candidates.json (schemas/stories.v1.schema.json): one Story per group of flagged
// items about the same event, across outlets and languages. Every flagged item belongs to exactly one story
// (a story may have a single member). Times are the members' own ISO strings (with the source's offset).

/** One piece of shared evidence between two items and what it added to their similarity score. */
export interface Evidence {
  /** rule: a shared watchlist topic; entity: a shared person rule (lavrov, wang-yi …); term: the same matched
   *  alias term in both (same language); number / date: shared digits or month-day; text: near-duplicate text
   *  (SimHash); reprint: one is marked as the other's reprint or both reprint the same item. */
  kind: 'rule' | 'entity' | 'term' | 'number' | 'date' | 'text' | 'reprint';
  /** Rule id, normalised term, number, month-day key ("11-18"), "simhash:3" (Hamming distance) or the item id. */
  key: string;
  /** Contribution to the pair's score, rounded to 3 decimals. */
  weight: number;
}

/** Why a member is in its story: the seed (earliest member), or the member it matches best and the evidence. */
export type JoinReason =
  | { kind: 'seed' }
  | {
      kind: 'joined';
      /** The other member this one is most similar to. */
      anchor: string;
      /** Pair score with the anchor (0..1). */
      score: number;
      /** Mean pair score with every other member: what average-link clustering compared to the threshold. */
      meanScore: number;
      evidence: Evidence[];
    };

export interface StoryMember {
  /** Candidate id. */
  id: string;
  source: string;
  outlet: string;
  lang: string;
  title: string;
  url: string;
  /** publishedAt, or firstSeenAt when the item has no date. */
  at: string;
  join: JoinReason;
}

export interface OutletCoverage {
  outlet: string;
  /** Display name: "TASS", "Russian MFA", "People's Daily", "Global Times", or the source's own name. */
  name: string;
  sources: string[];
  langs: string[];
  items: string[];
  /** Time of the outlet's first item in this story. */
  firstAt: string;
}

export interface CellHit {
  item: string;
  source: string;
  term: string;
  text: string;
  field: 'title' | 'body';
}

/** One outlet × rule cell of the coverage matrix. */
export type CoverageCell =
  | { outlet: string; rule: string; label: string; kind: 'mentioned'; hits: CellHit[] }
  | { outlet: string; rule: string; label: string; kind: 'silent' };

export interface Omission {
  rule: string;
  label: string;
  /** Outlets that covered the story and never matched the rule (outlet ids, in display order). */
  silent: string[];
  /** Outlets that matched the rule. */
  mentionedBy: string[];
  /** "TASS and the MFA did not mention green energy, which People's Daily and Global Times did." */
  sentence: string;
  evidence: {
    hits: CellHit[];
    /** The silent outlets' items in this story (what was read and found silent). */
    silentItems: { item: string; source: string; title: string }[];
  };
}

/** English and home-language editions of one outlet's report on the event. */
export interface TwinLink {
  outlet: string;
  en: { item: string; source: string; onlyRules: string[] };
  home: { item: string; source: string; lang: string; onlyRules: string[] };
  /** Pair score (as in JoinReason) and distance in time. */
  score: number;
  hoursApart: number;
}

export interface Story {
  id: string;
  title: string;
  firstAt: string;
  lastAt: string;
  items: StoryMember[];
  outlets: OutletCoverage[];
  matrix: CoverageCell[];
  omissions: Omission[];
  twins: TwinLink[];
}

/** What the story steps read of a flagged item after its features are taken (build.ts `slim`), and no more: a
 *  month of items is held in memory until the stories are built. A Candidate is one. Read-only, because equal
 *  matches are one object shared by every item that has them. */
export interface StoryItem {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly lang: string;
  readonly score: number;
  readonly credit: string | null;
  readonly feedOnly: boolean;
  readonly reprintOf?: { readonly id: string; readonly source: string } | null;
  readonly source: { readonly id: string; readonly name: string };
  readonly matches: readonly StoryMatch[];
}

/** A rule's hits as the coverage matrix (wordings per field) and `isProminent` (title, paragraphs) read them. */
export interface StoryMatch {
  readonly rule: string;
  readonly label: string;
  readonly hits: readonly StoryHit[];
}

export interface StoryHit {
  readonly term: string;
  readonly text: string;
  readonly field: 'title' | 'body';
  readonly paragraph: number;
}

/** What carries a story id over to the next run (ids.ts): the story's id and its members' ids. A Story is one. */
export interface PreviousStory {
  id: string;
  items: readonly { id: string }[];
}

export interface BuildStoriesOptions {
  /** Members of one story lie within this many hours of each other (72). */
  windowHours?: number;
  /** Last run's stories: a new story that shares members with one of them keeps its id. */
  previous?: readonly PreviousStory[];
  /** Source id → outlet (default: every source its own outlet); `storyOutlets` builds it from sources.json. */
  outletOf?: (sourceId: string) => string;
  /** Declared outlets in display order, each shown by its own name; undeclared ones follow, by source name. */
  outletOrder?: readonly string[];
  /** Rule ids that name people (entities); default lavrov, wang-yi, xi, putin. */
  entityRules?: readonly string[];
}
