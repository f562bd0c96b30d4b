// The loopback site for the crawl benchmark, run as a child process (fork, IPC) so its CPU is not the crawler's.
// One node:http server per feed host (127.0.0.2 …), each serving /robots.txt (everything allowed), /feed.xml
// (RSS 2.0, ETag + Last-Modified, 304 on a match) and /a/<n>.html (gzip, one member as a real server sends it:
// the page's cached prefix and suffix deflated once, around its own deflated paragraphs, bench/gzip-parts.ts).
// Messages: {plan: pagesPerFeed} → {ok}, {stats} → counters.
// Every page of a plan is generated and compressed when the plan is set, before the crawl starts: on a 2-core
// machine the server's work during a crawl takes CPU from the crawler (making and gzipping pages on request
// was 16-26 % of one core during 1,000- and 3,000-page crawls), and a real site does that work on its own
// machines. During a crawl the server only writes bytes it holds.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { deflatePart, gzipMemberPieces, type DeflatedPart } from './gzip-parts.js';
import { createPlan, PLAN_DEFAULTS, hostOf, pageUrl } from './plan.js';

export interface ServerStats {
  feed: number;
  notModified: number;
  page: number;
  robots: number;
  other: number;
  /** Epoch ms (sub-ms precision) of the first request since the last reset. */
  firstRequestAt: number | null;
  /** CPU of the server process since it started, ms (bench/crawl.ts takes a crawl's share as a difference). */
  cpuMs: number;
}

const plan = createPlan();
const startedAt = Date.now();
let pagesPerFeed = 0;
const gz = new Map<string, Buffer>();
/** A page as served: the pieces of its one gzip member and its headers, kept across plans (a page's bytes depend
 *  only on its feed and item number). ~3 KB of memory per page beside the shared prefix and suffix pieces. */
interface Served {
  pieces: Buffer[];
  length: number;
  contentType: string;
}
const served = new Map<string, Served>();
/** The deflated parts of the cached prefix and suffix Buffers (the generator returns the same Buffer object each
 *  time), by role: a prefix continues the stream, a suffix ends it. */
const deflatedOf = { mid: new WeakMap<Buffer, DeflatedPart>(), last: new WeakMap<Buffer, DeflatedPart>() };
const stats: ServerStats = { feed: 0, notModified: 0, page: 0, robots: 0, other: 0, firstRequestAt: null, cpuMs: 0 };

function cachedFeed(key: string, make: () => string): Buffer {
  let z = gz.get(key);
  if (!z) gz.set(key, (z = gzipSync(make())));
  return z;
}

function shared(raw: Buffer, role: keyof typeof deflatedOf): DeflatedPart {
  let part = deflatedOf[role].get(raw);
  if (!part) deflatedOf[role].set(raw, (part = deflatePart(raw, role === 'last')));
  return part;
}

function servedPage(feed: number, item: number): Served {
  const key = `${feed}/${item}`;
  let page = served.get(key);
  if (!page) {
    const p = plan.page(feed, item);
    const pieces = gzipMemberPieces([shared(p.prefix, 'mid'), deflatePart(p.unique, false), shared(p.suffix, 'last')]);
    page = { pieces, length: pieces.reduce((n, piece) => n + piece.length, 0), contentType: p.contentType };
    served.set(key, page);
  }
  return page;
}

function feedXml(feed: number, port: number): string {
  const k = plan.feedKind(feed);
  const items: string[] = [];
  for (let i = 0; i < pagesPerFeed; i++) {
    const at = new Date(startedAt - (i + 1) * 60_000).toUTCString();
    items.push(
      `<item><title>${k.id} item ${feed}-${i}: bench story ${i}</title><link>${pageUrl(feed, i, port)}</link><guid isPermaLink="false">bench-${feed}-${i}</guid><pubDate>${at}</pubDate><description>Summary of bench story ${feed}-${i}.</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>bench ${k.id} ${feed}</title><link>http://${hostOf(feed)}:${port}/</link><description>bench feed</description>${items.join('\n')}</channel></rss>\n`;
}

function handle(feed: number, port: number, req: IncomingMessage, res: ServerResponse): void {
  stats.firstRequestAt ??= performance.timeOrigin + performance.now();
  const url = req.url ?? '/';
  if (url === '/robots.txt') {
    stats.robots++;
    return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
  }
  if (url === '/feed.xml') {
    const etag = `"f${feed}-n${pagesPerFeed}"`;
    const lastModified = new Date(startedAt).toUTCString();
    if (req.headers['if-none-match'] === etag) {
      stats.notModified++;
      return void res.writeHead(304, { etag, 'last-modified': lastModified }).end();
    }
    stats.feed++;
    const body = cachedFeed(`${feed}/${pagesPerFeed}`, () => feedXml(feed, port));
    return void res
      .writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        'content-encoding': 'gzip',
        etag,
        'last-modified': lastModified,
        'content-length': body.length,
      })
      .end(body);
  }
  const m = /^\/a\/(\d+)\.html$/.exec(url);
  const item = m ? Number(m[1]) : -1;
  if (item < 0 || item >= pagesPerFeed) {
    stats.other++;
    return void res.writeHead(404).end('not found');
  }
  stats.page++;
  const page = servedPage(feed, item);
  res.writeHead(200, { 'content-type': page.contentType, 'content-encoding': 'gzip', 'content-length': page.length });
  res.cork();
  for (const piece of page.pieces) res.write(piece);
  res.end();
}

function listen(feed: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    let port = 0;
    const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => handle(feed, port, req, res));
    server.once('error', reject).listen(0, hostOf(feed), () => {
      port = (server.address() as { port: number }).port;
      resolve({ server, port });
    });
  });
}

const feeds = Number(process.argv[2] ?? PLAN_DEFAULTS.feeds);
const servers = await Promise.all(Array.from({ length: feeds }, (_, f) => listen(f)));
process.on('message', (msg: { plan?: number; stats?: boolean; reset?: boolean }) => {
  if (msg.plan !== undefined) {
    pagesPerFeed = msg.plan;
    gz.clear();
    for (let feed = 0; feed < servers.length; feed++) for (let item = 0; item < pagesPerFeed; item++) servedPage(feed, item);
  }
  if (msg.reset) Object.assign(stats, { feed: 0, notModified: 0, page: 0, robots: 0, other: 0, firstRequestAt: null });
  const cpu = process.cpuUsage();
  stats.cpuMs = (cpu.user + cpu.system) / 1000;
  process.send?.({ stats });
});
process.on('disconnect', () => servers.forEach((s) => s.server.close()));
process.send?.({ ports: servers.map((s) => s.port) });
