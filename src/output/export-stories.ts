// Reads the `stories` section of candidates.json for grouping (review page, `export --format md --group-by story`).
// The stories feature owns that shape; this reader takes only what grouping needs and tolerates the rest, so a
// field added there never breaks the review page. Accepted: {id, title|label|headline, itemIds|items|members
// (ids or {id}), omissions? (strings or {text}|{line})}.

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
    out.push({ id, label, itemIds, notes: stringsOf(s.omissions, ['text', 'line', 'message']) });
  }
  return out;
}

/** item id → ids of the stories it belongs to. */
export function storiesByItem(stories: StoryRef[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const story of stories) {
    for (const itemId of story.itemIds) map.set(itemId, [...(map.get(itemId) ?? []), story.id]);
  }
  return map;
}
