// A source's own CA (`"tls": {"ca": "file.pem"}`): trusted beside the standard roots for that source's hosts
// only, never for another source, never with verification off. The loopback HTTPS server's certificate is
// signed by the throwaway test CA in tests/fetch/tls/ (see tls.test.ts), which no standard root store holds.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSources } from '../../src/config.js';
import { usesExtraCa } from '../../src/fetch/agent.js';
import type { SourceConfig } from '../../src/types.js';
import { startFaultServer, type FaultServer } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

const TLS_DIR = new URL('./tls/', import.meta.url).pathname;
const tlsFile = (name: string): Buffer => readFileSync(`${TLS_DIR}${name}`);
const CA_PEM = tlsFile('test-ca.pem').toString();

let srv: FaultServer;
beforeAll(async () => {
  srv = await startFaultServer({ tls: { key: tlsFile('test-only-leaf.key'), cert: tlsFile('good.pem') } });
});
afterAll(() => srv.close());

const withCa = (id: string, o: Partial<SourceConfig> = {}): SourceConfig =>
  loopbackSource([srv.origin], { id, tls: { caFile: 'test-ca.pem', ca: CA_PEM }, ...o });

describe('per-source extra CA', () => {
  it.each([
    ['the source naming the CA', 'ca', 'fresh'],
    ['another source on the same server without it', 'plain', 'tls_error'],
  ])('W07 %s → %s', async (_name, id, expected) => {
    const sources = [withCa('ca'), loopbackSource([srv.origin], { id: 'plain' })];
    const f = testFetcher(sources);
    expect(await settle(f.fetch({ url: srv.url('/feed'), kind: 'feed', sourceId: id }))).toBe(expected);
    await f.close();
  });

  it('W07 the CA source reaching a host outside its feeds verifies against the standard roots only', () => {
    const extraCa = { pem: CA_PEM, hosts: new Set(['127.0.0.1', 'mid.ru']) };
    const o = { privateHosts: new Set<string>(), connectTimeoutMs: 1000, extraCa };
    expect([usesExtraCa(o, '127.0.0.1'), usesExtraCa(o, 'MID.RU'), usesExtraCa(o, 'www.mid.ru'), usesExtraCa(o, 'example.org')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('sources.json "tls"', () => {
  const config = (tls: unknown) => ({
    userAgent: 'wirewatch-test/0.1',
    sources: [
      {
        id: 'mid-en',
        name: 'Russian MFA',
        lang: 'en',
        timeZone: 'Europe/Moscow',
        adapter: 'mid',
        feeds: ['https://mid.ru/en/rss.php'],
        tls,
      },
    ],
  });
  const problem = (tls: unknown): string | undefined => {
    const r = validateSources(config(tls), `${TLS_DIR}sources.json`);
    return r.ok ? undefined : r.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  };

  it.each([
    ['a CA file relative to sources.json', { ca: 'test-ca.pem' }, undefined],
    ['a missing file', { ca: 'nope.pem' }, /\$\.sources\[0\]\.tls\.ca: cannot read .*nope\.pem: ENOENT/],
    ['a leaf certificate, not a CA', { ca: 'good.pem' }, /tls\.ca: .*good\.pem: certificate 1 .* is not a CA certificate/],
    ['a private key', { ca: 'test-only-leaf.key' }, /holds a private key/],
    ['a switch to turn verification off', { ca: 'test-ca.pem', rejectUnauthorized: false }, /tls\.rejectUnauthorized: unknown key/],
    ['no file named', {}, /tls\.ca: must name a PEM file/],
  ])('W07 config: %s', (_name, tls, expected) => {
    const got = problem(tls);
    if (expected === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(expected);
  });

  it('the checked PEM is carried on the source', () => {
    const r = validateSources(config({ ca: 'test-ca.pem' }), `${TLS_DIR}sources.json`);
    expect(r.ok && r.value.sources[0]?.tls).toEqual({ caFile: 'test-ca.pem', ca: expect.stringContaining('-----BEGIN CERTIFICATE-----') });
  });
});
