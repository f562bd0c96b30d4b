// Items without a link, end to end: `wirewatch feed` prints them (with the parse mode and the charset rule), and a
// crawl keeps them as feed-only items: matched on their feed text (content:encoded when given), addressed by the
// feed's URL, no page fetched, final on the first run (nothing retried, nothing new on the second).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, scratch } from './helpers.js';
import { configOf, runCrawl, sourceFor, startFeedServer, type CrawlRun } from '../hostile/helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';

// Our own text. The guid-less, link-less second item is identified by its title and time.
const FEED = `<?xml version="1.0" encoding="windows-1252"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk \x93wire\x94</title>
<item><guid isPermaLink="false">desk-101</guid><title>Briefing notes</title>
<description>Short &amp; plain.</description>
<content:encoded><![CDATA[<p>Lavrov and Wang Yi spoke about Arctic shipping.</p><script>track()</script><p>Second paragraph \x80 10.</p>]]></content:encoded>
<pubDate>Sat, 21 Nov 2026 09:30:00 +0300</pubDate></item>
<item><title>Weather bulletin</title><description>Snow in the north.</description><pubDate>Sat, 21 Nov 2026 08:00:00 GMT</pubDate></item>
</channel>`; // cut before </rss>: read leniently

describe('wirewatch feed FILE', () => {
  it('prints the items as the crawler reads them, link-less ones included', async () => {
    const dir = scratch('ww-feedcmd-');
    const file = join(dir, 'desk.xml');
    writeFileSync(file, Buffer.from(FEED, 'latin1'));
    const r = await cli(['feed', file, '--url', 'https://desk.example.org/rss.xml']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      url: 'https://desk.example.org/rss.xml',
      status: 'ok',
      format: 'rss',
      parseMode: 'lenient',
      charset: 'windows-1252',
      charsetSource: 'xml-decl',
      title: 'Desk “wire”',
    });
    expect(out.items).toHaveLength(2);
    expect(out.items[0]).toMatchObject({
      guid: 'desk-101',
      title: 'Briefing notes',
      summary: 'Short & plain.',
      publishedAt: '2026-11-21T06:30+00:00',
    });
    expect(out.items[0].content).toEqual(['Lavrov and Wang Yi spoke about Arctic shipping.', 'Second paragraph € 10.']);
    expect(out.items[0].link).toBeUndefined();
    expect(out.items[1]).toMatchObject({ title: 'Weather bulletin', dates: { published: '2026-11-21T08:00:00Z' } });
  });

  it('an HTML file is not a feed: exit 3 with the reason', async () => {
    const file = join(scratch('ww-feedcmd-'), 'page.html');
    writeFileSync(file, '<!DOCTYPE html><html><body><p>Hello</p></body></html>');
    const r = await cli(['feed', file]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'not_a_feed', code: 'not_a_feed' });
  });

  it('no target is a usage error', async () => {
    expect((await cli(['feed'])).code).toBe(2);
  });
});

describe('a crawl keeps link-less items as feed-only items', () => {
  let srv: FaultServer;
  let first: CrawlRun;
  let second: CrawlRun;
  beforeAll(async () => {
    srv = await startFeedServer('127.0.0.61', (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(Buffer.from(FEED, 'latin1'));
    });
    const config = configOf([sourceFor('desk', srv.url('/feed'))]);
    const out = scratch('ww-feedonly-');
    first = await runCrawl(config, { out });
    second = await runCrawl(config, { out });
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('both items are processed, the matching one is flagged from its content:encoded, the other seen', () => {
    const feed = first.report.sources[0]?.feeds[0];
    expect(feed).toMatchObject({ status: 'ok', parseMode: 'lenient', items: 2 });
    expect(first.report.items.map((i) => i.state).sort()).toEqual(['flagged', 'seen']);
  });

  it('the candidate is feed-only, addressed by the feed URL, with an excerpt from the full text', () => {
    const c = first.candidates.items as { feedOnly: boolean; url: string; title: string; excerpts: { text: string }[] }[];
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ feedOnly: true, url: srv.url('/feed'), title: 'Briefing notes' });
    expect(c[0]?.excerpts[0]?.text).toContain('Lavrov and Wang Yi');
  });

  it('no page is fetched, and the second run finds nothing new and retries nothing', () => {
    expect(srv.requests.map((r) => r.path.split('?')[0]).filter((p) => p !== '/feed')).toEqual([]);
    expect(second.report.counts).toMatchObject({ new: 0, fetched: 0, flagged: 0 });
  });
});

describe('a page without a body still dates its item', () => {
  // Our own text. Neither item has a pubDate; both pages lack an article body, one tells its date in meta.
  const feedOf = (origin: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss><channel><title>Desk</title>
<item><title>Lavrov call, dated page</title><link>${origin}/a/1</link><description>Lavrov spoke to Wang Yi.</description></item>
<item><title>Lavrov call, undated page</title><link>${origin}/a/2</link><description>Lavrov spoke again.</description></item>
</channel></rss>`;
  const noBody = (head: string) =>
    `<!DOCTYPE html><html><head><title>Desk</title>${head}</head><body><nav><a href="/">Home</a></nav></body></html>`;
  const html = (body: string) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  let srv: FaultServer;
  let run: CrawlRun;
  beforeAll(async () => {
    srv = await startFaultServer({
      host: '127.0.0.62',
      routes: {
        '/feed': (req: IncomingMessage, res: ServerResponse) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          res.end(feedOf(`http://${req.headers.host}`));
        },
        '/a/1': html(noBody('<meta property="article:published_time" content="2026-11-20T07:00:00Z">')),
        '/a/2': html(noBody('')),
      },
    });
    run = await runCrawl(configOf([sourceFor('desk', srv.url('/feed'))]), { out: scratch('ww-nobody-') });
  });
  afterAll(async () => {
    await srv?.close();
  });

  it.each([
    // [item, its time on the candidate (the page's, in the source zone), why it is feed-only]
    ['Lavrov call, dated page', '2026-11-20T10:00+03:00', 'extract_error'],
    ['Lavrov call, undated page', null, 'extract_error'],
  ])('%s: publishedAt %s, %s', (title, publishedAt, code) => {
    const c = run.candidates.items.find((i: { title: string }) => i.title === title);
    expect(c).toMatchObject({ feedOnly: true, publishedAt, error: { code } });
  });
});
