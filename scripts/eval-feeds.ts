// npm run eval:feeds -- DIR [--failures]
// feedparser's own test cases (DIR/cases.json, laid out as ../shared/feeds) through the crawler's feed path:
// decodeBytes (with the case's served Content-type, its Content-Location as the base) then parseFeedText.
// Judged as DIR/README.md says: text equal to feedparser's value, or to that value with its tags removed and its
// entities decoded (whitespace runs count as one space: a crawler keeps text); links and ids equal after
// resolving against the feed URL (URL parsing lower-cases scheme and host); times the same second in UTC;
// encoding the same charset (gb2312 ≈ gbk ≈ gb18030, WHATWG aliases) or the same decoded text.
// Prints agreement per category and in total, crashes, and feeds with entries expected but none given.
// Exit 1 below 95 % agreement, on any crash, or on any feed giving no items.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { decodeBytes, resolveCharset } from '../src/fetch/decode.js';
import { legacyDecode } from '../src/fetch/legacy.js';
import { parseFeedText } from '../src/feed.js';
import type { FeedItem, FeedParse } from '../src/types.js';

const GOAL = 0.95;
const SERVED_AT = 'http://127.0.0.1:8097/';

interface Case {
  file: string;
  category: string;
  expect: string;
  contentType: string | null;
  bozo: boolean | null;
  checks: { path: (string | number)[]; equals: unknown }[];
}

interface Result {
  c: Case;
  ok: boolean;
  crash?: string;
  noItems?: boolean;
  got?: unknown;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
// A removed line break or block tag leaves a space ("a<br>b" is "a b"), an inline tag nothing ("<b>x</b>y" is "xy").
const BLOCK_TAG = /<\/?(?:br|p|div|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table|hr|dd|dt|dl|section|article)\b[^>]*>/gi;
const stripped = (s: string): string => collapse(decodeHTML(s.replace(BLOCK_TAG, ' ').replace(/<[^>]*>/g, '')));

function sameText(got: unknown, want: unknown): boolean {
  const g = typeof got === 'string' ? got : '';
  if (typeof want !== 'string') return false;
  return g === want || collapse(g) === collapse(want) || collapse(g) === stripped(want);
}

function sameUrl(got: unknown, want: unknown, base: string): boolean {
  if (typeof got !== 'string' || typeof want !== 'string') return got === want;
  const norm = (u: string): string => {
    try {
      return new URL(u, base).href;
    } catch {
      return u;
    }
  };
  return got === want || norm(got) === norm(want);
}

function sameTime(got: unknown, want: unknown): boolean {
  if (typeof got !== 'string' || !Array.isArray(want)) return false;
  const [y, mo, d, h, mi, s] = want as number[];
  return Date.parse(got) === Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
}

const GB = new Set(['gb2312', 'gbk', 'gb18030']);

function sameCharset(got: string, want: string, bytes: Buffer, text: string): boolean {
  const w = want.toLowerCase();
  if (got === w || (GB.has(got) && GB.has(w))) return true;
  const resolved = resolveCharset(w) ?? w;
  if (resolved === got) return true;
  try {
    return legacyDecode(bytes, resolved).replace(/^\uFEFF/, '') === text;
  } catch {
    return false;
  }
}

/** The item field feedparser's path names. */
function entryField(item: FeedItem | undefined, rest: (string | number)[]): { kind: 'text' | 'url' | 'time'; value: unknown } {
  const key = rest.join('.');
  if (!item) return { kind: 'text', value: undefined };
  if (key === 'title' || key === 'title_detail.value') return { kind: 'text', value: item.title };
  if (key === 'link') return { kind: 'url', value: item.link };
  if (key === 'id' || key === 'guid') return { kind: 'url', value: item.guid };
  if (key === 'content.0.value') return { kind: 'text', value: item.content?.join(' ') };
  if (key === 'published_parsed') return { kind: 'time', value: item.dates?.published };
  if (key === 'updated_parsed') return { kind: 'time', value: item.dates?.updated ?? item.dates?.published };
  if (key === 'created_parsed') return { kind: 'time', value: item.dates?.created };
  return { kind: 'text', value: item.summary };
}

function headers(bytes: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of bytes
    .toString('latin1')
    .slice(0, 4096)
    .matchAll(/^Header:\s*([\w-]+):\s*(.*)$/gm))
    out[(m[1] as string).toLowerCase()] = (m[2] as string).trim();
  return out;
}

export function judge(dir: string, c: Case): Result {
  const bytes = readFileSync(join(dir, c.file));
  const hdr = headers(bytes);
  const docUrl = SERVED_AT + c.file;
  const base = hdr['content-location'] ? new URL(hdr['content-location'], docUrl).href : docUrl;
  let doc: ReturnType<typeof decodeBytes>;
  let parsed: FeedParse;
  try {
    doc = decodeBytes(bytes, { ...(c.contentType ? { contentType: c.contentType } : {}), kind: 'xml' });
    parsed = parseFeedText(doc.text, { feedUrl: base, timeZone: 'UTC', now: new Date() });
  } catch (e) {
    return { c, ok: false, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  const wantsEntries = c.checks.some((k) => k.path[0] === 'entries');
  const items = parsed.kind === 'feed' ? parsed.items : [];
  const noItems = wantsEntries && items.length === 0;
  let got: unknown;
  const ok = c.checks.every((k) => {
    const [head, ...rest] = k.path;
    if (head === 'encoding') return sameCharset((got = doc.charset), String(k.equals), bytes, doc.text);
    if (head === 'feed') return sameText((got = parsed.kind === 'feed' ? parsed.title : undefined), k.equals);
    const f = entryField(items[Number(rest[0])], rest.slice(1));
    got = f.value;
    if (f.kind === 'url') return sameUrl(f.value, k.equals, base);
    if (f.kind === 'time') return sameTime(f.value, k.equals);
    return sameText(f.value, k.equals);
  });
  return { c, ok, noItems, got };
}

const pct = (a: number, n: number): string => (n ? `${((100 * a) / n).toFixed(1)} %` : '-');

function main(argv: string[]): number {
  const dir = argv.find((a) => !a.startsWith('--')) ?? '../shared/feeds';
  const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Case[];
  const results = cases.map((c) => judge(dir, c));
  if (argv.includes('--failures')) {
    for (const r of results.filter((x) => !x.ok))
      console.log(`${r.c.file}\n  expect ${r.c.expect}\n  got    ${JSON.stringify(r.got)}${r.crash ? `\n  CRASH ${r.crash}` : ''}`);
  }
  const cats = [...new Set(cases.map((c) => c.category))];
  console.log('| category | cases | agree | % |\n|---|---|---|---|');
  for (const cat of cats) {
    const rs = results.filter((r) => r.c.category === cat);
    const a = rs.filter((r) => r.ok).length;
    console.log(`| ${cat} | ${rs.length} | ${a} | ${pct(a, rs.length)} |`);
  }
  const agree = results.filter((r) => r.ok).length;
  const crashes = results.filter((r) => r.crash).length;
  const noItems = results.filter((r) => r.noItems).length;
  console.log(`| **total** | ${results.length} | ${agree} | **${pct(agree, results.length)}** |`);
  console.log(`\ncrashes: ${crashes} · feeds with entries expected but no items: ${noItems}`);
  const pass = agree / results.length >= GOAL && crashes === 0 && noItems === 0;
  console.log(
    pass
      ? `PASS: ${pct(agree, results.length)} ≥ ${GOAL * 100} %, no crash, every feed gave items`
      : `FAIL: goal ${GOAL * 100} % agreement, 0 crashes, 0 feeds without items`,
  );
  return pass ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
