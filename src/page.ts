// The one extraction entry point shared by `wirewatch extract`, the crawl and the eval scripts:
// bytes → DecodedDoc (src/fetch/decode.ts, or an explicit charset) → adapter (the one named, else the registry's
// by host, else generic) → its versions on the page parsed in part (extractScoped), else on the whole page
// (extractWith: version pick, selector miss → generic with confidence "low"). The same bytes and options always
// give the same page, whichever parse answered. The page stage reads through readableDocument/extractReadable: a
// page of a scoped adapter whose bytes are valid UTF-8 (or ASCII under a charset that reads ASCII as itself) or
// GB18030 is bounded and planned on its bytes and decoded whole only if the parts do not answer.
import type { DecodedDoc, ExtractedPage, Lang, PageContext } from './types.js';
import type { SiteAdapter } from './adapters/adapter.js';
import { extractScoped, extractScopedView, extractWith, isScoped } from './adapters/engine.js';
import { generic } from './adapters/generic.js';
import { adapterForHost } from './adapters/index.js';
import { asciiIdentical, chooseCharset, decodeBytes, decodeChoice, resolveCharset, type CharsetChoice } from './fetch/decode.js';
import { legacyDecode } from './fetch/legacy.js';
import { CrawlError } from './errors.js';
import { hostOf } from './extract/meta.js';
import { boundHtml, parseBounded } from './extract/bounds.js';
import { boundView, byteView, type ByteView, type ViewCharset } from './extract/byte-view.js';
import { isAscii } from 'node:buffer';
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

/** A document whose text is decoded on first use. `view`: its bytes, when they can be read as the text is (viewCharset)
 *  and its adapter parses in part (extractReadable reads the kept parts from the bytes). */
export interface ReadableDoc {
  how: Omit<DecodedDoc, 'text'>;
  view?: ByteView;
  text(): string;
}

/** decodeDocument, deferred: a page of a scoped adapter whose bytes read as its text gets a byte view, and is decoded
 *  whole only if something asks for its text. */
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
  const charset = viewCharset(choice);
  if (!charset || !isScoped(adapterOf(opts))) return { how, text: decoded };
  return { how, view: byteView(choice.bytes, charset), text: decoded };
}

/** How a page's bytes can be read as its text (byte-view.ts): as UTF-8 when they are valid UTF-8 or ASCII under a
 *  charset that reads ASCII as itself, as GB18030 when that is their charset; otherwise not. */
function viewCharset(choice: CharsetChoice): ViewCharset | undefined {
  if (choice.charsetSource === 'utf8-valid' || (asciiIdentical(choice.charset) && isAscii(choice.bytes))) return 'utf-8';
  return choice.charset === 'gb18030' ? 'gb18030' : undefined;
}

/** detectChallenge's question for a readable document: its text is decoded only when the byte view cannot rule a
 *  challenge out (fetch/challenge.ts `mayBeChallenge`). */
export function mayBeChallengePage(doc: ReadableDoc, headers: Record<string, string>): boolean {
  return doc.view === undefined || mayBeChallenge(doc.view.bytes, headers, doc.view.charset);
}

/**
 * extractDecoded for a readable document, the same page: with a byte view, the page is bounded and planned on its
 * bytes (byte-view.ts `boundView`, scope-scan.ts) and only the parts it keeps are decoded. The text is decoded when the
 * bytes cannot answer as the text would (bounding changes the page, the plan cannot follow the bytes) or the page
 * must be parsed whole (no version gives a page from its parts).
 */
export function extractReadable(doc: ReadableDoc, opts: ExtractDocumentOptions): ExtractedPage {
  const { adapter, ctx } = readerOf(opts);
  const view = doc.view;
  const bounded = view && boundView(view, opts.url);
  if (bounded) {
    const found = extractScopedView(adapter, bounded, ctx);
    if (found !== undefined && found !== 'none') return found;
    if (found === 'none') return extractWith(adapter, parseBounded(boundHtml(doc.text(), opts.url)), ctx, generic);
  }
  const whole = boundHtml(doc.text(), opts.url);
  return extractScoped(adapter, whole, ctx) ?? extractWith(adapter, parseBounded(whole), ctx, generic);
}
