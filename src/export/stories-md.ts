// `export --format md`, grouped by story: a heading per story, the coverage line, each member in the
// newsletter's quote format (src/output/quote.ts) followed by a "Comment: " line (the editor's comment from
// review, else empty for the editor to fill), and the story's omissions as draft comments. Members in time order;
// stories in the order given (newest first).

import type { Candidate } from '../types.js';
import type { Story, StoryMember } from '../stories/types.js';
import { escapeMarkdown, formatQuote } from '../output/quote.js';
import { utcStamp } from '../output/order.js';
import type { ExportDecision } from './types.js';

export const COMMENT_PREFIX = 'Comment: ';
export const DRAFT_COMMENT_PREFIX = 'Comment (draft): ';
const HEADING = '## ';

export function coverageLine(story: Story): string {
  const outlets = story.outlets.map((o) => `${escapeMarkdown(o.name)} (first ${utcStamp(o.firstAt)})`);
  const langs = [...new Set(story.outlets.flatMap((o) => o.langs))].sort();
  const count = story.items.length;
  return `Coverage: ${outlets.join(', ')}; ${count} item${count === 1 ? '' : 's'} in ${langs.join('/')}`;
}

/** The editors' decisions by item id, for their comments. */
type Decisions = ReadonlyMap<string, ExportDecision>;

/** "Comment: " and the editor's comment from review on one line, or nothing after it for the editor to fill. */
export function commentLine(id: string, decisions: Decisions | undefined): string {
  return `${COMMENT_PREFIX}${decisions?.get(id)?.comment?.replace(/\s+/g, ' ').trim() ?? ''}`;
}

function memberBlock(member: StoryMember, outletName: string, item: Candidate | undefined, decisions: Decisions | undefined): string {
  const quoted = item ?? { title: member.title, url: member.url, excerpts: [] };
  // The blank line keeps "Comment:" out of the blockquote (a line right after "> …" continues the quote).
  return [formatQuote({ ...quoted, source: { id: member.source, name: outletName } }), '', commentLine(member.id, decisions)].join('\n');
}

export function storyMarkdown(story: Story, byId: ReadonlyMap<string, Candidate>, decisions?: Decisions): string {
  const names = new Map(story.outlets.map((o) => [o.outlet, o.name]));
  const blocks = [`${HEADING}${escapeMarkdown(story.title) || '(untitled)'}`, coverageLine(story)];
  for (const m of story.items) blocks.push(memberBlock(m, names.get(m.outlet) ?? m.source, byId.get(m.id), decisions));
  for (const o of story.omissions) blocks.push(`${DRAFT_COMMENT_PREFIX}${o.sentence}`);
  return blocks.join('\n\n');
}

/** The whole export: stories separated by blank lines, ending with one newline ("" for no stories). */
export function storiesMarkdown(stories: readonly Story[], items: readonly Candidate[], decisions?: Decisions): string {
  const byId = new Map(items.map((c) => [c.id, c]));
  return stories.length === 0 ? '' : `${stories.map((s) => storyMarkdown(s, byId, decisions)).join('\n\n')}\n`;
}
