// Health flags and retention, over several runs into one store: a feed failing 3 runs in a row is
// flagged in the run report; a source whose pages suddenly miss the adapter's body element raises the
// extraction alarm in runs/<id>.json `sources[].health`; candidates older than 30 days leave candidates.json
// and the store is pruned on the same terms (tass-en's feed and news sitemap list 4 stories, all flagged).
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, FIXTURES_NOW, SOURCES_FILE, cli, crawlArgs, scratch, snapshot } from './harness.js';

const TASS_FEED = 'https://tass.com/rss/v2.xml';
const TASS_SITEMAP = 'https://tass.com/sitemap_news0.xml';
const DAY_MS = 86_400_000;
const daysAfter = (days: number): string => new Date(Date.parse(FIXTURES_NOW) + days * DAY_MS).toISOString();

/**
 * The tass-en fixtures as a relaunched site would serve them: the feed re-titles its 3 items (so their pages are
 * fetched again) under a new ETag, and every page has the adapter's body container renamed.
 */
function relaunchedTass(): string {
  const dir = scratch('ww-relaunch-');
  const src = join(dir, 'tass-en');
  cpSync(join(FIXTURES, 'tass-en'), src, { recursive: true });
  const feed = join(src, 'feed.xml');
  writeFileSync(feed, readFileSync(feed, 'utf8').replace(/<item>\n<title>([^<]+)<\/title>/g, '<item>\n<title>$1 (updated)</title>'));
  const meta = JSON.parse(readFileSync(`${feed}.meta.json`, 'utf8'));
  meta.headers.etag = '"tass-en-relaunch"';
  meta.headers['last-modified'] = 'Sun, 22 Nov 2026 05:59:30 GMT';
  writeFileSync(`${feed}.meta.json`, JSON.stringify(meta));
  for (const f of readdirSync(join(src, 'pages')).filter((n) => n.endsWith('.html'))) {
    const page = join(src, 'pages', f);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('class="text-content"');
    writeFileSync(page, html.replaceAll('class="text-content"', 'class="article-body"'));
  }
  return dir;
}

const report = (out: string): any => snapshot(out).reports.at(-1);

describe('health flags in the run report', () => {
  it('a feed failing 3 runs in a row is flagged on the third', async () => {
    const out = scratch('ww-failing-');
    const nowhere = scratch('ww-empty-replay-'); // every URL answers 404
    const flags: string[][] = [];
    for (let run = 1; run <= 3; run++) {
      const r = await cli(crawlArgs(out, { only: ['tass-en'], replay: nowhere }));
      expect(r.code).toBe(3);
      const s = report(out).sources[0];
      expect(s.feeds[0]).toMatchObject({ url: TASS_FEED, status: 'error', code: 'http_status', httpStatus: 404 });
      flags.push(s.health);
    }
    expect(flags).toEqual([
      [],
      [],
      [`failing: ${TASS_FEED} has failed 3 runs in a row`, `failing: ${TASS_SITEMAP} has failed 3 runs in a row`],
    ]);
  }, 60_000);

  it('a news sitemap failing 3 runs in a row is flagged while the feed answers; status counts it', async () => {
    const out = scratch('ww-failing-sitemap-');
    const replay = scratch('ww-no-sitemap-'); // tass-en without its sitemap: that URL answers 404
    cpSync(join(FIXTURES, 'tass-en'), join(replay, 'tass-en'), { recursive: true });
    for (const f of ['sitemap_news0.xml', 'sitemap_news0.xml.meta.json']) rmSync(join(replay, 'tass-en', f));
    const flags: string[][] = [];
    for (let run = 1; run <= 3; run++) {
      expect((await cli(crawlArgs(out, { only: ['tass-en'], replay }))).code).toBe(3);
      flags.push(report(out).sources[0].health);
    }
    expect(flags).toEqual([[], [], [`failing: ${TASS_SITEMAP} has failed 3 runs in a row`]]);
    const status = await cli(['status', '--sources', SOURCES_FILE, '--out', out, '--json']);
    expect(JSON.parse(status.stdout).find((r: { id: string }) => r.id === 'tass-en')).toMatchObject({ channels: 2, failuresInARow: 3 });
  }, 60_000);

  it("pages that suddenly miss the adapter's body element raise the extraction alarm for their source", async () => {
    const out = scratch('ww-alarm-');
    expect((await cli(crawlArgs(out, { only: ['tass-en'] }))).code).toBe(0);
    expect(report(out).sources[0].health).toEqual([]);
    const r = await cli(crawlArgs(out, { only: ['tass-en'], replay: relaunchedTass() }));
    expect(r.stderr).not.toMatch(/unexpected error/);
    const s = report(out).sources[0];
    expect(s.id).toBe('tass-en');
    expect(s.extraction.pages).toBe(3);
    expect(s.health).toHaveLength(1);
    expect(s.health[0]).toMatch(/^extraction alarm: 100% of 3 pages .* \(was 0%\); the layout probably changed$/);
  }, 60_000);
});

describe('retention', () => {
  it.each([
    // [crawl at, candidates in candidates.json, items kept in the store]
    ["the fixtures' time", FIXTURES_NOW, 4, 4],
    ['20 days later', daysAfter(20), 4, 4],
    ['40 days later', daysAfter(40), 0, 0],
  ])('a crawl at %s (%s) keeps %i candidates and %i stored items', { timeout: 60_000 }, async (_label, now, candidates, stored) => {
    const out = join(scratch('ww-retention-'), 'out');
    mkdirSync(out);
    // One store across the three times: the earlier crawls run first in the same directory. The fixtures do not
    // move, so at the later times both channels answer with nothing newer than 96 hours: each is `stale` and the
    // run exits 3 (partial), yet retention still runs on the store.
    for (const at of [FIXTURES_NOW, daysAfter(20), daysAfter(40)]) {
      const r = await cli(crawlArgs(out, { only: ['tass-en'], now: at }));
      if (at === FIXTURES_NOW) expect(r.code, r.stderr).toBe(0);
      else {
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr.match(/\bstale https:\/\/tass\.com\/\S+/g)).toHaveLength(2);
      }
      if (at === now) break;
    }
    const snap = snapshot(out);
    expect(snap.problems).toEqual([]);
    expect(snap.flagged).toHaveLength(candidates);
    expect(Object.keys(snap.stored)).toHaveLength(stored);
  });
});
