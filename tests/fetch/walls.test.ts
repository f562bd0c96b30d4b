// Walls without a browser: ServicePipe's stub and 460, F5/Shape TSPD's challenge page and its reset of a first
// request, each `blocked` with the vendor named (never `error`), and a source that needs a browser where none
// can start is `blocked` with the install hint. The browser half is tests/browser/walls.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedError } from '../../src/fetch/challenge.js';
import type { FetchMode } from '../../src/types.js';
import { startFaultServer, type FaultServer } from './servers.js';
import { startServicePipeServer, startTspdServer } from './walled.js';
import { loopbackSource, testFetcher } from './helpers.js';
import { INSTALL_HINT } from '../../src/fetch/browser/launch.js';

let tspd: FaultServer;
let sp403: FaultServer;
let sp460: FaultServer;
let other: FaultServer;
beforeAll(async () => {
  other = await startFaultServer({ host: '127.0.0.2' });
  tspd = await startTspdServer({ stealUrl: other.url('/steal') });
  sp403 = await startServicePipeServer('stub');
  sp460 = await startServicePipeServer('460');
});
afterAll(() => Promise.all([tspd, sp403, sp460, other].map((s) => s.close())));

const noBrowser = async () => ({ ok: false as const, reason: `no Chromium at /nowhere: ${INSTALL_HINT}` });

async function attempt(srv: FaultServer, mode: FetchMode | undefined, path = '/feed') {
  const f = testFetcher([loopbackSource([srv.origin], mode ? { fetch: mode } : {})], { launchBrowser: noBrowser });
  const err = await f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test' }).then(() => undefined, (e: unknown) => e);
  await f.close();
  return err as BlockedError | undefined;
}

describe('walls without a browser', () => {
  it.each([
    ['ServicePipe stub (403), plain source', () => sp403, undefined, 'servicepipe', /HTTP 403/],
    ['ServicePipe 460, plain source', () => sp460, undefined, 'servicepipe', /HTTP 460/],
    ['ServicePipe stub, auto source: needs a browser', () => sp403, 'auto', 'servicepipe', /needs a browser.*apt-get install -y chromium/],
    ['TSPD reset of the first request, auto source', () => tspd, 'auto', 'f5-shape', /needs a browser.*CHROMIUM_PATH/],
    ['TSPD, browser source', () => tspd, 'browser', 'unknown', /needs a browser.*apt-get install -y chromium/],
  ] as const)('W01–W03 %s → blocked (%s)', async (_name, srv, mode, vendor, message) => {
    const err = await attempt(srv(), mode);
    expect(err).toBeInstanceOf(BlockedError);
    expect(err).toMatchObject({ code: 'blocked', vendor, disposition: 'skip' });
    expect(err?.message).toMatch(message);
  });

  it('W02 a reset at first contact is `blocked` only for a source that says it is walled; otherwise a network error', async () => {
    const err = await attempt(tspd, 'plain');
    expect(err).toMatchObject({ code: 'network_error' });
  });

  it('W02 the auto source without a browser: the reset wall names F5/Shape in the plain attempt', async () => {
    const f = testFetcher([loopbackSource([tspd.origin], { fetch: 'auto' })], { launchBrowser: noBrowser });
    const err = await f.fetch({ url: tspd.url('/feed'), kind: 'feed', sourceId: 'test' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/f5-shape/);
    expect(f.stats().browserPages).toBe(0);
    await f.close();
  });
});
