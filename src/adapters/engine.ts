// Runs a site adapter on a page: the first version whose layout is detected extracts it. When no version
// is detected, or a required selector misses, the generic extractor takes over with confidence "low" and
// the reason is kept, so a layout change shows in the run report on the first run after it.
import type { CheerioAPI } from 'cheerio/slim';
import { loadBoundedHtml, type BoundedHtml } from '../extract/bounds.js';
import type { BoundedView } from '../extract/byte-view.js';
import type { ExtractedPage, PageContext } from '../types.js';
import { CrawlError, NoBodyError, SelectorMissError, errorMessage, type CodedReason } from '../errors.js';
import type { SiteAdapter } from './adapter.js';
import { SCOPE_ALWAYS, compileScope, type Scope } from '../extract/scope-compile.js';
import { parseScoped } from '../extract/scoped.js';

export function parseHtml(html: string): CheerioAPI {
  return loadBoundedHtml(html);
}

/** The first detected version's page, or why there is none: no version detected, or a required selector missed.
 *  Any other error of a version propagates. One place for both parses (extractWith, extractScoped). */
function versionPage(adapter: SiteAdapter, $: CheerioAPI, ctx: PageContext): { page: ExtractedPage } | { reason: CodedReason } {
  const version = adapter.versions.find((v) => v.detect($));
  if (!version) {
    const names = adapter.versions.map((v) => v.name).join(', ');
    return { reason: { code: 'SELECTOR_MISS', message: `${adapter.id}: no known layout version detected (${names}) at ${ctx.url}` } };
  }
  try {
    const r = version.extract($, ctx);
    return { page: { ...r, lang: r.lang ?? ctx.lang, adapter: `${adapter.id}@${version.name}`, confidence: 'high' } };
  } catch (e) {
    if (!(e instanceof SelectorMissError)) throw e;
    return { reason: { code: e.code, message: e.message } };
  }
}

export function extractWith(adapter: SiteAdapter, $: CheerioAPI, ctx: PageContext, generic: SiteAdapter): ExtractedPage {
  let reason: CodedReason | undefined;
  if (adapter.id !== 'generic') {
    const found = versionPage(adapter, $, ctx);
    if ('page' in found) return found.page;
    reason = found.reason;
  }
  const g = generic.versions[0];
  if (!g) throw new CrawlError('internal_error', 'generic adapter has no version', { disposition: 'stop' });
  try {
    const r = g.extract($, ctx);
    const confidence = reason ? 'low' : r.paragraphs.length > 0 ? 'high' : 'low';
    return { ...r, lang: r.lang ?? ctx.lang, adapter: `generic@${g.name}`, confidence, fallbackReason: reason };
  } catch (e) {
    const message = `no article found at ${ctx.url}: ${errorMessage(e)}${reason ? `; after ${reason.message}` : ''}`;
    if (e instanceof NoBodyError)
      throw new NoBodyError(message, { url: ctx.url, cause: e, ...(e.publishedAt ? { publishedAt: e.publishedAt } : {}) });
    throw new CrawlError('extract_error', message, { disposition: 'skip', url: ctx.url, cause: e });
  }
}

const scopes = new WeakMap<SiteAdapter, Scope | null>();

/** The adapter's union of its versions' scopes, or null when one version has none (or it is generic). */
export function adapterScope(adapter: SiteAdapter): Scope | null {
  let scope = scopes.get(adapter);
  if (scope === undefined) {
    const declared = adapter.versions.map((v) => v.scope);
    scope =
      adapter.id === 'generic' || declared.some((s) => s === undefined)
        ? null
        : compileScope(
            [...SCOPE_ALWAYS, ...(declared.flat() as string[])],
            adapter.versions.flatMap((v) => v.frames ?? []),
          );
    scopes.set(adapter, scope);
  }
  return scope;
}

/** Whether the adapter's pages are parsed in part (every version declares a scope). */
export function isScoped(adapter: SiteAdapter): boolean {
  return adapterScope(adapter) !== null;
}

/**
 * The adapter's page from a scoped DOM (only the subtrees its versions read), or undefined when the page must be
 * parsed whole: the adapter declares no scope, the page is too deep to scope, no version is detected, or a
 * version throws. Then extractWith on the whole page gives today's answer (generic fallback included), so a
 * scoped page can only differ from a whole one where a version reads outside its scope.
 */
export function extractScoped(adapter: SiteAdapter, bounded: BoundedHtml, ctx: PageContext): ExtractedPage | undefined {
  const found = scopedPage(adapter, bounded, ctx);
  return found === 'none' ? undefined : found;
}

/**
 * extractScoped on a page read from its bytes (src/extract/byte-view.ts), telling apart why there is no page: 'none'
 * when the scoped DOM was built and no version gave a page (the text's scoped DOM is the same DOM, so only the whole
 * parse is left), undefined when there is no scoped DOM (the plan could not follow the bytes, or the page is too deep).
 */
export function extractScopedView(adapter: SiteAdapter, bounded: BoundedView, ctx: PageContext): ExtractedPage | 'none' | undefined {
  return scopedPage(adapter, bounded, ctx);
}

function scopedPage(adapter: SiteAdapter, bounded: BoundedHtml | BoundedView, ctx: PageContext): ExtractedPage | 'none' | undefined {
  const scope = adapterScope(adapter);
  if (!scope) return undefined;
  const $ = parseScoped(bounded, scope);
  if (!$) return undefined;
  try {
    const found = versionPage(adapter, $, ctx);
    return 'page' in found ? found.page : 'none';
  } catch {
    return 'none'; // the whole parse meets the same error and reports it
  }
}
