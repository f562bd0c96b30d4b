// Fixture pages and their reviewed goldens (fixtures/<source>/pages/<slug>.html + .html.meta.json +
// <slug>.expected.json), decoded through the real decoder with the recorded Content-Type, and one
// comparison every adapter test uses: exact short fields, first/last paragraph, contains/not-contains.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CheerioAPI } from 'cheerio/slim';
import { parseHtml } from '../../src/adapters/engine.js';
import { decodeBytes } from '../../src/fetch/decode.js';
import type { ExtractedPage, PageContext } from '../../src/types.js';

export const FIXTURES_DIR = new URL('../../fixtures/', import.meta.url).pathname;

export interface Golden {
  adapter: string;
  title: string;
  publishedAt: string | null;
  byline: string | null;
  credit: string | null;
  lang: string;
  paragraphCount: number;
  firstParagraph: string;
  lastParagraph: string;
  mustContain: string[];
  mustNotContain: string[];
  datelines?: string[];
  /** Speakers of a transcript, one entry per turn (consecutive paragraphs of one speaker collapse). */
  speakers?: string[];
}

export interface RecordedMeta {
  url: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
}

export interface FixturePage {
  source: string;
  slug: string;
  html: string;
  meta: RecordedMeta;
  golden: Golden;
}

/** Text of a recorded body, decoded as the crawler would (recorded Content-Type, no hint). */
export function readRecorded(path: string, kind: 'html' | 'xml' = 'html'): { text: string; meta: RecordedMeta } {
  const meta = JSON.parse(readFileSync(`${path}.meta.json`, 'utf8')) as RecordedMeta;
  const bytes = new Uint8Array(readFileSync(path));
  return { text: decodeBytes(bytes, { contentType: meta.headers['content-type'], kind }).text, meta };
}

/** Every page fixture of `source` that has a golden, sorted by slug. */
export function fixturePages(source: string): FixturePage[] {
  const dir = join(FIXTURES_DIR, source, 'pages');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const slug = f.slice(0, -'.html'.length);
      const { text, meta } = readRecorded(join(dir, f));
      const golden = JSON.parse(readFileSync(join(dir, `${slug}.expected.json`), 'utf8')) as Golden;
      return { source, slug, html: text, meta, golden };
    });
}

export function pageContext(p: FixturePage): PageContext {
  return { url: p.meta.url, now: new Date(p.meta.fetchedAt) };
}

export function load(p: FixturePage): CheerioAPI {
  return parseHtml(p.html);
}

/** The page with its layout changed by `mutate`, as a crawl would meet it: edited on a DOM of its own, written
 *  out and parsed again (a parsed page is never changed after its first query: src/extract/query.ts). */
export function loadChanged(p: FixturePage, mutate: ($: CheerioAPI) => void): CheerioAPI {
  const $ = parseHtml(p.html);
  mutate($);
  return parseHtml($.html());
}

/** Consecutive runs of paragraph speakers: ["Question", "Sergey Lavrov", "Question", …]. */
export function speakerTurns(page: ExtractedPage): string[] {
  const out: string[] = [];
  for (const p of page.paragraphs) if (p.speaker !== undefined && out.at(-1) !== p.speaker) out.push(p.speaker);
  return out;
}

export function expectGolden(page: ExtractedPage, g: Golden): void {
  const body = page.paragraphs.map((p) => p.text).join('\n');
  expect({
    adapter: page.adapter,
    title: page.title,
    publishedAt: page.publishedAt ?? null,
    byline: page.byline ?? null,
    credit: page.credit ?? null,
    lang: page.lang,
    paragraphCount: page.paragraphs.length,
    firstParagraph: page.paragraphs[0]?.text,
    lastParagraph: page.paragraphs.at(-1)?.text,
  }).toEqual({
    adapter: g.adapter,
    title: g.title,
    publishedAt: g.publishedAt,
    byline: g.byline,
    credit: g.credit,
    lang: g.lang,
    paragraphCount: g.paragraphCount,
    firstParagraph: g.firstParagraph,
    lastParagraph: g.lastParagraph,
  });
  expect(page.confidence).toBe('high');
  for (const s of g.mustContain) expect(body).toContain(s);
  for (const s of g.mustNotContain) expect(body).not.toContain(s);
  expect(page.paragraphs.flatMap((p) => (p.dateline ? [p.dateline] : []))).toEqual(g.datelines ?? []);
  expect(speakerTurns(page)).toEqual(g.speakers ?? []);
  for (const p of page.paragraphs) if (p.dateline) expect(p.text.startsWith(p.dateline)).toBe(true);
}
