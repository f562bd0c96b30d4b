// The one extraction entry point shared by `wirewatch extract`, the crawl and the eval scripts:
// bytes → DecodedDoc (src/fetch/decode.ts, or an explicit charset) → adapter (the one named, else the registry's
// by host, else generic) → its versions on the page parsed in part (extractScoped), else on the whole page
// (extractWith: version pick, selector miss → generic with confidence "low"). The same bytes and options always
// give the same page, whichever parse answered. The page stage reads through readableDocument/extractReadable: a
// valid UTF-8 page of a scoped adapter is planned on its bytes and decoded whole only if the parts do not answer.
import type { DecodedDoc, ExtractedPage, Lang, PageContext } from './types.js';
import type { SiteAdapter } from './adapters/adapter.js';
import { extractScoped, extractScopedView, extractWith, isScoped } from './adapters/engine.js';
import { generic } from './adapters/generic.js';
import { adapterForHost } from './adapters/index.js';
import { chooseCharset, decodeBytes, decodeChoice, resolveCharset } from './fetch/decode.js';
import { legacyDecode } from './fetch/legacy.js';
import { CrawlError } from './errors.js';
import { hostOf } from './extract/meta.js';
import { boundHtml, parseBounded, type BoundedHtml } from './extract/bounds.js';
import { byteView, type ByteView } from './extract/byte-view.js';
import { mayBeChallenge } from './fetch/challenge.js';

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

/** The adapter for the page (the one named, else the registry's by host) and what its versions are told. */
function readerOf(opts: ExtractDocumentOptions): { adapter: SiteAdapter; ctx: PageContext } {
  return {
    adapter: adapterOf(opts),
    ctx: {
      url: opts.url,
      now: opts.now,
      ...(opts.lang ? { lang: opts.lang } : {}),
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    },
  };
}

function adapterOf(opts: Pick<ExtractDocumentOptions, 'adapter' | 'registry' | 'url'>): SiteAdapter {
  return opts.adapter ?? adapterForHost(hostOf(opts.url), opts.registry);
}

/** The extraction half alone, for a caller that looked at the decoded text first (the page stage's challenge check). */
export function extractDecoded(decoded: DecodedDoc, opts: ExtractDocumentOptions): ExtractedDocument {
  const { adapter, ctx } = readerOf(opts);
  // Bounded once: when the scoped parse gives no page (no version detected, a selector missed), the whole parse reads
  // the same bounded text, which was a second pass over the page.
  const bounded = boundHtml(decoded.text, opts.url);
  const page = extractScoped(adapter, bounded, ctx) ?? extractWith(adapter, parseBounded(bounded), ctx, generic);
  return { page, decoded };
}

/** A document whose text is decoded on first use. `view`: its bytes read as Latin-1, when they are valid UTF-8 of a
 *  page its adapter parses in part (extractReadable reads the kept parts from the bytes). */
export interface ReadableDoc {
  how: Omit<DecodedDoc, 'text'>;
  view?: ByteView;
  text(): string;
}

/** decodeDocument, deferred: a page of valid UTF-8 for a scoped adapter gets a byte view, and is decoded whole only
 *  if something asks for its text. */
export function readableDocument(
  bytes: Uint8Array,
  opts: Pick<ExtractDocumentOptions, 'charset' | 'contentType' | 'hint' | 'adapter' | 'registry' | 'url'>,
): ReadableDoc {
  if (opts.charset !== undefined) {
    const { text, ...how } = decodeDocument(bytes, opts);
    return { how, text: () => text };
  }
  const choice = chooseCharset(bytes, { contentType: opts.contentType, hint: opts.hint, kind: 'html' });
  const { bytes: _bytes, ...how } = choice;
  let text: string | undefined;
  const decoded = (): string => (text ??= decodeChoice(choice).text);
  if (choice.charsetSource !== 'utf8-valid' || !isScoped(adapterOf(opts))) return { how, text: decoded };
  return { how, view: byteView(choice.bytes), text: decoded };
}

/** detectChallenge's question for a readable document: its text is decoded only when the byte view cannot rule a
 *  challenge out (fetch/challenge.ts `mayBeChallenge`). */
export function mayBeChallengePage(doc: ReadableDoc, headers: Record<string, string>): boolean {
  return doc.view === undefined || mayBeChallenge(doc.view.scan, headers);
}

/** A <br> with a byte past ASCII after it (spaces between): the text may hold a <br> the view does not (its \s is
 *  Unicode's: "<br\u3000>"), so bounding the view could differ from bounding the text. */
const BR_BEFORE_HIGH_BYTE = /<br[\t\n\v\f\r ]*[\x80-\xff]/i;

/**
 * extractDecoded for a readable document, the same page: with a byte view, the scoped parse plans on the view and
 * decodes only the parts it keeps. The text is decoded when the view cannot answer as the text would (bounding
 * changes the page, the plan cannot follow the view) or the page must be parsed whole (no version gives a page
 * from its parts).
 */
export function extractReadable(doc: ReadableDoc, opts: ExtractDocumentOptions): ExtractedPage {
  const { adapter, ctx } = readerOf(opts);
  const view = doc.view;
  const bounded = view && boundedView(view, opts.url);
  if (view && bounded) {
    const found = extractScopedView(adapter, bounded, ctx, view);
    if (found !== undefined && found !== 'none') return found;
    if (found === 'none') return extractWith(adapter, parseBounded(boundHtml(doc.text(), opts.url)), ctx, generic);
  }
  const whole = boundHtml(doc.text(), opts.url);
  return extractScoped(adapter, whole, ctx) ?? extractWith(adapter, parseBounded(whole), ctx, generic);
}

/** The view's scan as bounded HTML when boundHtml leaves it, and so the text, unchanged; undefined otherwise (the
 *  text is then bounded itself). boundHtml decides on ASCII characters, which the view has where the text has
 *  them, except for a <br> followed by a Unicode space only the text's \s matches (BR_BEFORE_HIGH_BYTE). Throws
 *  `page_too_complex` exactly when bounding the text would. */
export function boundedView(view: ByteView, url: string): BoundedHtml | undefined {
  if (BR_BEFORE_HIGH_BYTE.test(view.scan)) return undefined;
  const bounded = boundHtml(view.scan, url);
  return bounded === view.scan ? bounded : undefined;
}
