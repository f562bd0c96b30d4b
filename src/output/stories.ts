// Reads the `stories` section of candidates.json (src/stories owns its shape, types.ts `Story`). Two readers:
// `asStories` accepts the list only when every entry has the full Story shape (then the stories feature's own
// view and markdown are used); `readStories` takes just what grouping and the story filter need and tolerates
// the rest ({id, title|label, items|itemIds (ids or {id}), omissions (strings or {sentence})}), so an older or
// partial file still filters.

import type { Story } from '../stories/index.js';

export interface StoryRef {
  id: string;
  label: string;
  itemIds: string[];
  /** Draft comment lines (e.g. the omission lines); empty when the story carries none. */
  notes: string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function firstString(o: Obj, keys: string[]): string | undefined {
  for (const key of keys) {
    const v = o[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
}

function stringsOf(v: unknown, keys: string[]): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => (typeof x === 'string' ? [x] : isObj(x) && firstString(x, keys) ? [firstString(x, keys) as string] : []));
}

/** Unknown input in, well-formed stories out; entries without an id or without items are dropped. */
export function readStories(stories: unknown[] | undefined): StoryRef[] {
  const out: StoryRef[] = [];
  for (const s of stories ?? []) {
    if (!isObj(s)) continue;
    const id = firstString(s, ['id']);
    if (id === undefined) continue;
    const members = s.itemIds ?? s.items ?? s.members;
    const itemIds = stringsOf(members, ['id', 'itemId']);
    if (itemIds.length === 0) continue;
    const label = firstString(s, ['title', 'label', 'headline']) ?? id;
    out.push({ id, label, itemIds, notes: stringsOf(s.omissions, ['sentence', 'text']) });
  }
  return out;
}

/** item id → ids of the stories it belongs to. */
export function storiesByItem(stories: readonly StoryRef[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const story of stories) {
    for (const itemId of story.itemIds) map.set(itemId, [...(map.get(itemId) ?? []), story.id]);
  }
  return map;
}

const isStrArr = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isMember(m: unknown): boolean {
  return isObj(m) && typeof m.id === 'string' && typeof m.url === 'string' && typeof m.title === 'string' && isObj(m.join);
}

function isStory(s: unknown): s is Story {
  return (
    isObj(s) &&
    typeof s.id === 'string' &&
    typeof s.title === 'string' &&
    typeof s.firstAt === 'string' &&
    typeof s.lastAt === 'string' &&
    Array.isArray(s.items) &&
    s.items.every(isMember) &&
    Array.isArray(s.outlets) &&
    s.outlets.every((o) => isObj(o) && typeof o.outlet === 'string' && isStrArr(o.langs)) &&
    Array.isArray(s.matrix) &&
    Array.isArray(s.omissions) &&
    Array.isArray(s.twins)
  );
}

/** The list as `Story[]` when every entry has the Story shape; undefined otherwise (or when absent). */
export function asStories(stories: unknown[] | undefined): Story[] | undefined {
  return stories?.every(isStory) ? stories : undefined;
}

/** Stories restricted to the selected items (coverage, matrix and omissions stay the story's own facts). */
export function restrictStories(stories: readonly Story[], ids: ReadonlySet<string>): Story[] {
  return stories.flatMap((s) => {
    const items = s.items.filter((m) => ids.has(m.id));
    return items.length === 0 ? [] : [{ ...s, items }];
  });
}
