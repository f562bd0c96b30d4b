// What review.html needs to know about all items before it writes the first card: the filter bar's options and
// counts, and the rule colours (classes by the rules' sorted order in this report). Gathered in one pass over
// the items (a store cursor), keeping a few short strings per item, so the cards themselves can then be
// rendered and written one at a time.

import type { Candidate } from '../../types.js';
import { storiesByItem, type StoryRef } from '../stories.js';
import type { FacetLabels } from './filters.js';
import { facetsOf, facetToken, ruleClasses, type ItemFacets, type RuleStyle } from './item.js';

export interface DeskIndex {
  /** Per item, in the order they were added, with their stories filled in. */
  facets: ItemFacets[];
  labels: FacetLabels;
  style: RuleStyle;
  /** item id → facet token of each story it belongs to. */
  storiesOf: ReadonlyMap<string, string[]>;
}

export interface DeskCollector {
  add(item: Candidate): void;
  /** The rule colours of the items added so far: what finish() will give once the last item is in. */
  style(): RuleStyle;
  finish(stories: readonly StoryRef[]): DeskIndex;
}

export function deskCollector(): DeskCollector {
  const ids: string[] = [];
  const facets: ItemFacets[] = [];
  const outlets = new Map<string, string>();
  const ruleTokens = new Map<string, string>();
  const ruleLabels = new Map<string, string>();
  const highlighted = new Set<string>();
  function style(): RuleStyle {
    // A highlight may name a rule no match lists (an older file): it is labelled by its id.
    const labels = new Map(ruleLabels);
    for (const rule of highlighted) if (!labels.has(rule)) labels.set(rule, rule);
    return { labels, classes: ruleClasses(labels.keys()) };
  }
  return {
    add(item) {
      ids.push(item.id);
      facets.push(facetsOf(item, []));
      outlets.set(item.source.id, item.source.name);
      for (const m of item.matches) {
        ruleTokens.set(facetToken(m.rule), m.label || m.rule);
        ruleLabels.set(m.rule, m.label || m.rule);
      }
      for (const e of item.excerpts) for (const h of e.highlights) highlighted.add(h[2]);
    },
    style,
    finish(stories) {
      const membership = storiesByItem(stories);
      const storiesOf = new Map<string, string[]>();
      ids.forEach((id, i) => {
        const tokens = (membership.get(id) ?? []).map(facetToken);
        storiesOf.set(id, tokens);
        (facets[i] as ItemFacets).stories = tokens;
      });
      return {
        facets,
        labels: { outlets, rules: ruleTokens },
        style: style(),
        storiesOf,
      };
    },
  };
}
