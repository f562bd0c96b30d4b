// Matrix rows T14 and T15: the network policy. The URL check, the lookup check and the check on the address
// actually connected, each shown to hold on its own.
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedAgent } from '../../src/fetch/agent.js';
import { checkUrl, isNonPublicAddress, privateHostsOf } from '../../src/fetch/policy.js';
import { createFetcher } from '../../src/fetch/index.js';
import { startFaultServer, type FaultServer } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

let feedHost: FaultServer; // 127.0.0.1: listed by the source, which sets allowPrivateNetwork
let inner: FaultServer; // 127.0.0.2: an "internal" host nobody lists; must never see a request

beforeAll(async () => {
  feedHost = await startFaultServer();
  inner = await startFaultServer({ host: '127.0.0.2' });
});
afterAll(async () => {
  await feedHost.close();
  await inner.close();
});

/** Stub resolver: rebind.test and localhost.test point inward, public.test outward. */
const lookup = async (host: string): Promise<string> => {
  const table: Record<string, string> = { 'rebind.test': '127.0.0.1', 'localhost.test': '127.0.0.2', 'public.test': '93.184.216.34' };
  const a = table[host];
  if (!a) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return a;
};

function fetcher(allowPrivateNetwork = true) {
  return testFetcher([loopbackSource([feedHost.origin], { allowPrivateNetwork })], { lookup });
}

describe('address classification', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['64:ff9b::7f00:1', true],
    ['[::1]', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['2001:4860:4860::8888', false],
    ['::ffff:8.8.8.8', false],
    ['example.com', false],
  ])('T14 %s is non-public: %s', (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['http://2130706433/', 'ssrf'],
    ['http://0x7f.1/', 'ssrf'],
    ['http://0177.0.0.1/', 'ssrf'],
    ['http://[::ffff:127.0.0.1]/', 'ssrf'],
    ['http://169.254.169.254/latest/meta-data/', 'ssrf'],
    ['http://[fd00::1]/', 'ssrf'],
    ['ftp://example.com/', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/hostname', 'scheme'],
    ['data:text/html,x', 'scheme'],
    ['http://user:pw@example.com/', 'scheme'],
    ['not a url', 'scheme'],
    ['https://example.com/feed', 'ok'],
  ])('T14 checkUrl(%s) → %s', (url, expected) => {
    const v = checkUrl(url, new Set());
    expect(v.ok ? 'ok' : v.reason).toBe(expected);
  });
});

describe('T14 redirects to internal hosts or other schemes', () => {
  it.each([
    ['a listener on 127.0.0.2', () => `${inner.url('/secret')}`, 'ssrf_blocked'],
    ['cloud metadata 169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', 'ssrf_blocked'],
    ['IPv4-mapped IPv6 of 127.0.0.2', () => `http://[::ffff:127.0.0.2]:${inner.port}/secret`, 'ssrf_blocked'],
    ['decimal 127.0.0.2', () => `http://2130706434:${inner.port}/secret`, 'ssrf_blocked'],
    ['hex 127.0.0.2', () => `http://0x7f.0.0.2:${inner.port}/secret`, 'ssrf_blocked'],
    ['a name resolving to 127.0.0.2', () => `http://localhost.test:${inner.port}/secret`, 'ssrf_blocked'],
    ['file:', () => 'file:///etc/hostname', 'bad_scheme'],
    ['data:', () => 'data:text/plain,secret', 'bad_scheme'],
  ])('T14 a feed redirecting to %s → %s, and the internal host sees nothing', async (_name, target, code) => {
    const f = fetcher();
    const url = feedHost.url(`/redirect?to=${encodeURIComponent(target())}`);
    expect(await settle(f.fetch({ url, kind: 'feed', sourceId: 'test' }))).toBe(code);
    expect(inner.requests).toHaveLength(0);
    await f.close();
  });

  it('T14 a name the system resolver maps to loopback (localhost, from /etc/hosts) is refused at connect time', async () => {
    const f = testFetcher([loopbackSource([feedHost.origin])]);
    const url = feedHost.url(`/redirect?to=${encodeURIComponent(`http://localhost:${inner.port}/secret`)}`);
    expect(await settle(f.fetch({ url, kind: 'feed', sourceId: 'test' }))).toBe('ssrf_blocked');
    expect(inner.requests).toHaveLength(0);
    await f.close();
  });

  it('T14 without allowPrivateNetwork even the listed loopback feed is refused before any request', async () => {
    const f = fetcher(false);
    const before = feedHost.requests.length;
    expect(await settle(f.fetch({ url: feedHost.url('/feed'), kind: 'feed', sourceId: 'test' }))).toBe('skipped:ssrf');
    expect(feedHost.requests.length).toBe(before);
    await f.close();
  });

  it('T14 the connector checks the connected address even when no lookup runs (IP literal)', async () => {
    const agent = createGuardedAgent({ privateHosts: new Set(), connectTimeoutMs: 500 });
    const err = await request(inner.url('/secret'), { dispatcher: agent }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WW_SSRF_BLOCKED' });
    expect(inner.requests).toHaveLength(0);
    await agent.close();
  });
});

describe('T15 item links', () => {
  it.each([
    ['javascript:', 'javascript:alert(document.cookie)', 'skipped:scheme'],
    ['data:', 'data:text/html,<script>x</script>', 'skipped:scheme'],
    ['file:', 'file:///etc/passwd', 'skipped:scheme'],
    ['mailto:', 'mailto:editor@example.org', 'skipped:scheme'],
    ['a private literal', 'http://10.0.0.1/article', 'skipped:ssrf'],
    ['the internal loopback host', 'http://127.0.0.2/article', 'skipped:ssrf'],
  ])('T15 an item link with %s is never fetched → %s', async (_name, link, expected) => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: link, kind: 'page', sourceId: 'test' }))).toBe(expected);
    expect(f.stats().exchanges).toBe(0);
    await f.close();
  });

  it('T15 DNS rebinding: a name that resolves inward is refused at connect time', async () => {
    const f = testFetcher([loopbackSource(['http://127.0.0.3'], { allowPrivateNetwork: true })], { lookup });
    const before = feedHost.requests.length;
    expect(await settle(f.fetch({ url: `http://rebind.test:${feedHost.port}/page/1`, kind: 'page', sourceId: 'test' }))).toBe(
      'ssrf_blocked',
    );
    expect(feedHost.requests.length).toBe(before);
    await f.close();
  });

  it("T15 an item link on the source's own listed private host is fetched", async () => {
    const f = fetcher();
    expect(await settle(f.fetch({ url: feedHost.url('/page/1'), kind: 'page', sourceId: 'test' }))).toBe('fresh');
    await f.close();
  });
});

describe('T40 config-level checks the fetch layer owns (the config loader reports them with JSON paths)', () => {
  it.each([
    ['a non-http(s) feed URL', 'ftp://tass.com/rss', false, 'scheme'],
    ['a private-IP feed URL', 'http://192.168.0.10/rss', false, 'ssrf'],
    ['a private-IP feed URL with allowPrivateNetwork', 'http://192.168.0.10/rss', true, 'ok'],
    ['a public feed URL', 'https://tass.com/rss/v2.xml', false, 'ok'],
  ])('T40 %s → %s', (_name, feed, allowPrivateNetwork, expected) => {
    const s = loopbackSource([], { feeds: [feed], allowPrivateNetwork });
    const v = checkUrl(feed, privateHostsOf(s));
    expect(v.ok ? 'ok' : v.reason).toBe(expected);
  });

  it.each(['', '   '])('T40 an empty User-Agent (%j) fails fast with CONFIG_INVALID, before any request', (userAgent) => {
    expect(() => createFetcher({ userAgent, sources: [] })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', disposition: 'stop' }),
    );
  });
});
