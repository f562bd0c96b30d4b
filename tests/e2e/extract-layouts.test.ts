// `wirewatch extract` on the fixtures of the layouts the sites serve today (tass.ru 2025, mid.ru 2024,
// en.people.cn 2023, Global Times 2026): the host picks the site's own adapter, which reads the page with
// high confidence and gives the reviewed golden's title, time, byline and first and last paragraph.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES } from './helpers.js';

const NEW_LAYOUTS = ['tass-ru@2025', 'mid@2024', 'people-en@2023', 'globaltimes@2026'];

interface Case {
  file: string;
  url: string;
  golden: {
    adapter: string;
    title: string;
    publishedAt: string | null;
    byline: string | null;
    firstParagraph: string;
    lastParagraph: string;
  };
}

const cases: [string, Case][] = readdirSync(FIXTURES).flatMap((source) => {
  let files: string[];
  try {
    files = readdirSync(join(FIXTURES, source, 'pages'));
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.html'))
    .flatMap((f): [string, Case][] => {
      const dir = join(FIXTURES, source, 'pages');
      const golden = JSON.parse(readFileSync(join(dir, f.replace(/\.html$/, '.expected.json')), 'utf8')) as Case['golden'];
      if (!NEW_LAYOUTS.includes(golden.adapter)) return [];
      const meta = JSON.parse(readFileSync(join(dir, `${f}.meta.json`), 'utf8')) as { url: string };
      return [[`${source}/${f}`, { file: join(dir, f), url: meta.url, golden }]];
    });
});

describe('wirewatch extract on the new-layout fixtures', () => {
  it('covers every new layout version with at least three pages', () => {
    for (const v of NEW_LAYOUTS) expect(cases.filter(([, c]) => c.golden.adapter === v).length, v).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)('%s: own adapter, high confidence, golden fields', async (_name, c) => {
    const r = await cli(['extract', c.file, '--url', c.url]);
    expect(r.code, r.stderr).toBe(0);
    const page = JSON.parse(r.stdout) as {
      adapter: string;
      confidence: string;
      title: string;
      publishedAt?: string;
      byline?: string;
      paragraphs: { text: string }[];
    };
    expect({
      adapter: page.adapter,
      confidence: page.confidence,
      title: page.title,
      publishedAt: page.publishedAt ?? null,
      byline: page.byline ?? null,
      first: page.paragraphs[0]?.text,
      last: page.paragraphs.at(-1)?.text,
    }).toEqual({
      adapter: c.golden.adapter,
      confidence: 'high',
      title: c.golden.title,
      publishedAt: c.golden.publishedAt,
      byline: c.golden.byline,
      first: c.golden.firstParagraph,
      last: c.golden.lastParagraph,
    });
  });
});
