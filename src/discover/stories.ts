// One item per story across a source's channels. Guarantees: within a run a story listed by two channels (the
// same id, or the same URL under another id) is processed once, by the first channel that lists it (inside one
// feed, two items with one link and two guids stay two items, as the identity rules say); across
// runs a story stored under one identity (a feed's guid) keeps that id when another channel lists only its URL.
import type { FeedItem } from '../types.js';
import { urlKey } from '../identity.js';

export interface StoryLookup {
  item(id: string): unknown;
  itemIdByUrl(sourceId: string, url: string): string | undefined;
}

/** Ids as the identity rules give them, replaced by the stored item's id when only the URL is known. */
export function storyIds(store: StoryLookup, sourceId: string, items: readonly FeedItem[], ids: readonly string[]): string[] {
  return items.map((item, i) => {
    const id = ids[i] as string;
    if (store.item(id) || !item.link) return id;
    return store.itemIdByUrl(sourceId, item.link) ?? id;
  });
}

/** The stories a source has processed this run, by id and by URL key. */
export class StoriesSeen {
  private readonly ids = new Set<string>();
  /** URL key → the channel (index) that claimed it. */
  private readonly urls = new Map<string, number>();

  /** True for the first listing of the story; false when it was claimed before under its id, or by an earlier
   *  channel under its URL. */
  claim(id: string, link: string | undefined, channel: number): boolean {
    const key = link ? safeKey(link) : undefined;
    const urlOwner = key === undefined ? undefined : this.urls.get(key);
    if (this.ids.has(id) || (urlOwner !== undefined && urlOwner !== channel)) return false;
    this.ids.add(id);
    if (key !== undefined && urlOwner === undefined) this.urls.set(key, channel);
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}

function safeKey(link: string): string | undefined {
  try {
    return urlKey(link);
  } catch {
    return undefined;
  }
}
