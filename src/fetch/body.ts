// Reads a response body through our own decompression, counting decoded bytes while streaming.
// undici `request` does not decompress, and undici's `maxResponseSize` counts raw bytes only: a 200 KB gzip
// becomes 200 MiB behind it. Here the cap applies to what the decoders emit, so a bomb
// stops at the cap with only about one zlib output chunk beyond it in memory.
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { CrawlError } from '../errors.js';
import { ownBytes } from '../own-bytes.js';

const KNOWN_CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
/** Decoder output chunk. zlib's default 16 KiB meant ~12 thread-pool round trips per 200 KB page (bench: stream
 *  gunzip cost 4-5× the CPU of the inflate itself); 64 KiB keeps the cap overshoot at one chunk. */
const DECODER_CHUNK_BYTES = 64 * 1024;

export interface ReadBodyOptions {
  url: string;
  contentEncoding: string | undefined;
  capBytes: number;
  /** robots.txt: keep the first capBytes and stop quietly instead of failing. */
  truncateAtCap: boolean;
  maxEncodings: number;
  onRawBytes: (n: number) => void;
  /** Called once when the decoded size passes `warnBytes`. */
  warnBytes: number;
  onWarn: (decodedBytes: number) => void;
  /** Return a body with one known coding as it came (`BodyResult.encoded`), to be decoded by `decodeContent` where
   *  it is read: the crawl's pages wait compressed for a worker thread. */
  keepEncoded?: boolean;
}

export interface BodyResult {
  /** Decoded, unless `encoded` says otherwise. */
  body: Buffer;
  /** Set when `body` is still in this content coding (only with `keepEncoded`). */
  encoded?: string;
  /** Encodings we could not decode (passed through raw; the parser will report the bytes). */
  undecoded: string[];
  truncatedAtCap: boolean;
}

/** Drops a body we will not read; destroy() without a listener would surface undici's AbortError as uncaught. */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Codings in the order applied by the server (`Content-Encoding: gzip, br` = gzip first, then br). */
export function parseCodings(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/** deflate is sent both zlib-wrapped (RFC 9110) and raw (old IIS); the first byte tells which (CM = 8). */
const isZlibWrapped = (firstByte: number | undefined): boolean => ((firstByte ?? 0) & 0x0f) === 0x08;

const isGzip = (coding: string): boolean => coding === 'gzip' || coding === 'x-gzip';

type Where = { url: string; capBytes: number };

const tooLargeError = (code: 'too_large' | 'too_large_decoded', o: Where): CrawlError =>
  new CrawlError(code, `body passed ${o.capBytes} decoded bytes; stopped reading`, { disposition: 'skip', url: o.url });

const decodeError = (codings: string, e: unknown, o: Where): CrawlError =>
  new CrawlError('decode_error', `content-encoding ${codings}: ${(e as Error).message}`, { disposition: 'skip', url: o.url, cause: e });

class InflateAuto extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | undefined;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.inner) {
      this.inner = isZlibWrapped(chunk[0])
        ? zlib.createInflate({ chunkSize: DECODER_CHUNK_BYTES })
        : zlib.createInflateRaw({ chunkSize: DECODER_CHUNK_BYTES });
      this.inner.on('data', (d: Buffer) => this.push(d));
      this.inner.on('error', (e) => this.destroy(e));
    }
    this.inner.write(chunk, () => cb());
  }
  override _flush(cb: TransformCallback): void {
    if (!this.inner) {
      cb();
      return;
    }
    this.inner.once('end', () => cb());
    this.inner.end();
  }
  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.inner?.destroy();
    cb(err);
  }
}

function decoderFor(coding: string): Transform {
  if (isGzip(coding)) return zlib.createGunzip({ chunkSize: DECODER_CHUNK_BYTES });
  if (coding === 'br') return zlib.createBrotliDecompress({ chunkSize: DECODER_CHUNK_BYTES });
  return new InflateAuto();
}

class CapReached extends Error {}

/** Raw bytes allowed beyond the decoded cap when a one-layer body is read whole: deflate and brotli expand
 *  incompressible data by well under 1 %, so a raw body past this cannot decode to within the cap. */
const rawSlackBytes = (capBytes: number): number => Math.ceil(capBytes / 64) + 1024;

/** One layer decoded in one call, its output capped by zlib itself (a bomb fails at the cap, allocating no
 *  more). The same engine and the same errors as the streams (empty, truncated, trailing garbage, members). */
function decodeWhole(raw: Buffer, coding: string, capBytes: number): Buffer {
  // One output chunk for a typical page, so zlib need not concatenate several (bench: gunzip 0.63 → 0.25 ms
  // per 180 KB page): gzip states its decoded size (mod 2³², of the last member) in its last four bytes; HTML
  // compresses ~10× under the other codings. A stated size past deflate's ratio limit (1032:1) is a lie.
  const gzip = isGzip(coding);
  const stated = gzip && raw.length >= 18 ? raw.readUInt32LE(raw.length - 4) + 1 : raw.length * 12;
  const guess = Math.min(stated, raw.length * 1032, capBytes);
  const opts = { maxOutputLength: capBytes, chunkSize: Math.max(DECODER_CHUNK_BYTES, guess) };
  if (gzip) return zlib.gunzipSync(raw, opts);
  if (coding === 'br') return zlib.brotliDecompressSync(raw, opts);
  return isZlibWrapped(raw[0]) ? zlib.inflateSync(raw, opts) : zlib.inflateRawSync(raw, opts);
}

/** Streams `body` through the decoders into a Buffer, failing with a coded error at the first limit. */
export async function readBody(body: Readable, o: ReadBodyOptions): Promise<BodyResult> {
  const codings = parseCodings(o.contentEncoding);
  if (codings.length > o.maxEncodings) {
    discard(body);
    throw new CrawlError('too_many_encodings', `${codings.length} content-encodings; at most ${o.maxEncodings} are decoded`, {
      disposition: 'skip',
      url: o.url,
    });
  }
  // An unknown coding anywhere makes the layers under it unreadable: pass the bytes through untouched.
  const undecoded = codings.some((c) => !KNOWN_CODINGS.has(c)) ? codings : [];
  // The usual page (one coding, read in full): raw bytes first, then one synchronous decode. Streaming it cost
  // the main thread ~4× the inflate itself in stream callbacks (bench: ~0.8 ms of a 180 KB page).
  if (!undecoded.length && codings.length === 1 && !o.truncateAtCap) return readWhole(body, codings[0] as string, o);
  const decoders = undecoded.length ? [] : [...codings].reverse().map(decoderFor);
  let decoderError: unknown;
  for (const d of decoders) d.once('error', (e) => (decoderError ??= e));

  const chunks: Buffer[] = [];
  let total = 0;
  let warned = false;
  const countRaw = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      o.onRawBytes(chunk.length);
      cb(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const room = o.capBytes - total;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        total += Math.max(room, 0);
        return cb(new CapReached());
      }
      chunks.push(chunk);
      total += chunk.length;
      if (!warned && total > o.warnBytes) {
        warned = true;
        o.onWarn(total);
      }
      cb();
    },
  });
  try {
    await pipeline([body, countRaw, ...decoders, sink]);
    return { body: ownBytes(chunks), undecoded, truncatedAtCap: false };
  } catch (e) {
    if (e instanceof CapReached) {
      if (o.truncateAtCap) return { body: ownBytes(chunks), undecoded, truncatedAtCap: true };
      throw tooLargeError(decoders.length ? 'too_large_decoded' : 'too_large', o);
    }
    if (decoderError !== undefined && e === decoderError) throw decodeError(codings.join(', '), e, o);
    throw e;
  }
}

async function readWhole(body: Readable, coding: string, o: ReadBodyOptions): Promise<BodyResult> {
  const rawCap = o.capBytes + rawSlackBytes(o.capBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  // Iterated, not piped: a pipeline per body cost an AbortController and a DOMException (with its stack) each.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    o.onRawBytes(chunk.length);
    total += chunk.length;
    if (total > rawCap) {
      discard(body);
      throw tooLargeError('too_large_decoded', o);
    }
    chunks.push(chunk);
  }
  // Its own buffer, not a view into Node's pool (own-bytes.ts): on Node 24 a compressed page under 32 KiB was a
  // view of a 64 KiB slab, kept while it waited for a worker and copied whole to it. Node 24, runs in turn: 1,000
  // pages no difference beyond the noise; 10,000 pages, two pairs, 76.1 / 69.2 s of CPU against 78.7 / 74.0, peak
  // RSS 288 / 293 MB against 298 / 294.
  const raw = ownBytes(chunks);
  if (o.keepEncoded) return { body: raw, encoded: coding, undecoded: [], truncatedAtCap: false };
  const decoded = decodeContent(raw, coding, o);
  if (decoded.length > o.warnBytes) o.onWarn(decoded.length);
  return { body: decoded, undecoded: [], truncatedAtCap: false };
}

/** A body read with `keepEncoded`, decoded: the same cap and the same coded errors as reading it decoded. */
export function decodeContent(raw: Buffer, coding: string, o: { url: string; capBytes: number }): Buffer {
  try {
    return decodeWhole(raw, coding, o.capBytes);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLargeError('too_large_decoded', o);
    throw decodeError(coding, e, o);
  }
}
