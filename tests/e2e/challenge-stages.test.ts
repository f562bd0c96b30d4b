// One page stage for every command: the recorded F5/TSPD interstitial of mid.ru, answering 200 where an article
// should be, is `blocked` with its vendor named in the crawl, in `sources check`, in `extract` and in `record`,
// never a low-confidence generic extraction of the challenge script.
import { createServer, type Server } from 'node:http';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, FIXTURES_NOW, ROOT, cli, readJson, runReports, scratch } from './helpers.js';

const CHALLENGE = readFileSync(join(FIXTURES, 'mid-ru', 'challenge.html'));
const VENDOR = 'f5-shape';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ru/rss.php') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      return void res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>МИД</title><item><title>Лавров и Ван И</title><link>${base}/ru/foreign_policy/news/1/</link></item></channel></rss>`,
      );
    }
    if (req.url === '/ru/foreign_policy/news/1/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(CHALLENGE);
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

function loopbackSources(dir: string): string {
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
      defaults: { minDelayMs: 0, timeoutMs: 3000 },
      sources: [
        {
          id: 'mid-ru',
          name: 'Russian MFA',
          lang: 'ru',
          timeZone: 'Europe/Moscow',
          adapter: 'mid',
          allowPrivateNetwork: true,
          feeds: [`${base}/ru/rss.php`],
        },
      ],
    }),
  );
  return file;
}

describe('a challenge page that answers 200 for an article is blocked, vendor named', () => {
  it("in the crawl: the item's page fails with code blocked and no extraction is counted", async () => {
    // The bundled mid-ru replay with one article's bytes replaced by the recorded interstitial.
    const dir = scratch('ww-challenge-');
    const replay = join(dir, 'fixtures');
    cpSync(join(FIXTURES, 'mid-ru'), join(replay, 'mid-ru'), { recursive: true });
    const victim = join(replay, 'mid-ru', 'pages', 'news-2060988-posol-knr.html');
    writeFileSync(victim, CHALLENGE);
    const id = '2060988';
    const out = join(dir, 'out');
    const r = await cli([
      'crawl',
      '--sources',
      join(ROOT, 'sources.json'),
      '--watchlist',
      join(ROOT, 'watchlist.json'),
      '--only',
      'mid-ru',
      '--replay',
      replay,
      '--out',
      out,
      '--now',
      FIXTURES_NOW,
      '-q',
    ]);
    // A page that failed makes the run partial (exit 3); its feed summary matches the watchlist, so the item still
    // reaches the editor, feed-only, with the reason.
    expect(r.code).toBe(3);
    const report = runReports(out)[0];
    const item = report.items.find((i: any) => i.url.includes(id));
    expect(item).toMatchObject({ state: 'feed_only', error: { code: 'blocked' } });
    expect(item.error.message).toContain(VENDOR);
    const candidate = readJson(join(out, 'candidates.json')).items.find((i: any) => i.url.includes(id));
    expect(candidate).toMatchObject({ feedOnly: true, error: { code: 'blocked' } });
    const mid = report.sources.find((s: any) => s.id === 'mid-ru');
    // Three of the four mid-ru stories (feed and news listing) read; the walled one counts no extraction.
    expect(mid.extraction).toMatchObject({ pages: 3, lowConfidence: 0 });
  });

  it('in sources check: the row names the vendor and the check fails', async () => {
    const r = await cli(['sources', 'check', '--sources', loopbackSources(scratch('ww-challenge-')), '--json']);
    expect(r.code).toBe(3);
    const [row] = JSON.parse(r.stdout) as any[];
    expect(row).toMatchObject({ source: 'mid-ru', feedStatus: 'ok', items: 1, vendor: VENDOR, problem: `article blocked (${VENDOR})` });
    expect(row.adapter).toBeUndefined();
  });

  it('in extract: status blocked with the vendor, exit 3', async () => {
    const r = await cli([
      'extract',
      join(FIXTURES, 'mid-ru', 'challenge.html'),
      '--source',
      'mid-ru',
      '--sources',
      join(ROOT, 'sources.json'),
    ]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'blocked', code: 'blocked', vendor: VENDOR });
  });

  it('in record: the bytes are kept, marked recorded, and no draft golden is written', async () => {
    const dir = scratch('ww-challenge-');
    const fixtures = join(dir, 'fixtures');
    const r = await cli([
      'record',
      `${base}/ru/foreign_policy/news/1/`,
      '--source',
      'mid-ru',
      '--sources',
      loopbackSources(dir),
      '--fixtures',
      fixtures,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`blocked (${VENDOR})`);
    const pages = join(fixtures, 'mid-ru', 'pages');
    expect(readdirSync(pages).sort()).toEqual(['ru-foreign-policy-news-1.html', 'ru-foreign-policy-news-1.html.meta.json']);
    expect(readJson(join(pages, 'ru-foreign-policy-news-1.html.meta.json'))).toMatchObject({ status: 200, origin: 'recorded' });
    expect(existsSync(join(pages, 'ru-foreign-policy-news-1.expected.json'))).toBe(false);
  });
});
