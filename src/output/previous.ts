// The last generation's stories, read back from candidates.json for one purpose: story ids that stay stable as
// items join (stories/ids.ts needs each story's id and its members' ids, nothing else). The file is hundreds of
// MB at a month of items and its stories section tens of MB, so it is never read or parsed whole: the stories
// key is found by reading backwards from the end, then the section is read forwards one story at a time and
// only the ids are kept. Guarantee: the same ids as a full JSON.parse of the file (a section that does not have
// the layout we write falls back to parsing the section whole); none when the file is missing or unreadable.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { PreviousStory } from '../stories/index.js';

/** Bytes read per step, both when looking for the stories key and when reading the section. */
export const PREVIOUS_DEFAULTS = { chunkBytes: 1 << 20 } as const;

/** Where the stories section starts: the top-level key, the only line that starts with exactly two spaces and
 *  `"stories"` (nested lines are indented deeper, and JSON strings hold no newline). */
const STORIES_KEY = Buffer.from('\n  "stories": ');
/** The end of one story: the array's elements are objects at depth 2, and only their closing brace sits on a
 *  line of exactly four spaces (deeper lines are indented further). */
const STORY_END = Buffer.from('\n    }');
/** What may follow the last story (or stand alone for an empty list) in a file we wrote. */
const SECTION_TAIL = /^\s*\]\s*\}\s*$/;
const EMPTY_SECTION = /^\s*\[\s*\]\s*\}\s*$/;

/** Stories of the candidates.json at `path` as ids only; undefined if there is none or it cannot be read. */
export function previousStories(path: string, chunkBytes: number = PREVIOUS_DEFAULTS.chunkBytes): PreviousStory[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const at = findBackwards(fd, size, STORIES_KEY, chunkBytes);
    if (at < 0) return undefined;
    const start = at + STORIES_KEY.length;
    return storyByStory(fd, start, size, chunkBytes) ?? wholeSection(fd, start, size);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, start: number, end: number): Buffer {
  const out = Buffer.alloc(end - start);
  let done = 0;
  while (done < out.length) {
    const n = readSync(fd, out, done, out.length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}

/** Offset of the last occurrence of `needle`, reading chunk by chunk from the end (each chunk overlapping the
 *  next by the needle's length less one, so one that straddles two chunks is found); -1 if absent. */
function findBackwards(fd: number, size: number, needle: Buffer, chunkBytes: number): number {
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunkBytes);
    const chunk = readAt(fd, start, Math.min(size, end + needle.length - 1));
    const found = chunk.lastIndexOf(needle);
    if (found >= 0) return start + found;
    end = start;
  }
  return -1;
}

/** The section read forwards, one story parsed at a time; undefined when it does not have our layout. */
function storyByStory(fd: number, start: number, size: number, chunkBytes: number): PreviousStory[] | undefined {
  const out: PreviousStory[] = [];
  let pending = Buffer.alloc(0);
  let searchFrom = 0;
  for (let offset = start; ; ) {
    const end = pending.indexOf(STORY_END, searchFrom);
    if (end >= 0) {
      const text = pending.subarray(0, end + STORY_END.length).toString('utf8');
      const brace = text.indexOf('{');
      if (brace < 0 || !/^\s*[[,]\s*$/.test(text.slice(0, brace))) return undefined;
      const story = idsOf(JSON.parse(text.slice(brace)));
      if (story === undefined) return undefined;
      out.push(story);
      pending = pending.subarray(end + STORY_END.length);
      searchFrom = 0;
      continue;
    }
    if (offset >= size) break;
    const next = Math.min(size, offset + chunkBytes);
    // Search again only where a story end can newly appear: the new bytes and the overlap before them.
    searchFrom = Math.max(0, pending.length - STORY_END.length + 1);
    pending = Buffer.concat([pending, readAt(fd, offset, next)]);
    offset = next;
  }
  const rest = pending.toString('utf8');
  return (out.length > 0 ? SECTION_TAIL : EMPTY_SECTION).test(rest) ? out : undefined;
}

/** The section parsed whole: a file whose layout we do not recognise line by line, still valid JSON. */
function wholeSection(fd: number, start: number, size: number): PreviousStory[] | undefined {
  const doc = JSON.parse(`{"stories": ${readAt(fd, start, size).toString('utf8')}`) as { stories?: unknown };
  if (!Array.isArray(doc.stories)) return undefined;
  const out: PreviousStory[] = [];
  for (const s of doc.stories) {
    const story = idsOf(s);
    if (story === undefined) return undefined;
    out.push(story);
  }
  return out;
}

/** A story's id and member ids, or undefined when it is not shaped as one (then nothing is carried over). */
function idsOf(value: unknown): PreviousStory | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, items } = value as { id?: unknown; items?: unknown };
  if (typeof id !== 'string' || !Array.isArray(items)) return undefined;
  const members: { id: string }[] = [];
  for (const m of items) {
    const memberId = (m as { id?: unknown } | null)?.id;
    if (typeof memberId !== 'string') return undefined;
    members.push({ id: memberId });
  }
  return { id, items: members };
}
