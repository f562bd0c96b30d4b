// The shape of a site adapter: mostly data (selectors) plus small functions, one file per site,
// with a dated version added when a layout changes (as fundus versions its publishers).
import type { CheerioAPI } from 'cheerio/slim';
import type { ExtractedPage, PageContext } from '../types.js';

/** What a version extracts; `adapter` and `confidence` are filled in by the engine. */
export type AdapterResult = Omit<ExtractedPage, 'adapter' | 'confidence' | 'fallbackReason'>;

export interface AdapterVersion {
  /** Date-stamped name: the layout's first year seen, e.g. '2019', '2022'. Shown as `tass@2019`. */
  name: string;
  /** Cheap check that this layout is the one on the page (an anchor class, a meta). */
  detect($: CheerioAPI): boolean;
  /** Throws SelectorMissError when a required selector does not match exactly once. */
  extract($: CheerioAPI, ctx: PageContext): AdapterResult;
}

export interface SiteAdapter {
  /** Its key in the registry (src/adapters/index.ts), named by sources.json `adapter`. */
  id: string;
  /** Hosts this adapter is chosen for when no source names it (extract FILE|URL). */
  hosts: readonly string[];
  /** Newest first. */
  versions: readonly AdapterVersion[];
}
