// Matrix row T13: TLS failures are `tls_error`, never retried, never downgraded; plus the https → http redirect
// refusal of T14. Certificates in tests/fetch/tls/ are test-only (a throwaway CA and leaf keys, made with
// openssl for these tests); the CA is trusted only through the dispatcher these tests pass in.
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

const tlsFile = (name: string): Buffer => readFileSync(new URL(`./tls/${name}`, import.meta.url));
const leafKey = tlsFile('test-only-leaf.key');

let servers: Record<'good' | 'expired' | 'wronghost' | 'selfsigned', FaultServer>;
let plain: FaultServer;

beforeAll(async () => {
  plain = await startFaultServer({ host: '127.0.0.5' });
  const at = (cert: string, key = leafKey) => startFaultServer({ tls: { key, cert: tlsFile(cert) } });
  servers = {
    good: await at('good.pem'),
    expired: await at('expired.pem'),
    wronghost: await at('wronghost.pem'),
    selfsigned: await at('self-signed.pem', tlsFile('test-only-self.key')),
  };
});
afterAll(async () => {
  await Promise.all([...Object.values(servers), plain].map((s) => s.close()));
});

/** Trusts the test CA (and nothing is ever set to skip verification). */
function fetcher(origins: string[]) {
  const dispatcher = new Agent({ connect: { ca: tlsFile('test-ca.pem') } });
  return { f: testFetcher([loopbackSource(origins)], { dispatcher }), dispatcher };
}

describe('T13 TLS failures', () => {
  it.each([
    ['a certificate from the trusted test CA (control)', 'good', 'fresh'],
    ['an expired certificate', 'expired', 'tls_error'],
    ['a certificate for another host name', 'wronghost', 'tls_error'],
    ['a self-signed certificate', 'selfsigned', 'tls_error'],
  ] as const)('T13 %s → %s, tried once', async (_name, which, expected) => {
    const srv = servers[which];
    const { f, dispatcher } = fetcher([srv.origin]);
    expect(await settle(f.fetch({ url: srv.url('/feed'), kind: 'feed', sourceId: 'test' }))).toBe(expected);
    expect(f.stats().exchanges).toBe(1);
    expect(srv.requests.length).toBe(expected === 'fresh' ? 1 : 0);
    await f.close();
    await dispatcher.close();
  });

  it('T13 a self-signed certificate also fails through the default guarded agent', async () => {
    const srv = servers.selfsigned;
    const f = testFetcher([loopbackSource([srv.origin])]);
    expect(await settle(f.fetch({ url: srv.url('/feed'), kind: 'feed', sourceId: 'test' }))).toBe('tls_error');
    await f.close();
  });
});

describe('T14 https → http downgrade', () => {
  it('T14 an https feed redirecting to http is refused and the http host sees nothing', async () => {
    const srv = servers.good;
    const { f, dispatcher } = fetcher([srv.origin, plain.origin]);
    const url = srv.url(`/redirect?to=${encodeURIComponent(plain.url('/feed'))}`);
    expect(await settle(f.fetch({ url, kind: 'feed', sourceId: 'test' }))).toBe('bad_scheme');
    expect(plain.requests).toHaveLength(0);
    await f.close();
    await dispatcher.close();
  });
});
