// Matrix rows T10–T12 and T23: statuses, Retry-After, redirects and conditional GET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/fetch/classify.js';
import { LAST_MODIFIED, startFaultServer, type FaultServer } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

let srv: FaultServer;
let n = 0;
/** A fresh query string per case, so /status counters never leak between cases. */
const fresh = (path: string): string => `${path}${path.includes('?') ? '&' : '?'}case=${++n}`;

beforeAll(async () => {
  srv = await startFaultServer();
});
afterAll(() => srv.close());

function fetcher() {
  return testFetcher([loopbackSource([srv.origin])]);
}

describe('T10 transient statuses and Retry-After', () => {
  const NOW = Date.parse('2026-11-22T06:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Sun, 22 Nov 2026 06:00:30 GMT', 30_000],
    ['Sunday, 22-Nov-26 06:01:00 GMT', 60_000],
    ['Sun Nov 22 06:00:05 2026', 5_000],
    ['Sat, 21 Nov 2026 06:00:00 GMT', 0],
    ['1.5', undefined],
    ['120 s', undefined],
    ['-5', undefined],
    ['', undefined],
  ])('T10 Retry-After %j → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([
    ['503 twice, then 200', '/status?code=503&times=2', 'fresh', 3],
    ['429 with Retry-After: 1', '/status?code=429&times=1&retryAfter=1', 'fresh', 2],
    ['500 once', '/status?code=500&times=1', 'fresh', 2],
    ['502 once', '/status?code=502&times=1', 'fresh', 2],
    ['504 once', '/status?code=504&times=1', 'fresh', 2],
    ['408 once', '/status?code=408&times=1', 'fresh', 2],
    ['503 with an HTTP-date Retry-After 1 s ahead', '/status?code=503&times=1&retryAfterInMs=1000', 'fresh', 2],
    ['503 three times (retries spent)', '/status?code=503&times=3', 'http_status:503', 3],
  ])('T10 %s (%s) → %s after %i requests', async (_name, path, expected, requests) => {
    const f = fetcher();
    const url = srv.url(fresh(path));
    expect(await settle(f.fetch({ url, kind: 'feed', sourceId: 'test' }))).toBe(expected);
    expect(srv.requests.filter((r) => srv.url(r.path) === url)).toHaveLength(requests);
    await f.close();
  });

  it('T10 a 200 after two 503s returns its body once, and the retries are counted by reason', async () => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url(fresh('/status?code=503&times=2')), kind: 'feed', sourceId: 'test' });
    expect(out.kind).toBe('fresh');
    expect(f.stats()).toMatchObject({ retries: 2, retryReasons: { http_503: 2 }, fresh: 1, requests: 1 });
    await f.close();
  });

  it.each([
    ['Retry-After: 86400', '/status?code=503&retryAfter=86400', 86_400_000],
    ['an HTTP-date one day ahead', '/status?code=429&retryAfterInMs=86400000', 86_399_000],
  ])('T10 %s is beyond the cap: skipped as deferred at once, no sleep', async (_name, path, atLeastMs) => {
    const f = fetcher();
    const url = srv.url(fresh(path));
    const out = await f.fetch({ url, kind: 'feed', sourceId: 'test' });
    expect(out).toMatchObject({ kind: 'skipped', reason: 'deferred' });
    expect(out.kind === 'skipped' && out.retryAfterMs).toBeGreaterThanOrEqual(atLeastMs);
    expect(srv.requests.filter((r) => srv.url(r.path) === url)).toHaveLength(1);
    // The host asked for a day: the next request to it is deferred without being sent.
    const before = srv.requests.length;
    expect(await settle(f.fetch({ url: srv.url('/feed'), kind: 'feed', sourceId: 'test' }))).toBe('skipped:deferred');
    expect(srv.requests.length).toBe(before);
    await f.close();
  });
});

describe('T10 a wait beyond the cap is kept for later runs (onHold), at most a day ahead', () => {
  it.each([
    ['Retry-After: 3600', '/status?code=429&retryAfter=3600', 3_600_000],
    ['Retry-After of a year', '/status?code=503&retryAfter=31536000', 24 * 3_600_000],
    ['an HTTP-date a year ahead', '/status?code=429&retryAfterInMs=31536000000', 24 * 3_600_000],
  ])('%s (%s) → kept %s ms ahead', async (_name, path, keptMs) => {
    const held: { host: string; untilMs: number }[] = [];
    const f = testFetcher([loopbackSource([srv.origin])], { onHold: (h) => held.push(h) });
    const asked = Date.now();
    expect(await settle(f.fetch({ url: srv.url(fresh(path)), kind: 'feed', sourceId: 'test' }))).toBe('skipped:deferred');
    expect(held.map((h) => h.host)).toEqual([new URL(srv.origin).hostname]);
    expect(Math.abs((held[0]?.untilMs ?? 0) - asked - keptMs)).toBeLessThan(5_000);
    expect(f.isHeld?.(srv.url('/feed'))).toBe(true);
    await f.close();
  });

  it.each([
    ['a wait still running', 60_000, true, 'skipped:deferred'],
    ['a wait that has ended', -1_000, false, 'fresh'],
  ])('a hold kept from an earlier run: %s', async (_case, aheadMs, held, outcome) => {
    const host = new URL(srv.origin).hostname;
    const f = testFetcher([loopbackSource([srv.origin])], { holds: [{ host, untilMs: Date.now() + aheadMs }] });
    expect(f.isHeld?.(srv.url('/feed'))).toBe(held);
    const before = srv.requests.length;
    expect(await settle(f.fetch({ url: srv.url('/feed'), kind: 'feed', sourceId: 'test' }))).toBe(outcome);
    expect(srv.requests.length - before).toBe(held ? 0 : 1);
    await f.close();
  });
});

describe('T11 permanent statuses', () => {
  it.each([404, 410, 451, 401, 403])('T11 HTTP %i → http_status, not retried', async (code) => {
    const f = fetcher();
    const url = srv.url(fresh(`/code?c=${code}`));
    expect(await settle(f.fetch({ url, kind: 'feed', sourceId: 'test' }))).toBe(`http_status:${code}`);
    expect(srv.requests.filter((r) => srv.url(r.path) === url)).toHaveLength(1);
    await f.close();
  });

  it('T11 an article 404 is a skip disposition, a spent 503 a retry-next-run disposition', async () => {
    const f = fetcher();
    const gone = await f.fetch({ url: srv.url(fresh('/code?c=404')), kind: 'page', sourceId: 'test' }).catch((e: unknown) => e);
    const busy = await f.fetch({ url: srv.url(fresh('/status?code=503')), kind: 'page', sourceId: 'test' }).catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 'http_status', status: 404, disposition: 'skip' });
    expect(busy).toMatchObject({ code: 'http_status', status: 503, disposition: 'retry' });
    await f.close();
  });
});

describe('T12 redirects', () => {
  it.each([
    ['3 relative hops', '/redirect?n=3', 'fresh'],
    ['5 hops (the limit)', '/redirect?n=5', 'fresh'],
    ['6 hops', '/redirect?n=6', 'too_many_redirects'],
    ['a loop', '/loop', 'too_many_redirects'],
  ])('T12 %s → %s', async (_name, path, expected) => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test' }))).toBe(expected);
    await f.close();
  });

  it.each([
    [301, true],
    [308, true],
    [302, false],
    [307, false],
  ])('T12 a %i on a feed records movedTo: %s', async (code, moved) => {
    const f = fetcher();
    const out = await f.fetch({ url: srv.url(`/redirect?n=1&code=${code}`), kind: 'feed', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.movedTo).toBe(moved ? srv.url(`/redirect?n=0&code=${code}`) : undefined);
    expect(out.kind === 'fresh' && out.finalUrl).toBe(srv.url(`/redirect?n=0&code=${code}`));
    await f.close();
  });
});

describe('T23 conditional GET', () => {
  it('T23 run 1 gets 200 + validators; run 2 sends them and gets not-modified', async () => {
    const f = fetcher();
    const first = await f.fetch({ url: srv.url('/etag'), kind: 'feed', sourceId: 'test' });
    expect(first.kind === 'fresh' && first.validators).toEqual({ etag: '"v1"', lastModified: LAST_MODIFIED });
    const validators = first.kind === 'fresh' ? first.validators : {};
    const second = await f.fetch({ url: srv.url('/etag'), kind: 'feed', sourceId: 'test', validators });
    expect(second.kind).toBe('not-modified');
    const sent = srv.requests.filter((r) => r.path === '/etag').at(-1)?.headers;
    expect(sent).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': LAST_MODIFIED });
    await f.close();
  });

  it.each([
    ['ETag only', { etag: '"v1"' }, 'not-modified'],
    ['Last-Modified only', { lastModified: LAST_MODIFIED }, 'not-modified'],
    ['a stale ETag', { etag: '"v0"' }, 'fresh'],
  ])('T23 validators: %s → %s', async (_name, validators, expected) => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url('/etag'), kind: 'feed', sourceId: 'test', validators }))).toBe(expected);
    await f.close();
  });

  it('T23 a 304 we did not ask for is refetched once without validators, then an error', async () => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: srv.url('/always304'), kind: 'feed', sourceId: 'test' }))).toBe('protocol_error');
    const sent = srv.requests.filter((r) => r.path === '/always304');
    expect(sent).toHaveLength(2);
    expect(sent[1]?.headers['cache-control']).toBe('no-cache');
    await f.close();
  });
});
