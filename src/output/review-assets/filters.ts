// The filter bar: one <select> per facet with a count per option (items matching that option), a date range and
// a text search. The client recomputes the counts against the other active filters; the server writes the
// initial counts so the page reads right before any script runs.

import type { StoryRef } from '../stories.js';
import { escapeHtml } from './escape.js';
import { facetToken, type ItemFacets } from './item.js';

export type FacetKey = 'outlet' | 'rule' | 'lang' | 'status' | 'decision' | 'story';

interface FacetOption {
  value: string;
  label: string;
  count: number;
}

const FACET_TITLES: Record<FacetKey, string> = {
  outlet: 'Outlet',
  rule: 'Rule',
  lang: 'Language',
  status: 'Status',
  decision: 'Decision',
  story: 'Story',
};
const LANG_LABELS: Record<string, string> = { en: 'English', ru: 'Русский', zh: '中文' };
const STATUS_ORDER = ['new', 'updated', 'seen'];
const DECISION_ORDER = ['none', 'keep', 'quoted', 'discard'];
const DECISION_LABELS: Record<string, string> = { none: 'undecided', keep: 'kept', quoted: 'quoted', discard: 'discarded' };

function valuesOf(key: FacetKey, f: ItemFacets): string[] {
  switch (key) {
    case 'outlet':
      return [f.outlet];
    case 'rule':
      return f.rules;
    case 'lang':
      return [f.lang];
    case 'status':
      return [f.status];
    case 'decision':
      return [f.decision];
    case 'story':
      return f.stories;
  }
}

function countBy(key: FacetKey, facets: readonly ItemFacets[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of facets) for (const v of valuesOf(key, f)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Display names the filter bar needs, gathered while the items stream past (review-assets/desk-index.ts). */
export interface FacetLabels {
  /** source id → outlet name */
  outlets: ReadonlyMap<string, string>;
  /** rule facet token → rule label */
  rules: ReadonlyMap<string, string>;
}

function labelsFor(key: FacetKey, names: FacetLabels, stories: readonly StoryRef[]): Map<string, string> {
  const labels = new Map<string, string>();
  if (key === 'outlet') for (const [v, l] of names.outlets) labels.set(v, l);
  if (key === 'rule') for (const [v, l] of names.rules) labels.set(v, l);
  if (key === 'lang') for (const [v, l] of Object.entries(LANG_LABELS)) labels.set(v, l);
  if (key === 'decision') for (const [v, l] of Object.entries(DECISION_LABELS)) labels.set(v, l);
  if (key === 'story') for (const s of stories) labels.set(facetToken(s.id), s.label);
  return labels;
}

function orderFor(key: FacetKey, values: string[], labels: Map<string, string>): string[] {
  const fixed = key === 'status' ? STATUS_ORDER : key === 'decision' ? DECISION_ORDER : undefined;
  if (fixed) return [...fixed.filter((v) => values.includes(v)), ...values.filter((v) => !fixed.includes(v)).sort()];
  return [...values].sort((a, b) => (labels.get(a) ?? a).localeCompare(labels.get(b) ?? b, 'en'));
}

function facetOptions(key: FacetKey, names: FacetLabels, facets: readonly ItemFacets[], stories: readonly StoryRef[]): FacetOption[] {
  const counts = countBy(key, facets);
  const labels = labelsFor(key, names, stories);
  const values = key === 'decision' ? [...new Set([...DECISION_ORDER, ...counts.keys()])] : [...counts.keys()];
  return orderFor(key, values, labels).map((value) => ({ value, label: labels.get(value) ?? value, count: counts.get(value) ?? 0 }));
}

function selectHtml(key: FacetKey, options: FacetOption[], total: number): string {
  const opts = options.map(
    (o) => `<option value="${escapeHtml(o.value)}" data-label="${escapeHtml(o.label)}">${escapeHtml(o.label)} (${o.count})</option>`,
  );
  return (
    `<label class="filter">${FACET_TITLES[key]} <select id="f-${key}" data-facet="${key}">` +
    `<option value="" data-label="all">all (${total})</option>${opts.join('')}</select></label>`
  );
}

/** The whole filter bar; the story select appears only when the report carries stories. */
export function filtersHtml(names: FacetLabels, facets: readonly ItemFacets[], stories: readonly StoryRef[]): string {
  const keys: FacetKey[] = ['outlet', 'rule', 'lang', 'status', 'decision'];
  if (stories.length > 0) keys.push('story');
  const selects = keys.map((k) => selectHtml(k, facetOptions(k, names, facets, stories), facets.length));
  return (
    '<form class="filters" id="filters" role="search" autocomplete="off">' +
    selects.join('') +
    '<label class="filter">From (UTC) <input type="date" id="f-from" data-facet="from"></label>' +
    '<label class="filter">To (UTC) <input type="date" id="f-to" data-facet="to"></label>' +
    '<label class="filter search">Search <input type="search" id="f-q" data-facet="q" placeholder="words in headline or excerpt"></label>' +
    '<label class="filter">Sort <select id="f-sort" data-facet="sort">' +
    '<option value="">newest first</option><option value="score">most relevant</option></select></label>' +
    '<button type="button" id="f-clear">Clear</button>' +
    '</form>'
  );
}
