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
import { checkSource } from '../../src/commands/sources-check.js';
import { join } from 'node:path';
import pino from 'pino';
import { crawl } from '../../src/run.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { ROOT, scratch } from '../e2e/helpers.js';
import { UA } from './helpers.js';

let tspd: FaultServer;
let sp403: FaultServer;
let sp460: FaultServer;
let other: FaultServer;
beforeAll(async () => {
  other = await startFaultServer({ host: '127.0.0.2' });
  tspd = await startTspdServer({ stealUrl: other.url('/steal'), host: '127.0.0.3' });
  sp403 = await startServicePipeServer('stub');
  sp460 = await startServicePipeServer('460');
});
afterAll(() => Promise.all([tspd, sp403, sp460, other].map((s) => s.close())));

const noBrowser = async () => ({ ok: false as const, reason: `no Chromium at /nowhere: ${INSTALL_HINT}` });

async function attempt(srv: FaultServer, mode: FetchMode | undefined, path = '/feed') {
  const f = testFetcher([loopbackSource([srv.origin], mode ? { fetch: mode } : {})], { launchBrowser: noBrowser });
  const err = await f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test' }).then(
    () => undefined,
    (e: unknown) => e,
  );
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

describe('sources check says what the crawl says', () => {
  it.each([
    ['ServicePipe stub', () => sp403, undefined, 'servicepipe'],
    ['ServicePipe 460', () => sp460, undefined, 'servicepipe'],
    ['TSPD reset, auto source without a browser', () => tspd, 'auto', 'f5-shape'],
  ] as const)('W01–W03 %s → blocked, vendor %s', async (_name, srv, mode, vendor) => {
    const source = loopbackSource([srv()!.origin], mode ? { fetch: mode } : {});
    const f = testFetcher([source], { launchBrowser: noBrowser });
    const row = await checkSource(f, source, new Date('2026-12-03T12:00:00Z'));
    await f.close();
    expect(row).toMatchObject({ feedStatus: 'blocked', vendor });
  });

  it('W01–W03 the crawl of the same three sources: every feed blocked with its vendor, none an error, exit 3', async () => {
    const sources = [
      loopbackSource([sp403.origin], { id: 'sp-stub' }),
      loopbackSource([sp460.origin], { id: 'sp-460' }),
      loopbackSource([tspd.origin], { id: 'tspd', fetch: 'auto' }),
    ];
    const out = scratch('ww-walls-crawl-');
    const result = await crawl({
      config: { userAgent: UA, defaults: sources[0]!, sources },
      watchlist: loadWatchlistFile(join(ROOT, 'watchlist.json')),
      log: pino({ level: 'silent' }),
      outDir: out,
      statePath: join(out, 'state.db'),
      fetch: { launchBrowser: noBrowser, limits: { backoffBaseMs: 5, backoffMaxMs: 10 } },
    });
    if (result.kind !== 'done') throw new Error('locked');
    const feeds = result.report.sources.map((s) => [
      s.id,
      s.feeds[0]?.status,
      s.feeds[0]?.code,
      /servicepipe|f5-shape/.exec(s.feeds[0]?.message ?? '')?.[0],
    ]);
    expect(feeds).toEqual([
      ['sp-stub', 'blocked', 'blocked', 'servicepipe'],
      ['sp-460', 'blocked', 'blocked', 'servicepipe'],
      ['tspd', 'blocked', 'blocked', 'f5-shape'],
    ]);
    expect(result.report.exitCode).toBe(3);
  });
});
