// T34 at crawl level: one of several hosts drips on every article URL. The circuit breaker opens after 5 failures
// and the rest of that host is deferred unsent; or, with the breaker out of reach, the run deadline ends the run
// cleanly with the unfinished items deferred. Either way exit 3, other hosts untouched, and the next run picks the
// deferred items up.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultServer } from '../fetch/servers.js';
import { scratch } from '../e2e/helpers.js';
import { configOf, conservation, idsFor, pageOf, runCrawl, sourceFor, startSite, story, type Story } from './helpers.js';

const MARGIN_MS = 5_000;
const closers: FaultServer[] = [];
afterAll(async () => {
  await Promise.all(closers.map((s) => s.close()));
});

/** Pages that drip one byte a second (headers flushed at once) while `state.drip`, else the page itself. */
function drippingPages(stories: Story[], state: { drip: boolean }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const s = stories.find((x) => (req.url ?? '').endsWith(`/${x.slug}`));
    if (!state.drip && s) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageOf(s));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.flushHeaders();
    const timer = setInterval(() => res.write('x'), 1000);
    res.on('close', () => clearInterval(timer));
  };
}

async function world(base: number, n: number) {
  const stories = Array.from({ length: n }, (_, i) => story(`d${base}-${i}`, true));
  const state = { drip: true };
  const drippy = await startSite(`127.0.0.${base}`, stories, drippingPages(stories, state));
  const healthy = [
    await startSite(`127.0.0.${base + 1}`, [story(`h${base}-a`), story(`h${base}-b`)]),
    await startSite(`127.0.0.${base + 2}`, [story(`h${base}-c`)]),
  ];
  closers.push(drippy, ...healthy);
  // The total deadline (timeoutMs) ends each drip; the idle timer is kept out of the way.
  const sources = [
    sourceFor('drippy', drippy.url('/feed'), { timeoutMs: 500 }),
    ...healthy.map((h, i) => sourceFor(`healthy${i}`, h.url('/feed'))),
  ];
  const ids = await idsFor(sources[0]!, drippy.origin, stories);
  return { stories, state, drippy, healthy, sources, ids, out: scratch('ww-hostile-t34-') };
}

const byState = (report: { items: { id: string; sourceId: string; state: string; error?: { code: string } }[] }, sourceId: string) =>
  report.items
    .filter((i) => i.sourceId === sourceId)
    .reduce<Record<string, string[]>>((m, i) => {
      const k = `${i.state}:${i.error?.code ?? ''}`;
      (m[k] ??= []).push(i.id);
      return m;
    }, {});

describe('T34 a hung host at crawl level', () => {
  it('T34 the breaker opens after 5 drips: the rest are deferred unsent, other hosts flagged, exit 3; the next run picks them up', async () => {
    const w = await world(80, 9);
    const run1 = await runCrawl(configOf(w.sources), { out: w.out, deadlineMs: 30_000, limits: { bodyIdleTimeoutMs: 10_000 } });
    const groups = byState(run1.report, 'drippy');
    expect(Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.length]))).toEqual({
      'failed:timeout_total': 5,
      'deferred:skipped_circuit_open': 4,
    });
    expect(w.drippy.count('/feed')).toBe(1);
    expect(w.drippy.requests.filter((r) => r.path.startsWith('/page/'))).toHaveLength(5); // the deferred 4 were never sent
    expect(run1.report.fetch).toMatchObject({ circuitOpen: ['127.0.0.80'] });
    expect(['healthy0', 'healthy1'].map((id) => Object.keys(byState(run1.report, id)))).toEqual([['flagged:'], ['flagged:']]);
    expect(run1.report.exitCode).toBe(3);
    w.state.drip = false;
    const run2 = await runCrawl(configOf(w.sources), { out: w.out });
    expect(byState(run2.report, 'drippy')).toEqual({ 'seen:': w.ids });
    expect(
      w.stories
        .map((s) => w.drippy.count(`/page/${s.slug}`))
        .every((n, i) => n === (groups['failed:timeout_total']?.includes(w.ids[i]!) ? 2 : 1)),
    ).toBe(true);
    expect(run2.report.exitCode).toBe(0);
  });

  it('T34 with the breaker out of reach, the run deadline ends the run: unfinished items deferred, exit 3, the next run picks them up', async () => {
    const DEADLINE_MS = 3_000;
    const w = await world(90, 12);
    const run1 = await runCrawl(configOf(w.sources), {
      out: w.out,
      deadlineMs: DEADLINE_MS,
      limits: { bodyIdleTimeoutMs: 10_000, breakerThreshold: 1_000 },
    });
    expect(run1.elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(run1.report.exitCode).toBe(3);
    const groups = byState(run1.report, 'drippy');
    expect(Object.keys(groups).sort()).toEqual(['deferred:skipped_deferred', 'failed:timeout_total']);
    expect(Object.values(groups).flat().sort()).toEqual([...w.ids].sort());
    // 12 drips of 0.5 s one after another cannot fit in 3 s: most never started.
    expect(w.drippy.requests.filter((r) => r.path.startsWith('/page/')).length).toBeLessThan(12);
    expect(conservation(run1.report).duplicates).toEqual([]);
    expect(['healthy0', 'healthy1'].map((id) => Object.keys(byState(run1.report, id)))).toEqual([['flagged:'], ['flagged:']]);
    w.state.drip = false;
    const run2 = await runCrawl(configOf(w.sources), { out: w.out });
    expect(byState(run2.report, 'drippy')).toEqual({ 'seen:': w.ids });
    expect(run2.report.exitCode).toBe(0);
  });
});
