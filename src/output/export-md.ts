// `export --format md`: the newsletter's draft. Items grouped by outlet, rule or story, each as the quote of
// quote.ts followed by an empty "Comment: " line for the editor (or the comment they left in review.html).
// Order is deterministic: groups by heading, items by publishedAt then id.

import type { Candidate } from '../types.js';
import { chronological } from './export-order.js';
import type { ExportDecision } from './export-types.js';
import { readStories } from './export-stories.js';
import { escapeMarkdown, formatQuote } from './quote.js';

export type GroupBy = 'outlet' | 'rule' | 'story';

interface Group {
  heading: string;
  notes: string[];
  items: Candidate[];
}

const OTHER_STORIES_HEADING = 'Other items';
const COMMENT_PREFIX = 'Comment: ';

function pushTo(groups: Map<string, Group>, key: string, heading: string, item: Candidate): void {
  const group = groups.get(key) ?? { heading, notes: [], items: [] };
  group.items.push(item);
  groups.set(key, group);
}

function sortedGroups(groups: Map<string, Group>): Group[] {
  return [...groups.values()].sort((a, b) => a.heading.localeCompare(b.heading, 'en') || (a.heading < b.heading ? -1 : 1));
}

function storyGroups(items: Candidate[], stories: unknown[] | undefined): Group[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const placed = new Set<string>();
  const groups: Group[] = [];
  for (const story of readStories(stories)) {
    const members = story.itemIds.flatMap((id) => (byId.has(id) ? [byId.get(id) as Candidate] : []));
    if (members.length === 0) continue;
    members.forEach((m) => placed.add(m.id));
    groups.push({ heading: story.label, notes: story.notes, items: members });
  }
  groups.sort((a, b) => a.heading.localeCompare(b.heading, 'en'));
  const rest = items.filter((i) => !placed.has(i.id));
  if (rest.length > 0) groups.push({ heading: OTHER_STORIES_HEADING, notes: [], items: rest });
  return groups;
}

/** Groups in heading order; an item with several rules appears under each of them. */
export function groupItems(items: Candidate[], groupBy: GroupBy, stories?: unknown[]): Group[] {
  if (groupBy === 'story') return storyGroups(items, stories);
  const groups = new Map<string, Group>();
  for (const item of items) {
    if (groupBy === 'outlet') pushTo(groups, item.source.id, item.source.name, item);
    else for (const m of item.matches) pushTo(groups, m.rule, m.label || m.rule, item);
  }
  return sortedGroups(groups);
}

function itemBlock(item: Candidate, decisions: Map<string, ExportDecision> | undefined): string[] {
  const comment = decisions?.get(item.id)?.comment?.replace(/\s+/g, ' ').trim() ?? '';
  return [formatQuote(item), '', `${COMMENT_PREFIX}${comment}`, ''];
}

export function renderMarkdown(
  items: Candidate[],
  opts: { groupBy?: GroupBy; generatedAt: string; stories?: unknown[]; decisions?: Map<string, ExportDecision> },
): string {
  const lines = [`# Flagged items, ${escapeMarkdown(opts.generatedAt)}`, ''];
  for (const group of groupItems(chronological(items), opts.groupBy ?? 'outlet', opts.stories)) {
    lines.push(`## ${escapeMarkdown(group.heading)}`, '');
    for (const note of group.notes) lines.push(`${COMMENT_PREFIX}${note.replace(/\s+/g, ' ').trim()}`, '');
    for (const item of chronological(group.items)) lines.push(...itemBlock(item, opts.decisions));
  }
  return lines.join('\n');
}
