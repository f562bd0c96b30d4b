// Hostile page shapes: deep nesting (1,800 levels overflowed the stack and lost the body; 200,000 nested
// <div>s cost 85–118 s in the parser), and a million <br>s (1.6 GB). The DOM is bounded before and after
// parsing, so each of these costs one linear pass and keeps its text.
import { afterAll, describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/page.js';
import { registry } from '../../src/adapters/index.js';
import { PAGE_BOUNDS, boundHtml, loadBoundedHtml } from '../../src/extract/bounds.js';
import { configOf, pageOf, runCrawl, siteRoutes, sourceFor, story, type Story } from './helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/servers.js';

const LEAD = 'Russian Foreign Minister Sergey Lavrov met his Chinese counterpart Wang Yi in Beijing on Wednesday for talks.';
const DEEP = 'Deep inside the page, the two ministers discussed trade in national currencies and transport corridors.';
const TAIL = 'They agreed to meet again early next year, according to both delegations, and thanked their hosts.';
const nested = (n: number, open = '<div>', close = '</div>') =>
  `<!doctype html><html><head><title>Talks</title></head><body><article><h1>Lavrov and Wang Yi hold talks</h1><p>${LEAD}</p>${open.repeat(n)}<p>${DEEP}</p>${close.repeat(n)}<p>${TAIL}</p></article></body></html>`;
const extract = (html: string) =>
  extractDocument(Buffer.from(html), { url: 'https://example.org/world/1', registry, now: new Date('2026-11-22T06:00:00Z') }).page;
const bodyText = (html: string) =>
  extract(html)
    .paragraphs.map((p) => p.text)
    .join('\n');

describe('case 2: deeply nested pages keep their body', () => {
  it.each([
    ['1,800 nested divs', nested(1800)],
    ['1,800 nested spans', nested(1800, '<span>', '</span>')],
    ['200,000 nested divs (2.2 MB)', nested(200_000)],
    ['200,000 unclosed divs', nested(200_000, '<div>', '')],
  ])('%s: lead, deep and last paragraphs are all extracted', (_name, html) => {
    const text = bodyText(html);
    for (const p of [LEAD, DEEP, TAIL]) expect(text).toContain(p);
  });

  it('the DOM is never deeper than the bound', () => {
    const $ = loadBoundedHtml(nested(5000));
    let max = 0;
    $('*').each((_i, el) => {
      let d = 0;
      for (let p = el.parent; p; p = p.parent) d++;
      max = Math.max(max, d);
    });
    expect(max).toBeLessThanOrEqual(PAGE_BOUNDS.maxDepth + 1);
  });

  it('markup inside script and comments is not counted as nesting', () => {
    const html = `<div><script>${'<div>'.repeat(500)}</script><!-- ${'<div>'.repeat(500)} --><p>kept</p></div>`;
    expect(boundHtml(html, '')).toBe(html);
  });

  // Which names nest, whatever their case: void and implied-end elements never deepen the estimate, raw-text
  // elements hide their content; anything else (long and custom names too) counts.
  it.each([
    ['<P>', false],
    ['<Li>', false],
    ['<optgroup>', false],
    ['<IMG src=x>', false],
    ['<DIV>', true],
    ['<blockquote>', true],
    ['<my-element>', true],
    ['<o:p>', true],
    ['<h1>', true],
  ])('%s opened 300 times is cut: %s', (tag, cut) => {
    const html = tag.repeat(300);
    expect(boundHtml(html, '') !== html).toBe(cut);
  });

  it.each(['SCRIPT', 'Style', 'textarea', 'TITLE'])('markup inside <%s> is not counted', (name) => {
    const html = `<${name}>${'<div>'.repeat(500)}</${name.toLowerCase()}><p>kept</p>`;
    expect(boundHtml(html, '')).toBe(html);
  });

  it('more elements than the bound is page_too_complex, not an endless parse', () => {
    expect(() => boundHtml('<i>x</i>'.repeat(PAGE_BOUNDS.maxElements + 1), 'https://example.org/x')).toThrow(
      expect.objectContaining({ code: 'page_too_complex' }),
    );
  });
});

describe('case 5: a million <br>s', () => {
  it('runs of <br> collapse to a paragraph break before parsing; the text on both sides is kept', () => {
    const html = `<html><body><article><h1>Talks</h1><p>${LEAD}</p>${'<br>'.repeat(1_000_000)}<p>${TAIL}</p></article></body></html>`;
    const $ = loadBoundedHtml(html);
    expect($('br').length).toBe(2);
    const text = bodyText(html);
    expect(text).toContain(LEAD);
    expect(text).toContain(TAIL);
  });

  it.each([
    ['<br/> with spaces', 'a<br/> <br />\n<BR>b', 'a<br/> <br />b'],
    ['text between breaks the run', 'a<br><br>x<br><br>b', 'a<br><br>x<br><br>b'],
    ['a long run', `a${'<br>'.repeat(1000)}b`, 'a<br><br>b'],
    ['two stay two', 'a<br><br>b', 'a<br><br>b'],
    ['one stays one', 'a<br>b', 'a<br>b'],
  ])('%s', (_name, html, expected) => {
    expect(boundHtml(html, '')).toBe(expected);
  });
});

describe('case 2 through the crawl: a page 1,800 levels deep', () => {
  const servers: FaultServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('the item is flagged from its page, not dropped to feed-only', async () => {
    const s: Story = story('deep-1');
    const page = pageOf(s)
      .replace('<main><article>', `<main><article>${'<div>'.repeat(1800)}`)
      .replace('</article></main>', `${'</div>'.repeat(1800)}</article></main>`);
    const box = { origin: '' };
    const srv = await startFaultServer({
      host: '127.0.0.185',
      routes: {
        ...siteRoutes(
          () => [s],
          () => box.origin,
          (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(page),
        ),
      },
    });
    box.origin = srv.origin;
    servers.push(srv);
    const { report, candidates } = await runCrawl(configOf([sourceFor('deep', srv.url('/feed'))]));
    expect(report.items.map((i) => [i.state, i.error?.code ?? null])).toEqual([['flagged', null]]);
    expect(candidates.items[0].feedOnly).toBe(false);
    expect(candidates.items[0].excerpts.map((e: { text: string }) => e.text).join(' ')).toContain('Lavrov');
  });
});
