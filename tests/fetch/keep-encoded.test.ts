// Pages left encoded for the worker that reads them (FetchRequest.keepEncoded, body.ts `decodeContent`): fetched
// that way and decoded after, every body gives the same bytes, and every broken one the same error code, as when
// the fetcher decodes it. Only plain fetches keep a body encoded.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeContent } from '../../src/fetch/body.js';
import { pageFromResponse } from '../../src/stages/page.js';
import type { SourceConfig } from '../../src/types.js';
import { RSS, startFaultServer, type FaultServer } from './servers.js';
import { loopbackSource, testFetcher } from './helpers.js';

const CAP = 256 * 1024;
let srv: FaultServer;

beforeAll(async () => {
  const gz = zlib.gzipSync(RSS);
  srv = await startFaultServer({
    routes: {
      '/cut-gzip': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gz.subarray(0, gz.length - 4)),
      '/not-gzip': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('plain text, not gzip'),
    },
  });
});
afterAll(() => srv.close());

/** The body's hash or the error's code, and the coding the outcome was left in ('-' when decoded). */
async function read(path: string, keepEncoded: boolean, o: Partial<SourceConfig> = {}): Promise<[string, string]> {
  const f = testFetcher([loopbackSource([srv.origin], { maxBodyBytes: CAP, ...o })]);
  const url = srv.url(path);
  let keptIn = '-';
  try {
    const out = await f.fetch({ url, kind: 'page', sourceId: 'test', ...(keepEncoded ? { keepEncoded: true } : {}) });
    if (out.kind !== 'fresh') return [out.kind, keptIn];
    const enc = out.encoded;
    keptIn = enc?.coding ?? keptIn;
    const body = enc ? decodeContent(out.body, enc.coding, { url, capBytes: enc.capBytes }) : out.body;
    return [`sha:${createHash('sha256').update(body).digest('hex').slice(0, 12)}`, keptIn];
  } catch (e) {
    return [(e as { code?: string }).code ?? 'untyped', keptIn];
  } finally {
    await f.close();
  }
}

describe('a page body kept encoded, then decoded', () => {
  it.each([
    ['/encoded?codec=gzip', 'gzip'],
    ['/encoded?codec=br', 'br'],
    ['/encoded?codec=deflate', 'deflate'],
    ['/encoded?codec=deflate-raw', 'deflate'],
    ['/bomb?codec=gzip&mib=8', 'gzip'],
    ['/bomb?codec=br&mib=8', 'br'],
    ['/cut-gzip', 'gzip'],
    ['/not-gzip', 'gzip'],
    ['/big?bytes=4096', '-'],
  ])('%s: the same result as decoded by the fetcher, left in %s', async (path, coding) => {
    const [kept, keptIn] = await read(path, true);
    const [decoded, decodedIn] = await read(path, false);
    expect([kept, keptIn, decodedIn]).toEqual([decoded, coding, '-']);
  });

  it.each([
    ['/bomb?codec=gzip&mib=8', 'too_large_decoded'],
    ['/cut-gzip', 'decode_error'],
    ['/not-gzip', 'decode_error'],
  ])('%s fails with %s', async (path, code) => {
    expect((await read(path, true))[0]).toBe(code);
  });

  it('a walled source is decoded by the fetcher: its challenge check reads the body', async () => {
    expect((await read('/encoded?codec=gzip', true, { fetch: 'auto' }))[1]).toBe('-');
  });
});

describe('a page body owns its bytes', () => {
  // An ArrayBuffer crosses to a worker whole: a body that is a view into a shared slab of Node's Buffer pool (8 KiB
  // on Node 20, 64 KiB on Node 24) would be copied with the whole slab, and keep the slab while it waits.
  it.each([
    ['/encoded?codec=gzip', true, 'gzip'],
    ['/big?bytes=2048', false, undefined],
  ])('%s (kept encoded: %s): a buffer of its own size', async (path, keepEncoded, coding) => {
    const f = testFetcher([loopbackSource([srv.origin], { maxBodyBytes: CAP })]);
    try {
      const out = await f.fetch({ url: srv.url(path), kind: 'page', sourceId: 'test', keepEncoded });
      if (out.kind !== 'fresh') throw new Error(`not fresh: ${out.kind}`);
      expect([out.encoded?.coding, out.body.length > 0, out.body.byteOffset, out.body.buffer.byteLength]).toEqual([
        coding,
        true,
        0,
        out.body.length,
      ]);
    } finally {
      await f.close();
    }
  });
});

describe('pageFromResponse with a body still encoded', () => {
  const html = Buffer.from(
    '<html><head><title>Talks in Moscow</title></head><body><article><h1>Talks in Moscow</h1>' +
      '<p>The ministers met on Tuesday and discussed trade, energy and the railway corridor at length.</p>'.repeat(4) +
      '</article></body></html>',
  );
  const opts = { now: new Date('2026-12-01T00:00:00Z') };
  const res = (body: Buffer, coding?: string, warnBytes = CAP) => ({
    body,
    finalUrl: 'http://127.0.0.1/a/1.html',
    headers: { 'content-type': 'text/html; charset=utf-8' },
    ...(coding ? { encoded: { coding, capBytes: CAP, warnBytes } } : {}),
  });

  it.each([
    ['gzip', zlib.gzipSync(html)],
    ['br', zlib.brotliCompressSync(html)],
    ['deflate', zlib.deflateSync(html)],
  ])('reads a %s body as it reads the decoded bytes', (coding, body) => {
    const plain = pageFromResponse(res(html), opts);
    expect(plain.kind).toBe('page');
    expect(pageFromResponse(res(body, coding), opts)).toEqual(plain);
  });

  it.each([
    ['past the mark: its decoded size', html.length - 1, html.length],
    ['at the mark: nothing', html.length, undefined],
  ])("a large decoded body is reported for the caller's warning, %s", (_name, warnBytes, reported) => {
    const read = pageFromResponse(res(zlib.gzipSync(html), 'gzip', warnBytes), opts);
    expect(read.kind === 'page' ? read.largeBodyBytes : 'not a page').toBe(reported);
  });

  it.each([
    ['gzip', Buffer.from('not gzip'), 'decode_error'],
    ['gzip', zlib.gzipSync(Buffer.alloc(CAP + 1, 32)), 'too_large_decoded'],
  ])('a %s body that does not decode within the cap: %s, not counted as fetched', (coding, body, code) => {
    expect(pageFromResponse(res(body, coding), opts)).toMatchObject({ kind: 'failed', code, fetched: false, deferred: false });
  });
});
