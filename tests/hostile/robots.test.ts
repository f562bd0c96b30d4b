// robots.txt matching without regular expressions: RFC 9309 semantics as a table, and a robots.txt whose one
// rule is 400 KB of `*` (a second of backtracking per URL in a regex-building parser) checked against 40
// article URLs inside one crawl.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { productToken, robotsRulesFor } from '../../src/fetch/robots-rules.js';
import { configOf, conservation, runCrawl, siteRoutes, sourceFor, story } from './helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';
import { loopbackSource, settle, testFetcher } from '../fetch/helpers.js';

const UA = 'wirewatch/0.1 (+https://example.org/contact)';
const allowed = (robots: string, path: string): boolean => robotsRulesFor(robots, UA).isAllowed(new URL(path, 'https://h.example'));

describe('case 3: robots rules (RFC 9309), matched linearly', () => {
  it.each([
    ['no rules', '', '/a', true],
    ['prefix', 'User-agent: *\nDisallow: /private', '/private/x', false],
    ['prefix, other path', 'User-agent: *\nDisallow: /private', '/public', true],
    ['empty Disallow', 'User-agent: *\nDisallow:', '/a', true],
    ['longest wins', 'User-agent: *\nDisallow: /a\nAllow: /a/b', '/a/b/c', true],
    ['allow wins a tie', 'User-agent: *\nDisallow: /a\nAllow: /a', '/a', true],
    ['wildcard', 'User-agent: *\nDisallow: /*.pdf', '/docs/x.pdf?y=1', false],
    ['$ anchor', 'User-agent: *\nDisallow: /*.pdf$', '/docs/x.pdf?y=1', true],
    ['$ anchor at the end', 'User-agent: *\nDisallow: /*.pdf$', '/docs/x.pdf', false],
    ['query is part of the path', 'User-agent: *\nDisallow: /search?q=', '/search?q=lavrov', false],
    ['our group beats *', 'User-agent: *\nDisallow: /\n\nUser-agent: WireWatch\nDisallow: /x', '/a', true],
    ['two agents, one group', 'User-agent: other\nUser-agent: wirewatch\nDisallow: /a', '/a', false],
    ['another bot only', 'User-agent: other\nDisallow: /', '/a', true],
    ['comments and CRLF', 'User-agent: * # all\r\nDisallow: /a # no\r\n', '/a', false],
    ['percent case', 'User-agent: *\nDisallow: /%e4%b8%ad', '/%E4%B8%AD/x', false],
    ['non-ASCII pattern', 'User-agent: *\nDisallow: /中', '/%E4%B8%AD', false],
    ['non-ASCII between plain runs and escapes', 'User-agent: *\nDisallow: /a中b%2fc', '/a%E4%B8%ADb%2Fc', false],
    ['a % without two hex digits stays as written', 'User-agent: *\nDisallow: /a%zz', '/a%zz/x', false],
    ['a % at the end of a pattern', 'User-agent: *\nDisallow: /a%', '/a%/x', false],
    ['robots.txt itself', 'User-agent: *\nDisallow: /', '/robots.txt', true],
    ['500 KB of stars', 'User-agent: *\nDisallow: /' + '*'.repeat(500_000), '/any/page', false],
    ['500 KB of stars then a suffix', 'User-agent: *\nDisallow: /' + '*'.repeat(500_000) + 'x$', '/any/page', true],
    ['many segments', 'User-agent: *\nDisallow: /' + 'a*'.repeat(200_000), '/' + 'a'.repeat(100), true],
  ])('%s', (_name, robots, path, expected) => {
    expect(allowed(robots, path)).toBe(expected);
  });

  it('Crawl-delay comes from the applying group; the product token is the UA before "/"', () => {
    expect(robotsRulesFor('User-agent: *\nCrawl-delay: 2\n\nUser-agent: wirewatch\nCrawl-delay: 5', UA).crawlDelayS).toBe(5);
    expect(productToken('wirewatch-test/0.1 (+x)')).toBe('wirewatch-test');
  });
});

describe('case 3 through the crawl: a 400 KB rule, 40 article URLs', () => {
  const servers: FaultServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('pages under the rule are skipped robots, the others fetched, every item recorded once', async () => {
    const stories = Array.from({ length: 40 }, (_, i) => story(i % 2 ? `n${i}-blocked` : `n${i}-open`));
    const rule = 'Disallow: /page/' + '*'.repeat(400 * 1024) + 'blocked\n';
    const box = { origin: '' };
    const robots = (_req: IncomingMessage, res: ServerResponse): void =>
      void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\n${rule}`);
    const site = await startFaultServer({
      host: '127.0.0.183',
      routes: {
        ...siteRoutes(
          () => stories,
          () => box.origin,
        ),
        '/robots.txt': robots,
      },
    });
    box.origin = site.origin;
    servers.push(site);
    const config = configOf([sourceFor('robots', site.url('/feed'), { respectRobots: true, maxBodyBytes: 1024 * 1024, minDelayMs: 0 })]);
    const { report } = await runCrawl(config);
    const byCode = (code: string | undefined) => report.items.filter((i) => i.error?.code === code).length;
    expect(byCode('skipped_robots')).toBe(20);
    expect(byCode(undefined)).toBe(20);
    expect(stories.filter((s) => s.slug.endsWith('blocked')).map((s) => site.count(`/page/${s.slug}`))).toEqual(Array(20).fill(0));
    expect(conservation(report).duplicates).toEqual([]);
  });
});

describe('case 3 at the fetcher: 1,000 article URLs against a 500 KB `Disallow: /***…` rule', () => {
  it('every one is skipped robots, and robots.txt is fetched once (tens of ms of regex per URL before)', async () => {
    const robots = (_req: IncomingMessage, res: ServerResponse): void =>
      void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nDisallow: /${'*'.repeat(500_000)}\n`);
    const srv = await startFaultServer({ host: '127.0.0.184', routes: { '/robots.txt': robots } });
    const f = testFetcher([loopbackSource([srv.origin], { respectRobots: true, maxBodyBytes: 1024 * 1024 })]);
    try {
      const got: string[] = [];
      for (let i = 0; i < 1000; i++)
        got.push(
          await settle(
            f.fetch({
              url: srv.url(`/politics/2026/11/${1_000_000 + i}-lavrov-and-wang-yi-discuss-trade-corridors`),
              kind: 'page',
              sourceId: 'test',
            }),
          ),
        );
      expect(new Set(got)).toEqual(new Set(['skipped:robots']));
      expect(srv.count('/robots.txt')).toBe(1);
    } finally {
      await f.close();
      await srv.close();
    }
  });
});
