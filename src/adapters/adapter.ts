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
  /**
   * The elements whose subtrees hold everything detect and extract read: the leftmost compound of every selector
   * they use (src/extract/scoped.ts parses only these, the shell, and the JSON-LD, meta, link and title elements
   * every page keeps). Absent: the version reads outside such roots (a sibling, an ancestor, a head script), so its
   * adapter's pages are parsed whole.
   */
  scope?: readonly string[];
  /**
   * Elements kept with their attributes but not their content, like html, head and body: for a version that reads
   * whether a container is on the page, or what lies inside it (`#app .x` roots .x, not #app), without the
   * container's whole subtree. Each is one compound ('#__next', 'a'), not p or br alone.
   */
  frames?: readonly string[];
}

/** The shown time of a listing item: the texts of `selectors` (each exactly once in the item) → ISO or a date. */
export interface ListingTime {
  selectors: readonly string[];
  parse(texts: string[], ctx: { timeZone: string; now: Date }): string | undefined;
}

/**
 * How a section or listing page names its stories (src/discover/listing.ts applies it). Every selector is
 * relative to one item and must match exactly once there; a page where `item` matches nothing is a miss.
 */
export interface ListingRules {
  /** Date-stamped like a layout version: the listing layout's first year seen. */
  name: string;
  item: string;
  /** The story's <a href>. */
  link: string;
  /** The headline when it is not the link's own text. */
  title?: string;
  time?: ListingTime;
  /** Article URLs only: a link elsewhere (a section, an ad) in an item block is a miss, not a story. */
  articleUrl: RegExp;
  /** A date the article URL carries (/n3/2026/1120/…), used when the listing shows no time. */
  dateFromUrl?: (url: string) => string | undefined;
}

export interface SiteAdapter {
  /** Its key in the registry (src/adapters/index.ts), named by sources.json `adapter`. */
  id: string;
  /** Hosts this adapter is chosen for when no source names it (extract FILE|URL). */
  hosts: readonly string[];
  /** Newest first. */
  versions: readonly AdapterVersion[];
  /** Listing-page layouts, newest first; absent when the site is not read through listings. */
  listings?: readonly ListingRules[];
}
