// `export --format md`, grouped by story: a heading per story, the coverage line, each member in the
// newsletter's quote format (src/output/quote.ts) followed by an empty "Comment: " line for the editor, and the
// story's omissions as draft comments. Members in time order; stories in the order given (newest first).

import type { Candidate } from '../types.js';
import type { Story, StoryMember } from '../stories/types.js';
import { escapeMarkdown, formatQuote } from '../output/quote.js';
import { utcStamp } from '../output/order.js';

export const COMMENT_PREFIX = 'Comment: ';
export const DRAFT_COMMENT_PREFIX = 'Comment (draft): ';
const HEADING = '## ';

export function coverageLine(story: Story): string {
  const outlets = story.outlets.map((o) => `${escapeMarkdown(o.name)} (first ${utcStamp(o.firstAt)})`);
  const langs = [...new Set(story.outlets.flatMap((o) => o.langs))].sort();
  const count = story.items.length;
  return `Coverage: ${outlets.join(', ')}; ${count} item${count === 1 ? '' : 's'} in ${langs.join('/')}`;
}

function memberBlock(member: StoryMember, outletName: string, item: Candidate | undefined): string {
  const quoted = item ?? { title: member.title, url: member.url, excerpts: [] };
  // The blank line keeps "Comment:" out of the blockquote (a line right after "> …" continues the quote).
  return [formatQuote({ ...quoted, source: { id: member.source, name: outletName } }), '', COMMENT_PREFIX].join('\n');
}

export function storyMarkdown(story: Story, byId: ReadonlyMap<string, Candidate>): string {
  const names = new Map(story.outlets.map((o) => [o.outlet, o.name]));
  const blocks = [`${HEADING}${escapeMarkdown(story.title) || '(untitled)'}`, coverageLine(story)];
  for (const m of story.items) blocks.push(memberBlock(m, names.get(m.outlet) ?? m.source, byId.get(m.id)));
  for (const o of story.omissions) blocks.push(`${DRAFT_COMMENT_PREFIX}${o.sentence}`);
  return blocks.join('\n\n');
}

/** The whole export: stories separated by blank lines, ending with one newline ("" for no stories). */
export function storiesMarkdown(stories: readonly Story[], items: readonly Candidate[]): string {
  const byId = new Map(items.map((c) => [c.id, c]));
  return stories.length === 0 ? '' : `${stories.map((s) => storyMarkdown(s, byId)).join('\n\n')}\n`;
}
