// The explicit adapter registry: one import per site (no directory scanning), generic last as the fallback.
// Each key is its adapter's own `id` (the registry test checks it).
// A source names its adapter in sources.json; `extract FILE|URL` without --source picks one by host.
import type { SiteAdapter } from './adapter.js';
import { tass } from './tass.js';
import { tassRu } from './tass-ru.js';
import { globaltimes } from './globaltimes.js';
import { peopleEn } from './people-en.js';
import { peopleZh } from './people-zh.js';
import { mid } from './mid.js';
import { generic } from './generic.js';

/** The one list of adapters, keyed by id: sources.json is validated against it, the id type is derived from it,
 *  and the golden test walks every version of every adapter in it. Generic last, the fallback. */
export const ADAPTERS = { tass, 'tass-ru': tassRu, globaltimes, 'people-en': peopleEn, 'people-zh': peopleZh, mid, generic } as const;

export type AdapterId = keyof typeof ADAPTERS;

export const registry: readonly SiteAdapter[] = Object.values(ADAPTERS);

export const ADAPTER_IDS = Object.keys(ADAPTERS) as AdapterId[];

export function isAdapterId(id: string): id is AdapterId {
  return Object.hasOwn(ADAPTERS, id);
}

export { generic };

/** The adapter for a host: the longest listed host that is the host or a parent domain of it (so en.people.cn
 *  goes to people-en, not to people-zh's people.cn); generic when none claims it. */
export function adapterForHost(host: string, adapters: readonly SiteAdapter[] = registry): SiteAdapter {
  const h = host.toLowerCase().replace(/^www\./, '');
  let best: { adapter: SiteAdapter; len: number } | undefined;
  for (const a of adapters) {
    for (const x of a.hosts) {
      const hx = x.toLowerCase().replace(/^www\./, '');
      if ((h === hx || h.endsWith(`.${hx}`)) && hx.length > (best?.len ?? 0)) best = { adapter: a, len: hx.length };
    }
  }
  return best?.adapter ?? generic;
}

export function adapterById(id: string, adapters: readonly SiteAdapter[] = registry): SiteAdapter | undefined {
  return adapters.find((a) => a.id === id);
}
