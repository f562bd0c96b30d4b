// Matching and the watchlist under hostile input: NEAR on dense text does bounded work per hit, a query nested
// thousands deep is refused with its rule and position (exit 2) instead of overflowing the stack, and one page
// of "Lavrov spoke." repeated cannot make an item carry hundreds of thousands of hits.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWatchlist, matchArticle } from '../../src/match/index.js';
import { parseQuery, MAX_QUERY_DEPTH } from '../../src/match/query.js';
import { MATCH_CAPS, capMatchFields } from '../../src/match/caps.js';
import { ROOT, cli, scratch } from '../e2e/helpers.js';
import { WATCHLIST } from './helpers.js';

const dense = (unit: string, chars: number): string => unit.repeat(Math.ceil(chars / unit.length));
const rules = (query: string) => compileWatchlist({ aliases: {}, rules: [{ id: 'r', label: 'R', query }] } as never);

describe('case 4: NEAR on dense text', () => {
  it('NEAR/100 over 214 KB of dense hits finishes and holds (71 s before)', () => {
    const r = matchArticle(rules('Lavrov NEAR/100 Wang'), { title: 'Talks', paragraphs: [dense('Lavrov met Wang. ', 214 * 1024)] });
    expect(r.matches.map((m) => m.rule)).toEqual(['r']);
    expect(r.matches[0]!.hitCount).toBeGreaterThan(25_000);
  });

  it('the shipped watchlist over 5 MB of dense text in one paragraph: bounded hits, every rule still found', () => {
    const text = dense('Lavrov spoke with Wang Yi on China-Russia trade and joint drills. ', 5 * 1024 * 1024);
    const r = matchArticle(WATCHLIST, { title: 'Talks', paragraphs: [text] });
    expect(r.matches.map((m) => m.rule)).toEqual(expect.arrayContaining(['lavrov', 'wang-yi', 'china-russia', 'trade']));
    for (const m of r.matches) expect(m.hits.length).toBeLessThanOrEqual(MATCH_CAPS.maxHitsPerRule);
    expect(JSON.stringify(r).length).toBeLessThan(200_000);
  });

  it.each([
    ['partner after, within', 'Lavrov said that Wang agreed', 'Lavrov NEAR/3 Wang', true],
    ['partner before, within', 'Wang said Lavrov agreed', 'Lavrov NEAR/1 Wang', true],
    ['too far on both sides', 'Wang one two three four Lavrov one two three four Wang', 'Lavrov NEAR/3 Wang', false],
    ['nearest partner is the later one', 'Wang a b c d e f Lavrov a Wang', 'Lavrov NEAR/1 Wang', true],
  ])('%s', (_name, text, query, holds) => {
    expect(matchArticle(rules(query), { title: '', paragraphs: [text] }).matches.length > 0).toBe(holds);
  });

  it('hits in different paragraphs never pair', () => {
    expect(matchArticle(rules('Lavrov NEAR/5 Wang'), { title: '', paragraphs: ['Lavrov spoke.', 'Wang spoke.'] }).matches).toEqual([]);
  });
});

describe('case 6: deep queries are refused with their rule and position', () => {
  it.each([
    ['2,000 parentheses', '('.repeat(2000) + 'Lavrov' + ')'.repeat(2000), MAX_QUERY_DEPTH + 1],
    ['6,000 NOTs', 'Lavrov AND ' + 'NOT '.repeat(6000) + 'Wang', 12 + 4 * MAX_QUERY_DEPTH],
  ])('%s → parse error at the first level too deep', (_name, query, col) => {
    const r = parseQuery(query);
    expect(r).toMatchObject({ ok: false, pos: col });
    expect(!r.ok && r.message).toMatch(/at most 32 levels/);
  });

  it('32 levels still parse', () => {
    expect(parseQuery('('.repeat(MAX_QUERY_DEPTH) + 'Lavrov' + ')'.repeat(MAX_QUERY_DEPTH)).ok).toBe(true);
  });

  it('crawl with such a watchlist exits 2 naming the rule and the column; nothing is written', async () => {
    const dir = scratch('ww-deepq-');
    const wl = JSON.parse(readFileSync(join(ROOT, 'watchlist.json'), 'utf8'));
    wl.rules[1].query = '('.repeat(2000) + 'Lavrov' + ')'.repeat(2000);
    writeFileSync(join(dir, 'watchlist.json'), JSON.stringify(wl));
    const r = await cli([
      'crawl',
      '--sources',
      join(ROOT, 'sources.json'),
      '--watchlist',
      join(dir, 'watchlist.json'),
      '--out',
      join(dir, 'out'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.rules\[1\]\.query: rule "wang-yi", column 33: expected at most 32 levels/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('case 7: hits and excerpts are capped per item, the count kept', () => {
  it('one 4.2 MB page of "Lavrov spoke." gives 50 hits and the true count', () => {
    const body = dense('Lavrov spoke. ', 4.2 * 1024 * 1024);
    const r = matchArticle(WATCHLIST, { title: 'Lavrov spoke', paragraphs: [body] });
    const lavrov = r.matches.find((m) => m.rule === 'lavrov')!;
    expect(lavrov.hits.length).toBe(MATCH_CAPS.maxHitsPerRule);
    expect(lavrov.hits[0]!.field).toBe('title');
    expect(lavrov.hitCount).toBeGreaterThan(300_000);
    expect(r.excerpts.length).toBeLessThanOrEqual(MATCH_CAPS.maxExcerpts);
    expect(r.scoreExplain.join('\n')).toContain(`${lavrov.hitCount} hits`);
  });

  it('stored results are capped on the way out (hits, excerpt count and length)', () => {
    const hit = { rule: 'r', term: 'x', text: 'x', field: 'body' as const, paragraph: 0, start: 0, end: 1 };
    const stored = {
      matches: [{ rule: 'r', label: 'R', weight: 1, hits: Array.from({ length: 1000 }, () => hit) }],
      excerpts: Array.from({ length: 40 }, () => ({
        paragraph: 0,
        text: 'x'.repeat(5000),
        highlights: [
          [0, 1, 'r'],
          [4000, 4001, 'r'],
        ] as [number, number, string][],
      })),
    };
    const c = capMatchFields(stored);
    expect(c.matches[0]).toMatchObject({ hitCount: 1000 });
    expect(c.matches[0]!.hits.length).toBe(MATCH_CAPS.maxHitsPerRule);
    expect(c.excerpts.length).toBe(MATCH_CAPS.maxExcerpts);
    expect(c.excerpts[0]!.text.length).toBe(MATCH_CAPS.maxExcerptChars);
    expect(c.excerpts[0]!.highlights).toEqual([[0, 1, 'r']]);
  });
});
