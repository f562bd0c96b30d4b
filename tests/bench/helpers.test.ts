// The benchmark's pure helpers: summaries, table layout, and the page generator (sizes, charsets, the three parts
// joined into one gzip member and that the adapters still find the article in an inflated page).
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fmt, fmtSummary, median, summarize, table } from '../../bench/stats.js';
import { byteLen, cutSkeleton } from '../../bench/pages.js';
import { deflatePart, gzipMemberPieces } from '../../bench/gzip-parts.js';
import { createPlan } from '../../bench/plan.js';
import { machineLine, parseLimit } from '../../bench/report.js';
import { withRounds, type KindTimes } from '../../bench/extract.js';
import { nodeFlags } from '../../bench/child.js';
import { launchEnv, launchFlags } from '../../src/runtime.js';
import { decodeBytes } from '../../src/fetch/decode.js';
import { extractDocument } from '../../src/page.js';
import { adapterById, registry } from '../../src/adapters/index.js';

describe('median and spread', () => {
  it.each([
    [[5], 5, 5, 5, 0],
    [[3, 1, 2], 2, 1, 3, 1],
    [[4, 1, 3, 2], 2.5, 1, 4, 1.2],
    [[10, 10, 10], 10, 10, 10, 0],
  ])('%j → median %d, %d–%d, spread %d', (xs, med, min, max, spread) => {
    const s = summarize(xs);
    expect([s.median, s.min, s.max, s.runs]).toEqual([med, min, max, xs.length]);
    expect(s.spread).toBeCloseTo(spread, 10);
    expect(median(xs)).toBe(med);
  });
  it('refuses an empty list', () => expect(() => median([])).toThrow(/no values/));
});

describe('number formatting', () => {
  it.each([
    [1234.5, '1,235'],
    [99.94, '99.9'],
    [5.678, '5.68'],
    [0.01234, '0.012'],
  ])('fmt(%d) = %s', (x, s) => expect(fmt(x)).toBe(s));
  it.each([
    [[7], '7.00'],
    [[7, 8, 9], '8.00 (7.00–9.00)'],
    [[3, 3], '3.00'],
  ])('fmtSummary(%j) = %s', (xs, s) => expect(fmtSummary(summarize(xs))).toBe(s));
});

describe('table', () => {
  it('pads columns, aligns numbers right and text left', () => {
    expect(
      table(
        ['name', 'n'],
        [
          ['a', '1'],
          ['bbb', '1,000'],
        ],
      ).split('\n'),
    ).toEqual(['| name |     n |', '|------|------:|', '| a    |     1 |', '| bbb  | 1,000 |']);
  });
});

describe('byteLen', () => {
  it.each([
    ['abc', 'utf-8', 3],
    ['中俄', 'utf-8', 6],
    ['中俄', 'gb18030', 4],
    ['a中', 'gb18030', 3],
  ] as const)('%s in %s = %d bytes', (s, cs, n) => expect(byteLen(s, cs)).toBe(n));
});

describe('cutSkeleton', () => {
  it.each([
    [
      '<html><head></head><body><div><p class="t">One.</p><p class="t">The last one here.</p></div></body></html>',
      'The last one here.',
      '<p class="t">',
      '<p class="t">The last one here.</p>',
    ],
    [
      '<html><head></head><body><div>First.<br /><br />The final block text.\n</div></body></html>',
      'The final block text.',
      '<br /><br />',
      'The final block text.\n',
    ],
  ])('cuts %#', (html, last, open, articleEnd) => {
    const cut = cutSkeleton(html, last);
    expect(cut?.para[0]).toBe(open);
    expect(cut?.parts[2].endsWith(articleEnd)).toBe(true);
    expect(cut?.parts.join('')).toBe(html);
  });
  it('gives up without a body', () => expect(cutSkeleton('<p>x</p>', 'x')).toBeUndefined());
});

describe('one gzip member from parts deflated apart', () => {
  const text = (s: string): Buffer => Buffer.from(s, 'utf8');
  const cases: [string, Buffer[]][] = [
    ['one part', [text('<p>only</p>')]],
    ['three parts', [text('<html><body>'), text('<p>Лавров 拉夫罗夫</p>'), text('</body></html>')]],
    ['an empty middle part', [text('<p>a</p>'), text(''), text('<p>b</p>')]],
    [
      'a part past one stored block (64 KiB of noise)',
      [text('<pre>'), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)), text('</pre>')],
    ],
  ];
  it.each(cases)('%s: inflates to the parts joined, states their whole length, and is one member', (_, raws) => {
    const parts = raws.map((raw, k) => deflatePart(raw, k === raws.length - 1));
    const member = Buffer.concat(gzipMemberPieces(parts));
    const whole = Buffer.concat(raws);
    expect(gunzipSync(member)).toEqual(whole);
    expect(member.readUInt32LE(member.length - 4)).toBe(whole.length);
    // One member: a second copy after it is a second member, so the pair inflates to the bytes twice.
    expect(gunzipSync(Buffer.concat([member, member]))).toEqual(Buffer.concat([whole, whole]));
  });
  it('a corrupted trailer fails the check', () => {
    const member = Buffer.concat(gzipMemberPieces([deflatePart(text('<p>x</p>'), true)]));
    member.writeUInt8(member.readUInt8(member.length - 8) ^ 1, member.length - 8);
    expect(() => gunzipSync(member)).toThrow();
  });
});

describe('generated pages', () => {
  const plan = createPlan();
  const feeds = plan.kinds.map((_, f) => f);
  it('every source kind has skeletons', () => {
    expect(new Set(plan.gen.skeletons.map((s) => s.kind))).toEqual(new Set(plan.kinds.map((k) => k.id)));
  });
  it.each(feeds)('feed %i: 60–300 KB, the right charset, deterministic, one gzip member of the parts, adapter finds the article', (f) => {
    const kind = plan.feedKind(f);
    for (let i = 0; i < 2; i++) {
      const p = plan.page(f, i);
      const bytes = Buffer.concat([p.prefix, p.unique, p.suffix]);
      expect(bytes.length).toBeGreaterThanOrEqual(60_000);
      expect(bytes.length).toBeLessThanOrEqual(300_000);
      expect(Buffer.concat([plan.page(f, i).unique])).toEqual(p.unique);
      const member = Buffer.concat(
        gzipMemberPieces([deflatePart(p.prefix, false), deflatePart(p.unique, false), deflatePart(p.suffix, true)]),
      );
      expect(gunzipSync(member)).toEqual(bytes);
      expect(member.readUInt32LE(member.length - 4)).toBe(bytes.length);
      const doc = decodeBytes(bytes, { contentType: p.contentType, hint: kind.encoding, kind: 'html' });
      expect(doc.charset).toBe(kind.id === 'people-zh' ? 'gb18030' : 'utf-8');
      expect(doc.text).not.toContain('\uFFFD');
      const { page } = extractDocument(bytes, {
        url: 'http://127.0.0.2/a/0.html',
        registry,
        adapter: adapterById(kind.adapter),
        contentType: p.contentType,
        hint: kind.encoding,
        lang: kind.lang,
        timeZone: kind.timeZone,
        now: new Date(),
      });
      expect(page.confidence).toBe('high');
      expect(page.paragraphs.length).toBeGreaterThan(6);
    }
  });
});

describe('the machine line', () => {
  it('names the launch line of the measured crawls: src/runtime.ts, then BENCH_NODE_FLAGS', () => {
    const m = machineLine();
    const env = Object.entries(launchEnv()).map(([k, v]) => `${k}=${v}`);
    expect(m.launch).toBe([...env, 'node', ...launchFlags(), ...nodeFlags()].join(' '));
    expect(m.line).toContain(`crawls launched as \`${m.launch}\``);
  });
});

describe('the parse limit pooled from the rounds between the crawls', () => {
  const row = (kind: string, cpuMs: number[]): KindTimes => ({
    kind,
    adapter: kind,
    pages: 1,
    bytes: 1_000_000,
    parse: cpuMs.map((ms) => ({ wallMs: ms, cpuMs: ms })),
    extract: cpuMs.map((ms) => ({ wallMs: ms, cpuMs: 2 * ms })),
    generic: cpuMs.map((ms) => ({ wallMs: ms, cpuMs: 3 * ms })),
    highConfidence: 0,
    withBody: 0,
  });
  // Two kinds of 1 MB each: a round's limit is 2 MB over the two kinds' summed time.
  const before = [row('a', [100, 100]), row('b', [100, 100])];
  const between = [row('b', [400]), row('a', [400]), row('a', [200]), row('b', [200])];

  it('appends each kind its own rounds, in the order they were run, and leaves the sample as it was', () => {
    const pooled = withRounds(before, between);
    expect(pooled.map((r) => [r.kind, r.parse.map((b) => b.cpuMs)])).toEqual([
      ['a', [100, 100, 400, 200]],
      ['b', [100, 100, 400, 200]],
    ]);
    expect(pooled.map((r) => [r.extract.map((b) => b.cpuMs), r.generic.map((b) => b.cpuMs)])).toEqual([
      [
        [200, 200, 800, 400],
        [300, 300, 1200, 600],
      ],
      [
        [200, 200, 800, 400],
        [300, 300, 1200, 600],
      ],
    ]);
    expect(pooled.map((r) => [r.bytes, r.pages, r.highConfidence])).toEqual(before.map((r) => [r.bytes, r.pages, r.highConfidence]));
    expect(before[0]?.parse).toHaveLength(2);
  });

  it('takes the median over every pooled round (10, 10, 2.5, 5 MB/s)', () => {
    expect(parseLimit(before).cpu.median).toBe(10);
    expect(parseLimit(withRounds(before, between)).cpu.median).toBe(7.5);
  });
});
