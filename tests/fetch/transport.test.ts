// Matrix rows T01–T05 and T09: transport faults on real loopback sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startFaultServer, startRawServer, type FaultServer, type RawServer } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

let srv: FaultServer;
let raw: RawServer;

beforeAll(async () => {
  srv = await startFaultServer();
  raw = await startRawServer({
    '/reset': 'RESET',
    '/short': 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789',
    '/chunk-cut': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n',
    '/close-delimited': 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<rss><chan',
    '/bad-token': 'HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nok',
    '/no-status': 'Content-Length: 2\r\n\r\nok',
    '/huge-header': `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 2\r\n\r\nok`,
    '/cl-abc': 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nok',
    '/obs-fold': 'HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 2\r\n\r\nok',
  });
});
afterAll(async () => {
  await srv.close();
  await raw.close();
});

/** With a short total deadline (T04) the idle timer is set far out, so only the deadline can end the drip. */
function fetcherFor(origins: string[], lookup?: (h: string) => Promise<string>, timeoutMs = 3_000) {
  const limits = timeoutMs < 1_000 ? { bodyIdleTimeoutMs: 10_000 } : {};
  return testFetcher([loopbackSource(origins, { timeoutMs })], { ...(lookup ? { lookup } : {}), limits });
}

describe('T01 connection refused / reset / DNS failure', () => {
  it.each([
    ['refused', async () => `http://127.0.0.1:${await freePort()}/feed`],
    ['reset', async () => raw.url('/reset')],
    ['dns ENOTFOUND', async () => 'http://feed.invalid/rss'],
    ['dns EAI_AGAIN', async () => 'http://again.invalid/rss'],
  ])('T01 %s ends as network_error after 2 retries', async (_name, makeUrl) => {
    const url = await makeUrl();
    const lookup = async (h: string): Promise<string> => {
      const code = h.startsWith('again.') ? 'EAI_AGAIN' : 'ENOTFOUND';
      throw Object.assign(new Error(`getaddrinfo ${code} ${h}`), { code });
    };
    const f = fetcherFor([new URL(url).origin], lookup);
    expect(await settle(f.fetch({ url, kind: 'feed', sourceId: 'test' }))).toBe('network_error');
    expect(f.stats().retries).toBe(2);
    expect(f.stats().retryMaxReached).toBe(1);
    await f.close();
  });

  it('T01 a failing feed does not affect another host', async () => {
    const other = await startFaultServer({ host: '127.0.0.3' });
    const dead = `http://127.0.0.2:${await freePort('127.0.0.2')}/feed`;
    const f = fetcherFor([other.origin, new URL(dead).origin]);
    const [bad, good] = await Promise.all([
      settle(f.fetch({ url: dead, kind: 'feed', sourceId: 'test' })),
      settle(f.fetch({ url: other.url('/feed'), kind: 'feed', sourceId: 'test' })),
    ]);
    expect([bad, good]).toEqual(['network_error', 'fresh']);
    await f.close();
    await other.close();
  });
});

describe('T02–T04 deadlines', () => {
  it.each([
    ['T02 headers never arrive', '/hang', 'timeout_headers', 3],
    ['T03 body stalls after headers', '/hang-after-headers', 'timeout_body', 3],
    ['T04 a 1-byte drip is cut by the total deadline', '/drip?everyMs=50', 'timeout_total', 1],
  ])('%s → %s', async (_name, path, code, attempts) => {
    const f = fetcherFor([srv.origin], undefined, code === 'timeout_total' ? 600 : 3_000);
    const before = srv.count(path.split('?')[0] ?? path);
    expect(await settle(f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test' }))).toBe(code);
    expect(srv.count(path.split('?')[0] ?? path) - before).toBe(attempts);
    await f.close();
  });

  it('T04 the drip does not hold the host slot: the next request on that host completes', async () => {
    const f = fetcherFor([srv.origin], undefined, 600);
    const drip = settle(f.fetch({ url: srv.url('/drip?everyMs=50'), kind: 'feed', sourceId: 'test' }));
    const next = settle(f.fetch({ url: srv.url('/feed'), kind: 'feed', sourceId: 'test' }));
    expect(await Promise.all([drip, next])).toEqual(['timeout_total', 'fresh']);
    expect(f.stats().maxInFlightPerHost['127.0.0.1']).toBe(1);
    await f.close();
  });
});

describe('T05 truncated bodies', () => {
  it.each([
    ['short Content-Length', '/short', 'truncated'],
    ['chunked body without the last chunk', '/chunk-cut', 'truncated'],
  ])('T05 %s → %s, partial bytes never returned', async (_name, path, code) => {
    const f = fetcherFor([raw.origin]);
    expect(await settle(f.fetch({ url: raw.url(path), kind: 'feed', sourceId: 'test' }))).toBe(code);
    expect(f.stats().retries).toBe(2);
    await f.close();
  });

  it('T05 a close-delimited body is returned but marked bodyDelimiter "close"', async () => {
    const f = fetcherFor([raw.origin]);
    const out = await f.fetch({ url: raw.url('/close-delimited'), kind: 'feed', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.bodyDelimiter).toBe('close');
    expect(out.kind === 'fresh' && out.body.toString()).toBe('<rss><chan');
    await f.close();
  });
});

describe('T09 malformed HTTP framing', () => {
  it.each([
    ['bad header token', '/bad-token'],
    ['no status line', '/no-status'],
    ['20 KB header', '/huge-header'],
    ['Content-Length: abc', '/cl-abc'],
    ['obs-fold header', '/obs-fold'],
  ])('T09 %s → protocol_error after at most 1 retry', async (_name, path) => {
    const f = fetcherFor([raw.origin]);
    expect(await settle(f.fetch({ url: raw.url(path), kind: 'feed', sourceId: 'test' }))).toBe('protocol_error');
    expect(f.stats().retries).toBe(1);
    await f.close();
  });
});
