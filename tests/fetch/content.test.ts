// The fetch-layer halves of the feed-content rows (T16, T18, T19, T22, T24) and the `blocked` recognition of
// Challenge detection, feed sniffing, and bytes handed to the parser exactly as served. The feed parser's
// own halves (lenient reparse, entity handling, item counts) are tested with src/feed.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectChallenge, looksLikeFeed } from '../../src/fetch/index.js';
import { bodyLiterals } from '../../src/fetch/challenge.js';
import { RSS, startFaultServer, startRawServer, type FaultServer, type RawServer } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

// Skeletons of each vendor's interstitial, written for these tests (markers only, no vendor code).
const PAGES = {
  cloudflare:
    '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id="challenge"></div>' +
    '<script>window._cf_chl_opt={cType:"managed"};</script></body></html>',
  ddosGuard:
    '<html><head><title>DDoS-Guard</title></head><body>Checking your browser before accessing' +
    '<script src="/.well-known/ddos-guard/check?context=free_splash"></script></body></html>',
  stormwall:
    '<html><head><script src="https://static.stormwall.pro/1.js"></script></head>' +
    '<body><script>document.cookie="__js_p_=312,1800,0,0";</script></body></html>',
  f5:
    '<html><head><script>window.bobcmn = "1011100";window.TSPD_101_DID="08abc";</script>' +
    '<script src="/TSPD/08f4e1c2d3a4b5c6?type=9"></script></head><body><noscript>Please enable JavaScript</noscript></body></html>',
  f5Text: '<html><head><title></title></head><body><p>Data processing... Please, wait.</p></body></html>',
  servicepipe:
    '<!doctype html><html><head><meta charset="utf-8"><script src="https://cdn.servicepipe.ru/check.js"></script></head>' +
    '<body><div id="servicepipe-check"></div><script>spCheck();</script></body></html>',
};
const PARAGRAPH =
  '<p>The ministry site sits behind DDoS-Guard and StormWall; visitors sometimes see "Data processing... ' +
  'Please, wait." or Cloudflare\'s "Just a moment..." before the page loads.</p>';
const ARTICLE = `<html><head><title>How state sites fend off scrapers</title></head><body><article>${PARAGRAPH.repeat(200)}</article></body></html>`;

describe('detectChallenge', () => {
  it.each([
    ['Cloudflare "Just a moment..."', 'cloudflare', PAGES.cloudflare, {}],
    ['Cloudflare by the cf-mitigated header only', 'cloudflare', '<html><body></body></html>', { 'cf-mitigated': 'challenge' }],
    ['DDoS-Guard splash', 'ddos-guard', PAGES.ddosGuard, {}],
    ['DDoS-Guard by Server header on a short page', 'ddos-guard', '<html><body>wait</body></html>', { server: 'ddos-guard' }],
    ['StormWall JS cookie page', 'stormwall', PAGES.stormwall, {}],
    ['F5/Shape TSPD (bobcmn, TSPD_101_DID)', 'f5-shape', PAGES.f5, {}],
    ['F5/Shape interstitial text', 'f5-shape', PAGES.f5Text, {}],
    ['ServicePipe JS stub', 'servicepipe', PAGES.servicepipe, {}],
    [
      'ServicePipe by its cookies on a short page',
      'servicepipe',
      '<html><body><script>location.reload()</script></body></html>',
      { 'set-cookie': 'spid=1a2b; path=/' },
    ],
    ['ServicePipe by its header alone', 'servicepipe', '<html><body></body></html>', { 'x-servicepipe': 'js-challenge' }],
    ["a long page with a cookie named like ServicePipe's", undefined, ARTICLE, { 'set-cookie': 'spid=1a2b; path=/' }],
    ['a long article that names the vendors, served via DDoS-Guard', undefined, ARTICLE, { server: 'ddos-guard' }],
    ['a feed with "Just a moment..." in a title', undefined, RSS.replace('Lavrov meets Wang Yi', 'Just a moment... cf-chl'), {}],
    ['an ordinary page', undefined, '<html><head><title>News</title></head><body><p>Text</p></body></html>', { server: 'nginx' }],
  ])('%s → %s', (_name, vendor, text, headers) => {
    expect(detectChallenge(text, headers)?.vendor).toBe(vendor);
  });
});

// One short page per literal a body pattern waits for (challenge.ts runs a pattern only when one of its literals is
// in the lowercased page): a literal left out of a pattern's list would make its page pass as ordinary content.
const BY_LITERAL: [literal: string, vendor: string, page: string][] = [
  ['just a moment...', 'cloudflare', '<html><head><TITLE> JUST A MOMENT... </TITLE></head></html>'],
  ['cf-chl-', 'cloudflare', '<html><body><div id="cf-chl-widget-a1"></div></body></html>'],
  ['window._cf_chl_opt', 'cloudflare', '<script>WINDOW._CF_CHL_OPT={cType:"managed"}</script>'],
  ['/cdn-cgi/challenge-platform/', 'cloudflare', '<script src="/Cdn-Cgi/Challenge-Platform/h/b/orchestrate/v1"></script>'],
  ['attention required! | cloudflare', 'cloudflare', '<title>Attention Required! | Cloudflare</title>'],
  ['/.well-known/ddos-guard/', 'ddos-guard', '<script src="/.well-known/ddos-guard/check?context=free_splash"></script>'],
  ['ddos-guard', 'ddos-guard', '<html><head><title>DDoS-Guard</title></head></html>'],
  ['check.ddos-guard.net', 'ddos-guard', '<script src="https://CHECK.DDOS-GUARD.NET/check.js"></script>'],
  ['stormwall.pro', 'stormwall', '<script src="https://stormwall.pro/js/challenge.js"></script>'],
  ['__js_p_', 'stormwall', '<script>document.cookie="__js_p_=312,1800,0,0"</script>'],
  ['swp_token', 'stormwall', '<script>var swp_token = "a1b2";</script>'],
  ['servicepipe', 'servicepipe', '<div ID=ServicePipe-check></div>'],
  ['bobcmn', 'f5-shape', '<script>window.bobcmn = "1011100";</script>'],
  ['tspd_101', 'f5-shape', '<script>window.TSPD_101="08abc";</script>'],
  ['/tspd/', 'f5-shape', '<script src="/tspd/08F4E1C2D3A4B5C6?type=9"></script>'],
  ['data processing... please, wait.', 'f5-shape', '<p>Data processing... Please, wait.</p>'],
];

describe('detectChallenge: every literal a body pattern waits for', () => {
  it('the table below has a page for each literal', () => {
    expect(BY_LITERAL.map(([literal]) => literal).sort()).toEqual(bodyLiterals().sort());
  });
  it.each(BY_LITERAL)('%s → %s', (_literal, vendor, page) => {
    expect(detectChallenge(page, {})?.vendor).toBe(vendor);
  });
});

describe('T22 200 but not a feed (sniffing)', () => {
  it.each([
    ['RSS 2.0', true, RSS],
    ['RSS with a BOM and leading whitespace (T16)', true, `\uFEFF\n  ${RSS}`],
    ['Atom', true, '<?xml version="1.0"?><!-- generator --><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'],
    ['RSS 1.0 / RDF', true, '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>'],
    ['<rss> without a version (the parser decides)', true, '<rss><channel></channel></rss>'],
    ['an HTML login page', false, '<!doctype html><html><body><form action="/login"></form></body></html>'],
    ['a JSON error', false, '{"error":"rate limited"}'],
    ['an empty body', false, ''],
    ['a challenge page', false, PAGES.cloudflare],
  ])('T22 looksLikeFeed: %s → %s', (_name, expected, text) => {
    expect(looksLikeFeed(text)).toBe(expected);
  });

  it('T18 a billion-laughs DOCTYPE is skipped by the sniffer without expanding anything', () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title></channel></rss>';
    expect(looksLikeFeed(lol)).toBe(true);
    expect(detectChallenge(lol, {})).toBeUndefined();
  });
});

let srv: FaultServer;
let raw: RawServer;
const HOSTILE_FEED = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from('\n \n<?xml version="1.0"?><rss version="2.0"><channel><title>A & B\x0b\x00</title><item><title>cut'),
]);

beforeAll(async () => {
  srv = await startFaultServer({
    routes: {
      '/hostile': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(HOSTILE_FEED),
      '/cf-403': (_req, res) => void res.writeHead(403, { 'content-type': 'text/html', 'cf-mitigated': 'challenge' }).end(PAGES.cloudflare),
      '/ddg-503': (_req, res) => void res.writeHead(503, { 'content-type': 'text/html' }).end(PAGES.ddosGuard),
      '/sp-403': (_req, res) => void res.writeHead(403, { 'content-type': 'text/html' }).end(PAGES.servicepipe),
      '/sp-460': (_req, res) => void res.writeHead(460).end(),
      '/tspd-200': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGES.f5),
      '/empty-feed': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'),
      '/empty-body': (_req, res) => void res.writeHead(200).end(),
    },
  });
  raw = await startRawServer({
    '/proto-headers': 'HTTP/1.1 200 OK\r\n__proto__: polluted\r\nconstructor: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
  });
});
afterAll(async () => {
  await srv.close();
  await raw.close();
});

describe('fetch-level content handling', () => {
  it('T16 malformed feed bytes reach the parser exactly as served (BOM, whitespace, bare &, control chars, cut-off)', async () => {
    const f = testFetcher([loopbackSource([srv.origin])]);
    const out = await f.fetch({ url: srv.url('/hostile'), kind: 'feed', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.equals(HOSTILE_FEED)).toBe(true);
    await f.close();
  });

  it.each([
    ['a Cloudflare 403 challenge', '/cf-403', 'blocked:403', 1],
    ['a DDoS-Guard 503 challenge (not retried)', '/ddg-503', 'blocked:503', 1],
    ['W01 a ServicePipe 403 stub', '/sp-403', 'blocked:403', 1],
    ['W01 a ServicePipe 460 without a body', '/sp-460', 'blocked:460', 1],
  ])('T22 %s → %s after %i request', async (_name, path, expected, requests) => {
    const f = testFetcher([loopbackSource([srv.origin])]);
    const err = await f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test' }).catch((e: unknown) => e);
    expect(await settle(Promise.reject(err))).toBe(expected);
    const vendor = { '/cf-403': 'cloudflare', '/ddg-503': 'ddos-guard' }[path] ?? 'servicepipe';
    expect(err).toMatchObject({ disposition: 'skip', vendor });
    expect(srv.count(path)).toBe(requests);
    await f.close();
  });

  it('T22 a 200 challenge at a feed URL is returned fresh, and detectChallenge names it for the feed stage', async () => {
    const f = testFetcher([loopbackSource([srv.origin])]);
    const out = await f.fetch({ url: srv.url('/tspd-200'), kind: 'feed', sourceId: 'test' });
    expect(out.kind).toBe('fresh');
    expect(out.kind === 'fresh' && detectChallenge(out.body.toString(), out.headers)).toEqual({ vendor: 'f5-shape' });
    await f.close();
  });

  it.each([
    ['a feed with no items', '/empty-feed', true],
    ['an empty 200 body', '/empty-body', false],
  ])('T24 %s is fresh (never not-modified); looksLikeFeed → %s', async (_name, path, isFeed) => {
    const f = testFetcher([loopbackSource([srv.origin])]);
    const out = await f.fetch({ url: srv.url(path), kind: 'feed', sourceId: 'test', validators: { etag: '"old"' } });
    expect(out.kind).toBe('fresh');
    expect(out.kind === 'fresh' && looksLikeFeed(out.body.toString())).toBe(isFeed);
    await f.close();
  });

  it('T19 `__proto__` and `constructor` response headers are kept as data and pollute nothing', async () => {
    const f = testFetcher([loopbackSource([raw.origin])]);
    const out = await f.fetch({ url: raw.url('/proto-headers'), kind: 'page', sourceId: 'test' });
    expect(out.kind === 'fresh' && Object.getOwnPropertyDescriptor(out.headers, '__proto__')?.value).toBe('polluted');
    expect(out.kind === 'fresh' && out.headers.constructor).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    await f.close();
  });
});
