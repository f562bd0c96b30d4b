// Hostile inputs at two sizes: each parse, match and robots check must do work linear in its input, so doubling
// the input should about double the time (a ratio near 2; 4 means quadratic). Each case runs the real function
// the crawl runs (feed sniff and reader, the wall sniff's literal scan, the bounded page extraction, the robots
// matcher, matchArticle, the query parser) on an input built at size n and 2n; the fastest of a few runs per size is
// reported. The fastest, not the median: a run's collector pauses and this machine's neighbours only ever add time,
// and a quadratic case is still 4× at its fastest. With the median of three, Node 24 put some row above 3 in each of
// four whole runs of this file (3.02-3.48, a different row at times); with the fastest of five, none in four (at
// most 2.51).
// Alone: `npm run bench:hostile` (prints the table, writes bench/results-hostile.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bodyLiterals, detectChallenge, looksLikeFeed } from '../src/fetch/challenge.js';
import { literalSet } from '../src/fetch/literal-set.js';
import { decodeBytes } from '../src/fetch/decode.js';
import { parseFeedText } from '../src/feed.js';
import { extractDocument } from '../src/page.js';
import { registry } from '../src/adapters/index.js';
import { robotsRulesFor } from '../src/fetch/robots-rules.js';
import { compileWatchlist, matchArticle } from '../src/match/index.js';
import { loadWatchlistFile } from '../src/match/load.js';
import { parseQuery } from '../src/match/query.js';
import { repoRoot } from './plan.js';

export const HOSTILE_DEFAULTS = { runs: 5, maxRatio: 3 };
// From the repository root, not from this file: `npm run bench` runs the compiled copy in dist-bench/bench/.
const RESULTS_FILE = join(repoRoot(), 'bench', 'results-hostile.json');

interface Case {
  name: string;
  /** The input at scale k (k = 1 and 2), and its size in bytes for the table. */
  build: (k: number) => { input: string; bytes: number };
  run: (input: string) => unknown;
}

const repeatTo = (unit: string, chars: number): string => unit.repeat(Math.ceil(chars / unit.length));
const NOW = new Date('2026-11-22T06:00:00Z');
const page = (html: string) => extractDocument(Buffer.from(html), { url: 'https://example.org/world/1', registry, now: NOW });
const PARA = '<p>Russian Foreign Minister Sergey Lavrov met Wang Yi in Beijing on Wednesday for talks on trade.</p>';
const ROBOT_URLS = Array.from(
  { length: 200 },
  (_, i) => new URL(`https://h.example/politics/2026/11/${1_000_000 + i}-lavrov-wang-yi-trade`),
);

function cases(): Case[] {
  const shipped = loadWatchlistFile(join(repoRoot(), 'watchlist.json'));
  const sniff = literalSet(bodyLiterals());
  const near100 = compileWatchlist({ aliases: {}, rules: [{ id: 'near', label: 'near', query: 'Lavrov NEAR/100 Wang' }] } as never);
  const sized = (f: (chars: number) => string, base: number) => (k: number) => {
    const input = f(base * k);
    return { input, bytes: Buffer.byteLength(input) };
  };
  return [
    {
      name: 'feed sniff: <!DOCTYPE and spaces',
      build: sized((n) => '<!DOCTYPE' + ' '.repeat(n), 4 << 20),
      run: (s) => [looksLikeFeed(s), detectChallenge(s)],
    },
    {
      // Near misses of the wall literals, within the sniff's 64 K characters; a page is sniffed once, so the scan is
      // repeated to be long enough to time.
      name: 'wall sniff: literals cut short, ×100',
      build: sized((n) => repeatTo('bobcm /tspd cf-chl __js_p swp_toke ', n), 32 << 10),
      run: (s) => {
        const bytes = Buffer.from(s, 'latin1');
        for (let i = 0; i < 100; i++) if (sniff.has(bytes, bytes.length)) return true;
        return false;
      },
    },
    {
      name: 'feed reader: <rss> then <a repeated',
      build: sized((n) => '<rss>' + repeatTo('<a', n), 4 << 20),
      run: (s) => parseFeedText(s, { feedUrl: 'https://h.example/feed', timeZone: 'UTC', now: NOW }),
    },
    {
      name: 'page: nested <div>s',
      build: sized(
        (n) => `<html><body><article>${PARA}${'<div>'.repeat(n / 11)}${PARA}${'</div>'.repeat(n / 11)}</article></body></html>`,
        1 << 20,
      ),
      run: page,
    },
    {
      name: 'page: runs of <br>',
      build: sized((n) => `<html><body><article>${PARA}${'<br>'.repeat(n / 4)}${PARA}</article></body></html>`, 2 << 20),
      run: page,
    },
    {
      // Undeclared legacy bytes go to chardet with their tags stripped: '<' with no '>' must not rescan the rest.
      name: 'decode: undeclared, < repeated',
      build: sized((n) => '\u00e9' + '<'.repeat(n), 16 << 10),
      run: (s) => decodeBytes(Buffer.from(s, 'latin1'), { kind: 'html' }),
    },
    {
      name: 'robots: Disallow /*** (200 URLs)',
      build: sized((n) => `User-agent: *\nDisallow: /${'*'.repeat(n)}x$\n`, 256 << 10),
      run: (s) => {
        const r = robotsRulesFor(s, 'wirewatch/0.1');
        return ROBOT_URLS.map((u) => r.isAllowed(u));
      },
    },
    {
      name: 'match: NEAR/100 on dense text',
      build: sized((n) => repeatTo('Lavrov met Wang. ', n), 512 << 10),
      run: (s) => matchArticle(near100, { title: 'x', paragraphs: [s] }),
    },
    {
      name: 'match: shipped watchlist, dense text',
      build: sized((n) => repeatTo('Lavrov spoke with Wang Yi on China-Russia trade and joint drills. ', n), 2 << 20),
      run: (s) => matchArticle(shipped, { title: 'x', paragraphs: [s] }),
    },
    {
      name: 'query: nested parentheses (refused)',
      build: sized((n) => '('.repeat(n / 2) + 'a' + ')'.repeat(n / 2), 1 << 20),
      run: parseQuery,
    },
  ];
}

export interface HostileRow {
  name: string;
  bytes: [number, number];
  ms: [number, number];
  ratio: number;
  ok: boolean;
}

function timeMs(c: Case, input: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    c.run(input);
    times.push(performance.now() - t);
  }
  return Math.min(...times);
}

export function measureHostile(o = HOSTILE_DEFAULTS): HostileRow[] {
  return cases().map((c) => {
    const small = c.build(1);
    const large = c.build(2);
    c.run(small.input); // warm-up: JIT and lazily built tables
    const ms: [number, number] = [timeMs(c, small.input, o.runs), timeMs(c, large.input, o.runs)];
    const ratio = Math.round((ms[1] / Math.max(ms[0], 0.01)) * 100) / 100;
    return { name: c.name, bytes: [small.bytes, large.bytes], ms: [round(ms[0]), round(ms[1])], ratio, ok: ratio <= o.maxRatio };
  });
}

const round = (x: number): number => Math.round(x * 10) / 10;

export function renderHostile(rows: HostileRow[]): string {
  const lines = ['| hostile input | size n | ms at n | ms at 2n | ratio (≈2 linear, 4 quadratic) |', '|---|---:|---:|---:|---:|'];
  for (const r of rows)
    lines.push(`| ${r.name} | ${(r.bytes[0] / 1024).toFixed(0)} KB | ${r.ms[0]} | ${r.ms[1]} | ${r.ratio}${r.ok ? '' : ' (above 3)'} |`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = measureHostile();
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
  process.stdout.write(`${renderHostile(rows)}\n`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}
