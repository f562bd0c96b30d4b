// The one extraction entry point shared by `wirewatch extract`, the crawl and the eval scripts:
// bytes → DecodedDoc (src/fetch/decode.ts, or an explicit charset) → adapter (the one named, else the registry's
// by host, else generic) → its versions on the page parsed in part (extractScoped), else on the whole page
// (extractWith: version pick, selector miss → generic with confidence "low"). The same bytes and options always
// give the same page, whichever parse answered.
import type { DecodedDoc, ExtractedPage, Lang } from './types.js';
import type { SiteAdapter } from './adapters/adapter.js';
import { extractScoped, extractWith } from './adapters/engine.js';
import { generic } from './adapters/generic.js';
import { adapterForHost } from './adapters/index.js';
import { decodeBytes, resolveCharset } from './fetch/decode.js';
import { legacyDecode } from './fetch/legacy.js';
import { CrawlError } from './errors.js';
import { hostOf } from './extract/meta.js';
import { boundHtml, parseBounded } from './extract/bounds.js';

export interface ExtractDocumentOptions {
  url: string;
  /** Use this adapter (e.g. from `--source`); otherwise the registry is searched by host. */
  adapter?: SiteAdapter;
  registry: readonly SiteAdapter[];
  /** HTTP Content-Type, for its charset parameter. */
  contentType?: string;
  /** Explicit charset (`--charset`): overrides every detection rule. */
  charset?: string;
  /** The source's charset hint (sources.json "encoding"), used only when nothing else decides. */
  hint?: string;
  lang?: Lang;
  timeZone?: string;
  now: Date;
}

export interface ExtractedDocument {
  page: ExtractedPage;
  decoded: DecodedDoc;
}

/** Decodes with the forced charset when given, else by decodeBytes' fixed order. */
export function decodeDocument(bytes: Uint8Array, opts: Pick<ExtractDocumentOptions, 'charset' | 'contentType' | 'hint'>): DecodedDoc {
  if (opts.charset !== undefined) {
    const charset = resolveCharset(opts.charset);
    if (!charset) throw new CrawlError('decode_error', `unknown charset "${opts.charset}"`, { disposition: 'stop' });
    // The explicit charset is an out-of-band declaration, like a Content-Type header.
    return { text: legacyDecode(bytes, charset), charset, charsetSource: 'header', declared: opts.charset };
  }
  return decodeBytes(bytes, { contentType: opts.contentType, hint: opts.hint, kind: 'html' });
}

export function extractDocument(bytes: Buffer, opts: ExtractDocumentOptions): ExtractedDocument {
  return extractDecoded(decodeDocument(bytes, opts), opts);
}

/** The extraction half alone, for a caller that looked at the decoded text first (the page stage's challenge check). */
export function extractDecoded(decoded: DecodedDoc, opts: ExtractDocumentOptions): ExtractedDocument {
  const adapter = opts.adapter ?? adapterForHost(hostOf(opts.url), opts.registry);
  const ctx = {
    url: opts.url,
    now: opts.now,
    ...(opts.lang ? { lang: opts.lang } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  };
  // Bounded once: when the scoped parse gives no page (no version detected, a selector missed), the whole parse reads
  // the same bounded text, which was a second pass over the page.
  const bounded = boundHtml(decoded.text, opts.url);
  const page = extractScoped(adapter, bounded, ctx) ?? extractWith(adapter, parseBounded(bounded), ctx, generic);
  return { page, decoded };
}
