// The tag index answers root queries exactly as cheerio does (src/extract/query.ts): every selector written in
// the extractors, plus a table of shapes, on every HTML page under fixtures/ and tests/fixtures-generic, both
// ways, compared element by element and in order.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load, type CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { parse } from 'css-what';
import { compile } from 'css-select';
import { describe, expect, it } from 'vitest';
import { loadBoundedHtml } from '../../src/extract/bounds.js';
import { inMatching, selectorTest, withTagIndex } from '../../src/extract/query.js';
import { decodeBytes } from '../../src/fetch/decode.js';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** Quoted strings in the extractors' sources that parse as selectors (words parse too, and are compared alike). */
function writtenSelectors(): string[] {
  const files = ['src/adapters', 'src/extract', 'src/text', 'src/discover'].flatMap(htmlSourceFiles);
  const found = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'([^'\n]{1,200})'/g)) {
      const s = m[1] as string;
      try {
        if (parse(s).length > 0) found.add(s);
      } catch {
        // not a selector
      }
    }
  }
  return [...found];
}

function htmlSourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

const SHAPES = [
  'meta[name="og:title"], meta[property="og:title"], meta[itemprop="og:title"]',
  'h1, title, meta[property="og:title"]',
  'p, div, span',
  'script[type="application/ld+json"]',
  'link[rel="canonical"]',
  'html',
  'a[href*="/"]:not(:has(img))',
  'div > p:first-child',
  'p:first',
  'li:eq(2)',
  '.x',
  '*',
  'div p',
  'body > div',
  ':root',
  'p:contains("the")',
];

/** Positions of the answer's elements in their DOM's pre-order list, or what the query threw. */
function answer($: CheerioAPI, selector: string, positions: Map<unknown, number>): number[] | string {
  try {
    return $(selector)
      .toArray()
      .map((el) => positions.get(el) ?? -1);
  } catch (e) {
    return `throws ${String(e)}`;
  }
}

const pages = [...htmlFiles('fixtures'), ...htmlFiles('tests/fixtures-generic')];
const selectors = [...new Set([...SHAPES, ...writtenSelectors()])];

describe('root queries through the tag index equal cheerio', () => {
  it('reads enough pages and selectors to mean something', () => {
    expect(pages.length).toBeGreaterThan(40);
    expect(selectors.length).toBeGreaterThan(100);
  });

  it.each(pages.map((p) => [p]))('%s', (path) => {
    const text = decodeBytes(readFileSync(path), { kind: 'html' }).text;
    const plain = load(text);
    // The crawl's own way to a DOM: the index filled in the bounding walk (no fixture is deep enough to be cut).
    const indexed = loadBoundedHtml(text);
    // Same document text, two DOMs: compare by position in each DOM's own pre-order element list.
    const positions = ($: CheerioAPI) =>
      new Map<unknown, number>(
        $('*')
          .toArray()
          .map((el, i) => [el, i]),
      );
    const at = { plain: positions(plain), indexed: positions(indexed) };
    for (const selector of selectors) {
      const expected = answer(plain, selector, at.plain);
      const actual = answer(indexed, selector, at.indexed);
      expect(actual, selector).toEqual(expected);
    }
  });
});

describe('the index after the page changes', () => {
  it('leaves out an element removed after the first query, as cheerio does', () => {
    const html = '<html><body><div id="a"><p>one</p><p>two</p></div><p class="x">three</p></body></html>';
    const plain = load(html);
    const indexed = withTagIndex(load(html));
    expect(indexed('p').length).toBe(3);
    for (const $ of [plain, indexed]) {
      $('#a').remove();
      $('p.x').remove();
    }
    const texts = ($: typeof plain) =>
      $('p, div')
        .toArray()
        .map((el) => $(el).text());
    expect(texts(indexed)).toEqual(texts(plain));
    expect(texts(indexed)).toEqual([]);
  });
});

/** The written selectors css-select compiles (the rest, positional pseudos, only cheerio answers). */
const compilable = selectors.filter((s) => {
  try {
    compile(s);
    return true;
  } catch {
    return false;
  }
});

describe('selectorTest is the test cheerio .filter() runs', () => {
  it.each(pages.map((p) => [p]))('%s', (path) => {
    const $ = load(decodeBytes(readFileSync(path), { kind: 'html' }).text);
    const all = $('*').toArray() as Element[];
    for (const selector of compilable) {
      const test = selectorTest(selector);
      expect(
        all.filter((el) => test(el)),
        selector,
      ).toEqual($(all).filter(selector).toArray());
    }
  });
});

// inMatching(el, stop, test) against `$(el).is(s) || $(el).parentsUntil(stop).filter(s).length > 0`: the element
// marked #t, the container #c.
const INSIDE: [html: string, selector: string, expected: boolean][] = [
  ['<div id="c"><p id="t">x</p></div>', 'p', true],
  ['<div id="c"><p id="t">x</p></div>', 'div', false],
  ['<div id="c" class="edit"><p id="t">x</p></div>', 'div.edit', false],
  ['<div id="c"><div class="edit"><p id="t">x</p></div></div>', 'div.edit', true],
  ['<div id="c"><div class="edit"><span><p id="t">x</p></span></div></div>', 'div.bza, div.edit', true],
  ['<div class="edit"><div id="c"><p id="t">x</p></div></div>', 'div.edit', false],
  ['<div id="c"><center><p id="t">x</p></center></div>', 'center, table', true],
  ['<div id="c"><p id="t" class="paper_num">x</p></div>', 'p.paper_num', true],
  ['<div id="c"><p class="paper_num">y</p><p id="t">x</p></div>', 'p.paper_num', false],
];

describe('inMatching equals is() or parentsUntil().filter()', () => {
  it.each(INSIDE)('%s ∋ %s → %s', (html, selector, expected) => {
    const $ = load(html);
    const el = $('#t')[0] as Element;
    const stop = $('#c');
    const cheerio = $(el).is(selector) || $(el).parentsUntil(stop).filter(selector).length > 0;
    expect(cheerio).toBe(expected);
    expect(inMatching(el, stop[0] as Element, selectorTest(selector))).toBe(expected);
  });
});
