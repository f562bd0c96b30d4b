// Data that was quietly lost or misreported, through crawl() on loopback: entries past the per-feed limit are
// counted and reported; an implausible date is treated as missing (the item shows, sorted by first sight);
// only http(s) addresses reach candidates.json; a run whose article pages all timed out exits 3.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { candidatesValidator } from '../e2e/helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';
import { configOf, runCrawl, sourceFor } from './helpers.js';
import { FEED_LIMITS } from '../../src/feed.js';

const servers: FaultServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
const validate = candidatesValidator();

interface Entry {
  title: string;
  link?: string;
  guid?: string;
  date?: string;
  summary?: string;
}
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const rss = (entries: Entry[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${entries
    .map(
      (e) =>
        `<item><title>${esc(e.title)}</title>` +
        `${e.link ? `<link>${esc(e.link)}</link>` : ''}${e.guid ? `<guid isPermaLink="false">${esc(e.guid)}</guid>` : ''}` +
        `${e.date ? `<pubDate>${e.date}</pubDate>` : ''}${e.summary ? `<description>${esc(e.summary)}</description>` : ''}</item>`,
    )
    .join('')}</channel></rss>`;

async function feedSite(
  host: string,
  feed: (origin: string) => string,
  page?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FaultServer> {
  const box = { origin: '' };
  const srv = await startFaultServer({
    host,
    routes: {
      '/feed': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(box.origin)),
      '/page/':
        page ??
        ((_req, res) =>
          void res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(
              '<html><body><article><h1>Lavrov</h1><p>Lavrov met Wang Yi in Beijing on Wednesday for long talks about trade.</p></article></body></html>',
            )),
    },
  });
  box.origin = srv.origin;
  servers.push(srv);
  return srv;
}

describe('case 8: every entry past the per-feed limit is counted and reported', () => {
  it('1,005 entries: 1,000 processed, 5 dropped in the feed report, the run counts and the exit code', async () => {
    const entries = Array.from({ length: FEED_LIMITS.maxItems + 5 }, (_, i) => ({
      title: `Harbour note ${i}`,
      guid: `g-${i}`,
      summary: 'A quiet note about the harbour festival.',
    }));
    const srv = await feedSite('127.0.0.186', () => rss(entries));
    const { report } = await runCrawl(configOf([sourceFor('many', srv.url('/feed'))]));
    const feed = report.sources[0]!.feeds[0]!;
    expect(feed).toMatchObject({ status: 'ok', items: FEED_LIMITS.maxItems, dropped: 5 });
    expect(report.counts.dropped).toBe(5);
    expect(report.items.length).toBe(FEED_LIMITS.maxItems);
  });
});

describe('cases 9 and 10: implausible dates and non-http links', () => {
  it('items dated 1900 or year −271821 are in candidates.json, sorted by first sight; javascript:/data:/file: links are never written', async () => {
    const srv = await feedSite('127.0.0.187', (o) =>
      rss([
        { title: 'Lavrov speaks on trade (1900)', link: `${o}/page/old`, guid: 'd-1900', date: 'Mon, 01 Jan 1900 00:00:00 GMT' },
        { title: 'Lavrov speaks on trade (ancient)', link: `${o}/page/ancient`, guid: 'd-ancient', date: '-271821-04-20T00:00:00Z' },
        { title: 'Lavrov link javascript', link: 'javascript:alert(1)', guid: 'j-1', summary: 'Lavrov met Wang Yi.' },
        { title: 'Lavrov link data', link: 'data:text/html,<b>x</b>', guid: 'j-2', summary: 'Lavrov met Wang Yi.' },
        { title: 'Lavrov link file', link: 'file:///etc/passwd', guid: 'j-3', summary: 'Lavrov met Wang Yi.' },
      ]),
    );
    const { report, candidates } = await runCrawl(configOf([sourceFor('odd', srv.url('/feed'))]));
    expect(report.counts.flagged).toBe(5);
    expect(candidates.items.length).toBe(5);
    const dated = candidates.items.filter((c: { url: string }) => c.url.includes('/page/'));
    expect(dated.map((c: { url: string; publishedAt: string | null }) => [c.url.replace(srv.origin, ''), c.publishedAt]).sort()).toEqual([
      ['/page/ancient', null],
      ['/page/old', null],
    ]);
    for (const c of candidates.items) expect(c.url).toMatch(/^https?:\/\//);
    const leaked = JSON.stringify(candidates).match(/.{80}(?:javascript:alert|data:text\/html|file:\/\/\/etc).{80}/g);
    expect(leaked).toBeNull();
    expect(validate(candidates)).toEqual([]);
  });
});

describe('also: pages that fail make the run partial', () => {
  it('every article page times out: the items are feed-only candidates, and the run exits 3 and counts the pages', async () => {
    const entries = (o: string) =>
      Array.from({ length: 4 }, (_, i) => ({
        title: `Lavrov talks ${i}`,
        link: `${o}/page/${i}`,
        guid: `t-${i}`,
        summary: 'Lavrov met Wang Yi.',
      }));
    const srv = await feedSite(
      '127.0.0.188',
      (o) => rss(entries(o)),
      () => undefined,
    );
    const { report, candidates } = await runCrawl(configOf([sourceFor('slow', srv.url('/feed'), { timeoutMs: 1_000 })]));
    expect(report.items.map((i) => i.state)).toEqual(['feed_only', 'feed_only', 'feed_only', 'feed_only']);
    expect(candidates.items.length).toBe(4);
    expect(report.counts.pageErrors).toBe(4);
    expect(report.exitCode).toBe(3);
  });
});
