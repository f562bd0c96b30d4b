// The whole path on the bundled fixtures: replayed HTTP (raw bytes, recorded headers) → decode → feed →
// adapters → normalize → match → store → candidates.json / review.html / run report. Then a second run that
// must flag nothing new and fetch no article.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/config.js';
import { FIXTURES, FIXTURES_NOW, ROOT, candidatesValidator, cli, readJson, runReports, scratch } from './helpers.js';

/** Every source of the shipped sources.json: each has its recorded feed and pages under fixtures/<id>/. */
const SOURCES = loadSources(join(ROOT, 'sources.json')).sources.map((s) => s.id);
/** Channels whose newest item is older than their source's threshold at the replay clock (none in the fixture
 *  week; the newcomer test's replay at a clock months later sees every channel stale). */
const STALE = new Set<string>();
const crawlArgs = (out: string) => [
  'crawl',
  '--sources',
  join(ROOT, 'sources.json'),
  '--watchlist',
  join(ROOT, 'watchlist.json'),
  '--out',
  out,
  '--replay',
  FIXTURES,
  '--now',
  FIXTURES_NOW,
  '-q',
];

/** Goldens of the fixture pages, keyed by the page URL in their sidecar. */
function goldensByUrl(): Map<string, { title: string; publishedAt: string | null }> {
  const map = new Map<string, { title: string; publishedAt: string | null }>();
  for (const src of SOURCES) {
    const dir = join(FIXTURES, src, 'pages');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.expected.json'))) {
      const metaPath = join(dir, f.replace(/\.expected\.json$/, '.html.meta.json'));
      if (!existsSync(metaPath)) continue;
      const meta = readJson<{ url: string }>(metaPath);
      const golden = readJson<{ title: string; publishedAt: string | null }>(join(dir, f));
      map.set(meta.url, golden);
    }
  }
  return map;
}

describe('crawl --replay fixtures', () => {
  const out = scratch();
  let first: Awaited<ReturnType<typeof cli>>;
  let doc: any;

  beforeAll(async () => {
    first = await cli(crawlArgs(out));
    doc = readJson(join(out, 'candidates.json'));
  }, 120_000);

  it('ends with exit 0 and writes candidates.json, review.html and a run report', () => {
    expect(first.stderr).not.toMatch(/unexpected error/);
    expect(first.code).toBe(0);
    expect(existsSync(join(out, 'review.html'))).toBe(true);
    expect(runReports(out)).toHaveLength(1);
  });

  it('candidates.json is valid against its JSON Schema', () => {
    expect(candidatesValidator()(doc)).toEqual([]);
  });

  it('flags items from every source, and every channel is ok with its newest item time', () => {
    const bySource = new Set(doc.items.map((i: any) => i.source.id));
    for (const s of SOURCES) expect(bySource, s).toContain(s);
    const report = runReports(out)[0];
    for (const s of report.sources)
      for (const f of s.feeds) expect(`${s.id} ${f.url} ${f.status}`).toBe(`${s.id} ${f.url} ${STALE.has(f.url) ? 'stale' : 'ok'}`);
    const people = report.sources.find((s: any) => s.id === 'people-en').feeds;
    expect(people.map((f: any) => [f.kind, f.newestItemAt])).toEqual([
      ['rss', '2026-11-19T11:05+08:00'],
      ['listing', '2026-11-21'],
    ]);
  });

  it('discovers stories through every channel kind, one item per story across channels', () => {
    const report = runReports(out)[0];
    const channels = report.sources.flatMap((s: any) => s.feeds.map((f: any) => ({ ...f, source: s.id })));
    for (const kind of ['rss', 'sitemap', 'listing']) {
      expect(channels.filter((f: any) => f.kind === kind && f.new > 0).length, kind).toBeGreaterThan(0);
    }
    // Stories listed by an earlier channel are not processed again by a later one.
    expect(channels.filter((f: any) => (f.listed ?? f.items) > f.items).length).toBeGreaterThanOrEqual(5);
    const keys = doc.items.map((i: any) => `${i.source.id} ${i.url.replace(/^https?:/, '')}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(report.items.map((i: any) => i.id)).size).toBe(report.items.length);
    // Found only through a sitemap (tass.com) and only through listings (Global Times, en.people.cn, mid.ru).
    const urls = new Set(doc.items.map((i: any) => i.url));
    for (const u of [
      'https://tass.com/world/1902455',
      'https://www.globaltimes.cn/page/202611/1375133.shtml',
      'http://en.people.cn/n3/2026/1121/c90000-20407102.html',
      'https://mid.ru/ru/foreign_policy/news/2061650',
    ])
      expect(urls, u).toContain(u);
  });

  it('every flagged item carries the reviewed title and time of its page, with the source offset', () => {
    const goldens = goldensByUrl();
    let checked = 0;
    for (const item of doc.items) {
      const g = goldens.get(item.url);
      if (!g) continue;
      expect(item.title, item.url).toBe(g.title);
      // A page that shows only its date takes the minute from the listing when it falls on that date.
      if (g.publishedAt?.length === 10 && item.publishedAt?.length > 10)
        expect(item.publishedAt.slice(0, 10), item.url).toBe(g.publishedAt);
      else expect(item.publishedAt, item.url).toBe(g.publishedAt);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(7);
    for (const item of doc.items) {
      if (item.publishedAt?.length > 10)
        expect(item.publishedAt.slice(-6), item.url).toBe(item.timeZone === 'Asia/Shanghai' ? '+08:00' : '+03:00');
    }
  });

  it('excerpts highlight the characters that matched', () => {
    let marks = 0;
    for (const item of doc.items) {
      expect(item.excerpts.length, item.url).toBeGreaterThan(0);
      const hitTexts = new Set(item.matches.flatMap((m: any) => m.hits.map((h: any) => h.text.toLowerCase())));
      for (const ex of item.excerpts)
        for (const [s, e] of ex.highlights) {
          expect(hitTexts.has(ex.text.slice(s, e).toLowerCase()), `${item.url}: "${ex.text.slice(s, e)}"`).toBe(true);
          marks++;
        }
    }
    expect(marks).toBeGreaterThan(doc.items.length);
  });

  // "MOSCOW, November 21. /TASS/." says where the story was filed: its city is no China–Russia hit (tests/match/datelines).
  it('no hit falls inside a wire dateline', () => {
    const tass = doc.items.find((i: any) => i.url === 'https://tass.com/world/1902455');
    expect(tass.excerpts[0].text).toMatch(/^Russia and China will hold consultations/);
    for (const item of doc.items)
      for (const m of item.matches) for (const h of m.hits) expect(`${item.url} ${h.text}`).not.toMatch(/ (MOSCOW|МОСКВА)$/);
  });

  it('the Lavrov–Wang Yi meeting is flagged in three languages, and only the Chinese side mentions green energy', () => {
    const lavrov = doc.items.filter((i: any) => i.matches.some((m: any) => m.rule === 'lavrov'));
    expect(new Set(lavrov.map((i: any) => i.lang))).toEqual(new Set(['en', 'ru', 'zh']));
    const green = doc.items.filter((i: any) => i.matches.some((m: any) => m.rule === 'green-energy')).map((i: any) => i.source.id);
    expect(green.length).toBeGreaterThan(0);
    for (const s of green) expect(['people-en', 'people-zh', 'globaltimes']).toContain(s);
  });

  it('a second run flags nothing new, fetches no article and sees every feed not modified', async () => {
    const second = await cli(crawlArgs(out));
    expect(second.code).toBe(0);
    const report = runReports(out).at(-1);
    expect(report.counts.flagged).toBe(0);
    expect(report.counts.fetched).toBe(0);
    for (const s of report.sources)
      for (const f of s.feeds) expect(`${f.url} ${f.status}`).toBe(`${f.url} ${STALE.has(f.url) ? 'stale' : 'not_modified'}`);
    const again = readJson(join(out, 'candidates.json'));
    expect(again.items.map((i: any) => i.id)).toEqual(doc.items.map((i: any) => i.id));
  });

  it('writes nothing but valid JSON and leaves no temp files', () => {
    for (const f of readdirSync(out)) expect(f).not.toMatch(/\.tmp-/);
    expect(() => JSON.parse(readFileSync(join(out, 'candidates.json'), 'utf8'))).not.toThrow();
  });
});
