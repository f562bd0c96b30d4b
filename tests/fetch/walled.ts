// Loopback servers that play the two walls of the live sites (markers only, our own writing, no vendor code):
//   TSPD-like: a request without the pass cookie is reset at the TCP level when its user agent is not a
//     browser's, and answered with a challenge page (bobcmn, TSPD_101_DID, a /TSPD/ script) when it is; the
//     script sets the cookie and reloads. With the cookie, the site answers: robots.txt, a feed, pages.
//     The script also tries to reach `stealUrl` (another loopback host), to open a pop-up and to register a
//     service worker: the crawler must refuse all of them.
//   ServicePipe-like: a ~2 kB JS stub (403) or HTTP 460 for every request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFaultServer, type FaultServer, type Route } from './servers.js';

export const PASS_COOKIE = 'TS01a2b3c4=passed';

const CHALLENGE =
  '<!DOCTYPE html><html><head><title></title><script>window.bobcmn = "101110";window.TSPD_101_DID = "08a1b2";</script>' +
  '<script src="/TSPD/08f4e1c2d3a4b5c6?type=9"></script></head><body><noscript>Please enable JavaScript.</noscript></body></html>';

const script = (stealUrl: string): string => `
  try { fetch(${JSON.stringify(stealUrl)}, { mode: 'no-cors' }).catch(function () {}); } catch (e) {}
  try { new Image().src = ${JSON.stringify(`${stealUrl}?img`)}; } catch (e) {}
  try { window.open('/popup'); } catch (e) {}
  try { navigator.serviceWorker && navigator.serviceWorker.register('/sw.js').catch(function () {}); } catch (e) {}
  document.cookie = ${JSON.stringify(`${PASS_COOKIE}; path=/`)};
  setTimeout(function () { location.reload(); }, 30);
`;

function feed(origin: string, pages: string[]): string {
  const items = pages
    .map(
      (p, i) =>
        `<item><title>Lavrov and Wang Yi item ${i + 1}</title><link>${origin}${p}</link><guid>${origin}${p}</guid>` +
        `<pubDate>Tue, 01 Dec 2026 0${i}:00:00 GMT</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Walled wire</title><link>${origin}/</link>${items}</channel></rss>`;
}

const article = (n: string): string =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ministry statement ' +
  `${n}</title></head><body><article><h1>Ministry statement ${n}</h1>` +
  '<p>Sergey Lavrov and Wang Yi discussed the Arctic route and the schedule of consultations for the coming year.</p>' +
  '<p>Both sides agreed to continue the dialogue at the level of deputy ministers in the spring.</p></article></body></html>';

const isBrowser = (req: IncomingMessage): boolean => /Chrome\/\d/.test(req.headers['user-agent'] ?? '');
const hasPass = (req: IncomingMessage): boolean => (req.headers.cookie ?? '').split(/;\s*/).includes(PASS_COOKIE);

export interface WalledOptions {
  stealUrl: string;
  pages?: string[];
  /** Bytes of the page at /big (for the body cap). */
  bigBytes?: number;
  /** The challenge never lets anyone through (for the signal tests). */
  neverPass?: boolean;
  /** Loopback address (politeness and "never answered" are per host name, not per port). */
  host?: string;
}

export function startTspdServer(o: WalledOptions): Promise<FaultServer> {
  const pages = o.pages ?? ['/news/1', '/news/2', '/private/3'];
  let origin = '';
  const site: Route = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/TSPD/')) return void res.writeHead(200, { 'content-type': 'application/javascript' }).end(script(o.stealUrl));
    if (o.neverPass || !hasPass(req)) {
      if (!isBrowser(req)) return void req.socket.resetAndDestroy();
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'TS0105a1b2=01abcdef; Path=/' })
        .end(CHALLENGE);
    }
    if (path === '/robots.txt')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
    if (path === '/feed') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(origin, pages));
    if (path === '/big')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${'x'.repeat(o.bigBytes ?? 300_000)}</body></html>`);
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(path));
  };
  return startFaultServer({
    host: o.host ?? '127.0.0.1',
    routes: { '/': site, '/TSPD/': site, '/robots.txt': site, '/feed': site, '/big': site, '/news/': site, '/private/': site },
  }).then((srv) => ((origin = srv.origin), srv));
}

export const SERVICEPIPE_STUB =
  '<!doctype html><html><head><meta charset="utf-8"><title>Loading</title>' +
  '<script src="https://cdn.servicepipe.ru/static/checkjs/check.js"></script></head><body>' +
  `<div id="servicepipe-check"></div><script>${'/* padding */'.repeat(100)}spCheck();</script></body></html>`;

export function startServicePipeServer(mode: 'stub' | '460'): Promise<FaultServer> {
  const wall: Route = (_req: IncomingMessage, res: ServerResponse) => {
    if (mode === '460') return void res.writeHead(460, { 'content-type': 'text/html' }).end('');
    res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'spid=17331d2f; path=/' }).end(SERVICEPIPE_STUB);
  };
  return startFaultServer({ routes: { '/': wall, '/feed': wall, '/robots.txt': wall, '/news/': wall } });
}
