// The explicit adapter registry: one import per site (no directory scanning), generic last as the fallback.
// A source names its adapter in sources.json; `extract FILE|URL` without --source picks one by host.
import type { SiteAdapter } from './adapter.js';
import { tass } from './tass.js';
import { tassRu } from './tass-ru.js';
import { globaltimes } from './globaltimes.js';
import { peopleEn } from './people-en.js';
import { peopleZh } from './people-zh.js';
import { mid } from './mid.js';
import { generic } from './generic.js';

export const registry: readonly SiteAdapter[] = [tass, tassRu, globaltimes, peopleEn, peopleZh, mid, generic];

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
