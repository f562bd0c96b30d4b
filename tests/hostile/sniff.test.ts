// Hostile feed bodies that made the feed sniff and the nesting guard backtrack (time quadrupled per doubling:
// 320 KB of `<!DOCTYPE` and spaces blocked the process for 70 s). Each body here is large enough that the old
// code runs far past the test timeout; the linear scan answers in milliseconds.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { detectChallenge, looksLikeFeed } from '../../src/fetch/challenge.js';
import { parseFeed } from '../../src/feed.js';
import { markupProblem, rootName } from '../../src/fetch/sniff.js';
import { configOf, feedStatuses, runCrawl, sourceFor, startFeedServer } from './helpers.js';
import type { FaultServer } from '../fetch/servers.js';

const doctypeSpaces = '<!DOCTYPE' + ' '.repeat(320 * 1024);
const rssThenA = '<rss>' + '<a'.repeat(512 * 1024);
const ctx = { feedUrl: 'http://127.0.0.180/feed', timeZone: 'UTC', now: new Date('2026-11-22T06:00:00Z') };

describe('case 1: the feed sniff is a bounded linear scan', () => {
  it.each([
    ['plain rss', '<rss version="2.0"><channel/></rss>', 'rss'],
    ['BOM, prolog, comment, doctype with subset', '\uFEFF<?xml version="1.0"?>\n<!-- c --><!DOCTYPE rss [<!ENTITY a "]">]>\n<rss>', 'rss'],
    ['prefixed RDF', '<rdf:RDF xmlns:rdf="x">', 'rdf'],
    ['atom, upper case doctype', '<!doctype feed><feed xmlns="http://www.w3.org/2005/Atom">', 'feed'],
    ['html', '<!DOCTYPE html><html><body>', 'html'],
    ['text first', 'hello <rss>', undefined],
    ['unclosed comment', '<!-- never closed <rss>', undefined],
    ['320 KB of <!DOCTYPE and spaces', doctypeSpaces, undefined],
    ['<!DOCTYPE and spaces, repeated', '<!DOCTYPE   '.repeat(100_000), undefined],
  ])('%s', (_name, body, root) => {
    expect(rootName(body)).toBe(root);
  });

  it('looksLikeFeed and detectChallenge return at once on 320 KB of <!DOCTYPE and spaces', () => {
    expect(looksLikeFeed(doctypeSpaces)).toBe(false);
    expect(detectChallenge(doctypeSpaces, { server: 'nginx' })).toBeUndefined();
    expect(detectChallenge('stormwall.pro/'.repeat(5_000))).toBeUndefined();
  });

  it.each([
    ['320 KB <!DOCTYPE and spaces', doctypeSpaces, /no <rss>/],
    ['1 MB of <rss> then <a repeated', rssThenA, /a tag longer than/],
    ['<rss> then 2 MB of unclosed <item>', '<rss>' + '<item>'.repeat(350_000), /nested deeper than 200/],
  ])('parseFeed refuses %s as not_a_feed', async (_name, body, reason) => {
    const r = await parseFeed(body, ctx);
    expect(r.kind).toBe('not_a_feed');
    expect(r.kind === 'not_a_feed' && r.reason).toMatch(reason);
  });

  it('markupProblem: CDATA and comments are skipped whole; a self-closed tag does not nest', () => {
    const lim = { maxDepth: 2, maxTagChars: 20 };
    expect(markupProblem(`<a><b/><![CDATA[${'x'.repeat(100)}<c><d><e>]]><!-- <x><y><z> --></a>`, lim)).toBeUndefined();
    expect(markupProblem('<a><b><c>', lim)).toMatch(/deeper than 2/);
    expect(markupProblem(`<a title="${'x'.repeat(30)}">`, lim)).toMatch(/longer than 20/);
  });
});

describe('case 1 through the crawl: a hostile feed and a hostile 503 body', () => {
  const servers: FaultServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('each feed ends with its own status; the run finishes and reports both', async () => {
    const reply =
      (status: number, body: string) =>
      (_req: IncomingMessage, res: ServerResponse): void => {
        res.writeHead(status, { 'content-type': 'application/xml' }).end(body);
      };
    const a = await startFeedServer('127.0.0.180', reply(200, doctypeSpaces));
    const b = await startFeedServer('127.0.0.181', reply(503, doctypeSpaces));
    const c = await startFeedServer('127.0.0.182', reply(200, rssThenA));
    servers.push(a, b, c);
    const big = { maxBodyBytes: 2 * 1024 * 1024 };
    const config = configOf([
      sourceFor('doctype', a.url('/feed'), big),
      sourceFor('err503', b.url('/feed'), big),
      sourceFor('rss-a', c.url('/feed'), big),
    ]);
    const { report } = await runCrawl(config);
    expect(feedStatuses(report)).toEqual({
      doctype: { status: 'not_a_feed', code: 'not_a_feed' },
      err503: { status: 'error', code: 'http_status', httpStatus: 503 },
      'rss-a': { status: 'not_a_feed', code: 'not_a_feed' },
    });
    expect(report.exitCode).toBe(3);
  });
});
