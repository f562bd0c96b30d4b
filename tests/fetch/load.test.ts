// Matrix row T36 (fetch half): 50 loopback hosts (127.0.0.2–127.0.0.51) × 100 pages of ~30 KB, a seeded ~5 % of
// them faulty (T02–T12 kinds), all through one createFetcher. Asserts conservation (every request ends exactly
// once, with the outcome its fault predicts), per-host in-flight ≤ 1 on both sides, per-host start gaps ≥ the
// 20 ms delay, global in-flight ≤ 16, no unhandled rejections, and reports peak RSS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bomb, startFaultServer, type FaultServer, type Route } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

const HOSTS = 50;
const PAGES = 100;
const FAULT_RATE = 0.05;
const PAGE_BYTES = 30 * 1024;
const CAP_BYTES = 64 * 1024;
const DELAY_MS = 20;
const SEED = 20261122;

/** Fault kind → what the fetcher must report for it (settle() words). */
const EXPECTED: Record<string, string> = {
  ok: 'fresh',
  hang: 'timeout_total',
  hangBody: 'timeout_total',
  drip: 'timeout_total',
  truncOnce: 'fresh',
  truncAlways: 'truncated',
  s503once: 'fresh',
  s503always: 'http_status:503',
  s429once: 'fresh',
  big: 'too_large',
  bomb: 'too_large_decoded',
  chain: 'too_many_encodings',
  loop: 'too_many_redirects',
  notFound: 'http_status:404',
  robots: 'skipped:robots',
};
const FAULTS = Object.keys(EXPECTED).filter((k) => k !== 'ok');
/** Kinds that count against the circuit breaker; at most 4 per host so the breaker (5) never opens here. */
const BREAKER_KINDS = new Set(['hang', 'hangBody', 'drip', 'truncAlways', 's503always']);

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function plan(): string[][] {
  const rnd = mulberry32(SEED);
  return Array.from({ length: HOSTS }, () => {
    let breakerFaults = 0;
    return Array.from({ length: PAGES }, () => {
      if (rnd() >= FAULT_RATE) return 'ok';
      const kind = FAULTS[Math.floor(rnd() * FAULTS.length)] ?? 'ok';
      if (BREAKER_KINDS.has(kind) && ++breakerFaults > 4) return 'ok';
      return kind;
    });
  });
}

const PAGE = Buffer.alloc(PAGE_BYTES, 'lorem ipsum dolor sit amet. ');

/** Once-faults fail on the first request for a path and succeed after. */
function pageRoute(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, srv: FaultServer): void {
  const kind = q.get('f') ?? 'ok';
  const seen = (srv.hits.get(req.url ?? '') ?? 0) + 1;
  srv.hits.set(req.url ?? '', seen);
  const once = seen === 1;
  switch (kind) {
    case 'hang':
      return;
    case 'hangBody':
      return void res.writeHead(200).write('<html');
    case 'drip': {
      res.writeHead(200);
      const t = setInterval(() => res.write('x'), 50);
      return void res.on('close', () => clearInterval(t));
    }
    case 'truncOnce':
    case 'truncAlways':
      if (kind === 'truncAlways' || once) {
        res.writeHead(200, { 'content-length': String(PAGE_BYTES) }).write(PAGE.subarray(0, 100));
        return void setTimeout(() => res.destroy(), 5);
      }
      break;
    case 's503once':
    case 's503always':
      if (kind === 's503always' || once) return void res.writeHead(503).end('busy');
      break;
    case 's429once':
      if (once) return void res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      break;
    case 'big':
      return void res.writeHead(200).end(Buffer.alloc(CAP_BYTES * 3, 'b'));
    case 'bomb':
      return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb('gzip', 8));
    case 'chain':
      return void res.writeHead(200, { 'content-encoding': 'gzip, gzip, gzip, gzip, gzip, gzip' }).end('x');
    case 'loop':
      return void res.writeHead(302, { location: req.url ?? '/' }).end();
    case 'notFound':
      return void res.writeHead(404).end('gone');
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
}

const robotsRoute: Route = (_req, res) => void res.writeHead(200).end('User-agent: *\nDisallow: /private/\n');

let servers: FaultServer[] = [];
beforeAll(async () => {
  bomb('gzip', 8); // built once, before the clock starts
  servers = await Promise.all(
    Array.from({ length: HOSTS }, (_, i) =>
      startFaultServer({ host: `127.0.0.${i + 2}`, routes: { '/page/': pageRoute, '/private/': pageRoute, '/robots.txt': robotsRoute } }),
    ),
  );
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

it('T36 load: 50 hosts × 100 pages with ~5 % faults, every request ends exactly once as predicted', { timeout: 180_000 }, async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();

  const kinds = plan();
  const sources = servers.map((s, i) =>
    loopbackSource([s.origin], { id: `host${i}`, timeoutMs: 3_000, maxBodyBytes: CAP_BYTES, minDelayMs: DELAY_MS, respectRobots: true }),
  );
  // Only the total deadline (3 s) ends slow faults: undici's own headers/body timers tick at ~1 s resolution and
  // would race it. 3 s leaves room for event-loop lag on a loaded 2-core box (servers share this process).
  const f = testFetcher(sources, { limits: { headersTimeoutMs: 10_000, bodyIdleTimeoutMs: 10_000, globalConcurrency: 16 } });
  const started = Date.now();
  const jobs = servers.flatMap((s, h) =>
    (kinds[h] ?? []).map(async (kind, p) => {
      const dir = kind === 'robots' ? 'private' : 'page';
      const got = await settle(f.fetch({ url: s.url(`/${dir}/${p}?f=${kind}`), kind: 'page', sourceId: `host${h}` }));
      return { key: `${h}/${p}`, kind, got };
    }),
  );
  const results = await Promise.all(jobs);
  const elapsedMs = Date.now() - started;
  clearInterval(sampler);
  lag.disable();
  const stats = f.stats();
  await f.close();
  process.off('unhandledRejection', onUnhandled);

  const faulty = results.filter((r) => r.kind !== 'ok').length;
  console.log(
    `T36 load: ${results.length} requests, ${faulty} faulty, ${elapsedMs} ms, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB ` +
      `(+${Math.round((peakRss - startRss) / 2 ** 20)} MiB over the start), ` +
      `exchanges ${stats.exchanges}, retries ${stats.retries}, max in flight ${stats.maxInFlight}, ` +
      `event-loop lag max ${Math.round(lag.max / 1e6)} ms`,
  );
  // Conservation: 5,000 distinct keys, each ending once, each as its fault predicts.
  expect(new Set(results.map((r) => r.key)).size).toBe(HOSTS * PAGES);
  const wrong = results.filter((r) => r.got !== EXPECTED[r.kind]);
  const tally = new Map<string, number>();
  for (const r of wrong) tally.set(`${r.kind}->${r.got}`, (tally.get(`${r.kind}->${r.got}`) ?? 0) + 1);
  expect([...tally]).toEqual([]);
  const counted =
    stats.fresh +
    stats.notModified +
    Object.values(stats.skipped).reduce((a, b) => a + b, 0) +
    Object.values(stats.errors).reduce((a, b) => a + b, 0);
  expect([stats.requests, counted]).toEqual([HOSTS * PAGES, HOSTS * PAGES]);
  expect(faulty / results.length).toBeGreaterThan(0.03);
  // Politeness, measured on both sides.
  expect(Math.max(...servers.map((s) => s.maxInFlightAnswered()))).toBeLessThanOrEqual(1);
  expect(Math.max(...Object.values(stats.maxInFlightPerHost))).toBeLessThanOrEqual(1);
  expect(Math.min(...Object.values(stats.minStartGapMsPerHost))).toBeGreaterThanOrEqual(DELAY_MS);
  expect(stats.maxInFlight).toBeLessThanOrEqual(16);
  expect(stats.circuitOpen).toEqual([]);
  expect(servers.every((s) => s.count('/robots.txt') === 1)).toBe(true);
  expect(unhandled).toEqual([]);
  // What this load costs, over what the process held before it: the worker's RSS at the start depends on the
  // files vitest ran in it earlier. The 50 servers share this process, so the bound is looser than the matrix's
  // 300 MB for the crawler alone; Node 24's V8 keeps a larger heap for the same work (here +204 MiB on Node 20,
  // +343 on Node 24: heapTotal 156 vs 266 MiB, external 59 vs 105), so the bound is the one figure for both.
  expect(peakRss - startRss).toBeLessThan(400 * 2 ** 20);
});
