// Matrix rows T06–T08 (and the fetch half of T20): body size caps counted on decoded bytes, encodings.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RSS, startFaultServer, type FaultServer } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

const CAP = 256 * 1024;
let srv: FaultServer;

beforeAll(async () => {
  srv = await startFaultServer({
    routes: {
      // Encoded bodies read whole and decoded in one call (src/fetch/body.ts readWhole): their edges.
      '/gzip-empty': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(),
      '/gzip-truncated': (_req, res) => {
        const g = zlib.gzipSync(RSS);
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(g.subarray(0, g.length - 4));
      },
      '/gzip-two-members': (_req, res) => {
        const half = RSS.length >> 1;
        const g = Buffer.concat([zlib.gzipSync(RSS.slice(0, half)), zlib.gzipSync(RSS.slice(half))]);
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(g);
      },
      '/gzip-lying-size': (_req, res, q) => {
        const g = zlib.gzipSync(RSS);
        g.writeUInt32LE(Number(q.get('isize')), g.length - 4); // zlib checks ISIZE, after we sized our buffer by it
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(g);
      },
      '/gzip-incompressible': (_req, res, q) => {
        const bytes = Number(q.get('bytes'));
        const g = zlib.gzipSync(
          Buffer.alloc(bytes, 1).map((_b, i) => (i * 2654435761) >>> 24),
          { level: 0 },
        );
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(g);
      },
      // T20: a feed whose single title is 50 MB, streamed without a Content-Length.
      '/huge-title': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<rss version="2.0"><channel><item><title>');
        const piece = 'A'.repeat(64 * 1024);
        let left = 800;
        const pump = (): void => {
          while (left-- > 0 && !res.destroyed) if (!res.write(piece)) return void res.once('drain', pump);
          res.end('</title></item></channel></rss>');
        };
        pump();
      },
    },
  });
});
afterAll(() => srv.close());

function fetcher() {
  return testFetcher([loopbackSource([srv.origin], { maxBodyBytes: CAP })]);
}

describe('T06 oversized plain body', () => {
  it.each([
    ['20 MiB chunked body', '/big?bytes=20971520'],
    ['declared Content-Length of 10 GiB', '/declared?bytes=10737418240'],
    ['Content-Length just above the cap', `/declared?bytes=${CAP + 1}`],
  ])('T06 %s → too_large, not retried', async (_name, path) => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url(path), kind: 'page', sourceId: 'test' }))).toBe('too_large');
    expect(f.stats().retries).toBe(0);
    await f.close();
  });

  it('T06 the cap stops reading: raw bytes read stay within a few chunks of the cap', async () => {
    const f = fetcher();
    await settle(f.fetch({ url: srv.url('/big?bytes=20971520'), kind: 'page', sourceId: 'test' }));
    expect(f.stats().bytesRaw).toBeLessThan(4 * CAP);
    await f.close();
  });

  it('T06 a body exactly at the cap is accepted', async () => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url(`/big?bytes=${CAP}`), kind: 'page', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.length).toBe(CAP);
    await f.close();
  });
});

describe('T07 decompression bombs', () => {
  // Regression guard: undici's maxResponseSize counts raw bytes, which are ~8 KB here; only a decoded-byte
  // counter turns these into errors.
  it.each(['gzip', 'br', 'deflate'])('T07 %s bomb stops at the decoded cap → too_large_decoded', async (codec) => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url(`/bomb?codec=${codec}&mib=8`), kind: 'page', sourceId: 'test' }))).toBe('too_large_decoded');
    expect(f.stats().bytesDecoded).toBe(0);
    await f.close();
  });

  it.each(['gzip', 'br', 'deflate', 'deflate-raw'])('T07 a genuine %s body decodes to the original bytes', async (codec) => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url(`/encoded?codec=${codec}`), kind: 'feed', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.toString()).toBe(RSS);
    await f.close();
  });
});

describe('T08 encoding chains and bogus encodings', () => {
  it.each([
    ['6 gzip layers', '/chain?n=6', 'too_many_encodings'],
    ['a gzip with a broken CRC', '/badgzip', 'decode_error'],
  ])('T08 %s → %s', async (_name, path, code) => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test' }))).toBe(code);
    await f.close();
  });

  it.each([
    ['an empty gzip body', '/gzip-empty', 'decode_error'],
    ['a gzip body cut short', '/gzip-truncated', 'decode_error'],
    ['a gzip stating 4 GiB decoded', '/gzip-lying-size?isize=4294967295', 'decode_error'],
    ['a gzip stating 0 bytes decoded', '/gzip-lying-size?isize=0', 'decode_error'],
    ['stored (level 0) gzip one byte past the cap', `/gzip-incompressible?bytes=${CAP + 1}`, 'too_large_decoded'],
    ['stored gzip raw bytes far past the cap', `/gzip-incompressible?bytes=${CAP * 4}`, 'too_large_decoded'],
  ])('T08 %s → %s', async (_name, path, code) => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url(path), kind: 'page', sourceId: 'test' }))).toBe(code);
    await f.close();
  });

  it.each([['a gzip of two members', '/gzip-two-members']])('T08 %s decodes to the original bytes', async (_name, path) => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.toString()).toBe(RSS);
    await f.close();
  });

  it('T08 stored (level 0) gzip exactly at the cap decodes: its raw bytes pass the cap, its decoded ones do not', async () => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url(`/gzip-incompressible?bytes=${CAP}`), kind: 'page', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.length).toBe(CAP);
    await f.close();
  });

  it('T08 5 gzip layers are the most we decode, and they decode', async () => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url('/chain?n=5'), kind: 'feed', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.toString()).toBe(RSS);
    await f.close();
  });

  it('T08 an unknown Content-Encoding is passed through untouched (the parser reports it)', async () => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url('/unknown-encoding'), kind: 'feed', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.toString()).toBe(RSS);
    expect(out.kind === 'fresh' && out.headers['content-encoding']).toBe('foo');
    await f.close();
  });
});

describe('T20 pathological feed size (fetch half)', () => {
  it('T20 a feed with a 50 MB title is stopped by the byte cap before any parser sees it', async () => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url('/huge-title'), kind: 'feed', sourceId: 'test' }))).toBe('too_large');
    await f.close();
  });

  it('T20 the gzip of the same 50 MB feed is stopped as too_large_decoded', async () => {
    const gz = zlib.gzipSync(Buffer.from(`<rss><channel><item><title>${'A'.repeat(8 * 1024 * 1024)}</title></item></channel></rss>`));
    const one = await startFaultServer({
      host: '127.0.0.4',
      routes: { '/feed': (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gz) },
    });
    const f = testFetcher([loopbackSource([one.origin], { maxBodyBytes: CAP })]);
    expect(await settle(f.fetch({ url: one.url('/feed'), kind: 'feed', sourceId: 'test' }))).toBe('too_large_decoded');
    await f.close();
    await one.close();
  });
});
