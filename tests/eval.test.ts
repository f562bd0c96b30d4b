import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aggregate, pageCounts, pagePR, shingles, tokens } from '../scripts/eval/metric.js';
import { checkPage, fffdCheck, sameTime, type Expected } from '../scripts/eval/expectations.js';
import { evalPage } from '../scripts/eval-aeb.js';
import type { ExtractedPage } from '../src/types.js';

const near = (x: number | undefined): string => (x === undefined ? 'undefined' : x.toFixed(4));

describe('AEB metric: tokens and shingles', () => {
  it.each([
    ['Hello, world! 42_x', ['Hello', 'world', '42_x']],
    ['Привет, мир! 你好世界', ['Привет', 'мир', '你好世界']],
    ['  — … ', []],
  ])('tokens(%s)', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it.each([
    ['a b c d e', { 'a b c d': 1, 'b c d e': 1 }],
    ['a b c d a b c d', { 'a b c d': 2, 'b c d a': 1, 'c d a b': 1, 'd a b c': 1 }],
    ['short text', { 'short text': 1 }],
    ['', {}],
  ])('shingles(%s)', (text, expected) => {
    expect(Object.fromEntries(shingles(text))).toEqual(expected);
  });
});

describe('AEB metric: two hand-made pages with known P/R', () => {
  // Page A: truth has 2 shingles, prediction 3 (one extra): tp 2, fp 1, fn 0 → P 2/3, R 1.
  // Page B: truth has 3 shingles, prediction 1 of them: tp 1, fp 0, fn 2 → P 1, R 1/3.
  const A = pageCounts('a b c d e', 'a b c d e f');
  const B = pageCounts('one two three four five six', 'one two three four');

  it.each([
    ['A', A, 2 / 3, 1 / 3, 0, 2 / 3, 1],
    ['B', B, 1 / 3, 0, 2 / 3, 1, 1 / 3],
  ])('page %s: normalised counts and P/R', (_n, c, tp, fp, fn, p, r) => {
    const pr = pagePR(c);
    expect([c.tp, c.fp, c.fn, pr.precision, pr.recall].map(near)).toEqual([tp, fp, fn, p, r].map(near));
  });

  it('averages precision and recall over pages, then takes F1 of the averages', () => {
    const s = aggregate([A, B]);
    // P = (2/3 + 1)/2 = 5/6, R = (1 + 1/3)/2 = 2/3, F1 = 2PR/(P+R) = 20/27
    expect([s.precision, s.recall, s.f1].map(near)).toEqual([5 / 6, 2 / 3, 20 / 27].map(near));
  });

  it.each([
    ['both empty: no error, scores 1 on both', '', '', 1, 1],
    ['identical short texts', 'hello world', 'hello world', 1, 1],
    ['empty prediction: precision undefined, recall 0', 'a b c d e', '', undefined, 0],
    ['prediction with nothing true: precision 0, recall 0', 'a b c d', 'w x y z', 0, 0],
  ])('%s', (_name, truth, pred, p, r) => {
    const pr = pagePR(pageCounts(truth, pred));
    expect([pr.precision, pr.recall]).toEqual([p, r]);
  });

  it('leaves pages with an undefined precision out of the precision average only', () => {
    const s = aggregate([pageCounts('a b c d', 'a b c d'), pageCounts('a b c d e', '')]);
    expect([s.precision, s.recall]).toEqual([1, 0.5]);
  });
});

describe('eval-aeb on a tiny benchmark folder', () => {
  it('scores the extractor output of a gzipped page against its ground truth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aeb-'));
    mkdirSync(join(dir, 'html'));
    const para = 'The river port opened a new container terminal on Monday, doubling the volume it can handle each year.';
    const html = `<html><head><title>Port opens terminal - Example</title></head><body><nav><a href="/">Home</a></nav>
      <div class="story"><p>${para}</p><p>${para.replace('Monday', 'Tuesday')}</p><p>${para.replace('Monday', 'Friday')}</p></div>
      <footer>© 2026 Example. All rights reserved to the example publisher and its partners.</footer></body></html>`;
    writeFileSync(join(dir, 'html', 'p1.html.gz'), gzipSync(Buffer.from(html)));
    const truth = [para, para.replace('Monday', 'Tuesday'), para.replace('Monday', 'Friday')].join('\n\n');
    const row = evalPage(dir, 'p1', { articleBody: truth, url: 'https://example.test/p1' });
    rmSync(dir, { recursive: true, force: true });
    expect([row.error, pagePR(row.counts).precision, pagePR(row.counts).recall]).toEqual([undefined, 1, 1]);
  });
});

const page = (paragraphs: string[], extra: Partial<ExtractedPage> = {}): ExtractedPage => ({
  title: 'Headline',
  paragraphs: paragraphs.map((text) => ({ text })),
  adapter: 'generic@1',
  confidence: 'high',
  ...extra,
});

describe('realworld expectations', () => {
  it.each([
    ['2020-06-29T00:16+03:00', '2020-06-28T21:16:15+00:00', true],
    ['2020-06-29T00:16+03:00', '2020-06-29T00:16+00:00', false],
    ['2024-04-24', '2024-04-24T23:52+08:00', true],
    ['2024-04-24T23:52+08:00', '2024-04-24', false],
    ['2024-04-24T23:52+08:00', undefined, false],
  ])('sameTime(%s, %s) = %s', (expected, actual, ok) => {
    expect(sameTime(expected, actual)).toBe(ok);
  });

  const entry: Expected = {
    url: 'https://example.test/a',
    title: 'Headline',
    published: '2026-11-18T16:20+08:00',
    dateline: '新华社北京11月18日电',
    optional_leading: ['新华社记者'],
    optional_content: ['（编辑：某某）'],
    body_first: '新华社北京11月18日电 外长举行会谈',
    body_last: '加强协调。',
    must_contain: ['双方交换意见'],
    must_not_contain: ['责编'],
  };

  it.each([
    ['the plain body', ['新华社北京11月18日电 外长举行会谈，双方交换意见。', '加强协调。'], []],
    [
      'an optional leading line and trailing optional content',
      ['新华社记者', '新华社北京11月18日电 外长举行会谈，双方交换意见。', '加强协调。', '（编辑：某某）'],
      [],
    ],
    ['a body without its dateline', ['外长举行会谈，双方交换意见。', '加强协调。'], []],
    [
      'boilerplate at the end',
      ['新华社北京11月18日电 外长举行会谈，双方交换意见。', '加强协调。', '（责编：张三）'],
      ['body_last', 'must_not_contain'],
    ],
    ['a missing paragraph', ['新华社北京11月18日电 外长举行会谈。', '加强协调。'], ['must_contain']],
  ])('%s', (_name, paras, failing) => {
    const checks = checkPage(page(paras, { publishedAt: '2026-11-18T16:20+08:00' }), entry);
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(failing);
  });

  it.each([
    ['no U+FFFD anywhere', 'abc', 'abc', ['text'], true],
    ['U+FFFD the source already holds', 'a\uFFFDb', 'a\uFFFDb', ['a\uFFFDb'], true],
    ['U+FFFD added by decoding', 'ab', 'a\uFFFDb', ['ab'], false],
    ['U+FFFD added in the output', 'ab', 'ab', ['a\uFFFDb'], false],
  ])('fffd: %s', (_name, source, decoded, paras, ok) => {
    expect(fffdCheck(source, decoded, page(paras)).ok).toBe(ok);
  });
});
