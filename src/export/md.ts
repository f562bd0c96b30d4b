// `export --format md`: the newsletter's draft. Items grouped by outlet, rule or story, each as the quote of
// quote.ts followed by a "Comment: " line: the comment the editor left in review.html, else empty to fill.
// Order is deterministic: groups by heading, items by publishedAt then id. Grouping by story uses the stories
// feature's draft (src/export/stories-md.ts) when candidates.json carries full stories, else a plain grouping.

import type { Candidate } from '../types.js';
import type { Story } from '../stories/index.js';
import { chronological, utcDateTime } from '../output/order.js';
import type { ExportDecision } from './types.js';
import { COMMENT_PREFIX, commentLine, storiesMarkdown } from './stories-md.js';
import { asStories, readStories, restrictStories } from '../output/stories.js';
import { escapeMarkdown, formatQuote } from '../output/quote.js';

export type GroupBy = 'outlet' | 'rule' | 'story';

interface Group {
  heading: string;
  notes: string[];
  items: Candidate[];
}

const OTHER_STORIES_HEADING = 'Other items';

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
    // One heading per outlet: both editions of TASS are one "## TASS" (an item stored before outlets existed
    // falls back to its source's name, which is the outlet's in the shipped sources.json).
    if (groupBy === 'outlet') pushTo(groups, item.source.outlet ?? item.source.name, item.source.outlet ?? item.source.name, item);
    else for (const m of item.matches) pushTo(groups, m.rule, m.label || m.rule, item);
  }
  return sortedGroups(groups);
}

function itemBlock(item: Candidate, decisions: Map<string, ExportDecision> | undefined): string[] {
  return [formatQuote(item), '', commentLine(item.id, decisions), ''];
}

type MdOptions = { groupBy?: GroupBy; generatedAt: string; stories?: unknown[]; decisions?: Map<string, ExportDecision> };

/** The crawl's time as the editor reads it; candidates.json keeps the ISO string for programs. */
function title(opts: MdOptions): string[] {
  return [`# Flagged items, ${escapeMarkdown(utcDateTime(opts.generatedAt))}`, ''];
}

/** By story with the stories feature's own draft (coverage line, members, omissions as draft comments); items
 * no story lists (a candidates.json from another generation) follow under "Other items". */
function storyDraft(items: Candidate[], stories: Story[], opts: MdOptions): string {
  const ids = new Set(items.map((i) => i.id));
  const kept = restrictStories(stories, ids);
  const listed = new Set(kept.flatMap((s) => s.items.map((m) => m.id)));
  const rest = chronological(items.filter((i) => !listed.has(i.id)));
  const lines = [...title(opts), storiesMarkdown(kept, items, opts.decisions)];
  if (rest.length > 0) {
    lines.push(`## ${OTHER_STORIES_HEADING}`, '');
    for (const item of rest) lines.push(...itemBlock(item, opts.decisions));
  }
  return lines.join('\n');
}

export function renderMarkdown(items: Candidate[], opts: MdOptions): string {
  const stories = opts.groupBy === 'story' ? asStories(opts.stories) : undefined;
  if (stories !== undefined) return storyDraft(items, stories, opts);
  const lines = title(opts);
  for (const group of groupItems(chronological(items), opts.groupBy ?? 'outlet', opts.stories)) {
    lines.push(`## ${escapeMarkdown(group.heading)}`, '');
    for (const note of group.notes) lines.push(`${COMMENT_PREFIX}${note.replace(/\s+/g, ' ').trim()}`, '');
    for (const item of chronological(group.items)) lines.push(...itemBlock(item, opts.decisions));
  }
  return lines.join('\n');
}
