// The scoped parse (src/extract/scoped.ts): which elements a scoped page keeps, and that every adapter gives the
// same page from it as from the whole page. The equality runs every adapter on every fixture page (its own and
// the other sites'), so a version that reads outside its scope, or a scope that misses a selector, fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapterScope, extractScoped, extractWith } from '../../src/adapters/engine.js';
import { generic } from '../../src/adapters/generic.js';
import { registry } from '../../src/adapters/index.js';
import { TASS_RU_2025_SELECTORS } from '../../src/adapters/tass-ru.js';
import { loadSources } from '../../src/config.js';
import { boundHtml, loadBoundedHtml, PAGE_BOUNDS } from '../../src/extract/bounds.js';
import { SCOPE_ALWAYS, compileScope } from '../../src/extract/scope-compile.js';
import { loadScopedHtml } from '../../src/extract/scoped.js';
import { decodeDocument } from '../../src/page.js';
import { pageFixtures } from '../../scripts/fixtures/inventory.js';
import { SOURCES_PATH } from '../../scripts/fixtures/table.js';
import type { PageContext } from '../../src/types.js';

/** Adapters parsed whole on purpose. */
const UNSCOPED = ['generic'];

const shell = (body: string, head = '<title>T</title>') =>
  `<!DOCTYPE html><html lang="en" data-app="x"><head>${head}</head><body class="b">${body}</body></html>`;

describe('a scoped page keeps the shell and the scope roots whole', () => {
  const scope = compileScope([
    ...SCOPE_ALWAYS,
    'div.keep',
    'html[data-app] section.main > p',
    'script[type="application/ld+json"]',
    'script[src*="/lib/"]',
  ]);
  const kept = (html: string) => {
    const $ = loadScopedHtml(html, 'http://example.test/a', scope);
    return $ ? $.root().html() : undefined;
  };
  it.each([
    [
      'a root under a dropped element moves under <body>',
      shell('<nav><ul><li><div class="keep">k</div></li></ul></nav>'),
      '<div class="keep">k</div>',
    ],
    [
      'a root keeps its whole subtree',
      shell('<div class="keep"><p>a <b>b</b></p><span>c</span></div>'),
      '<div class="keep"><p>a <b>b</b></p><span>c</span></div>',
    ],
    ['text and elements outside roots are dropped', shell('x<p>y</p><div class="other">z</div>'), ''],
    [
      'a class matches as a word only',
      shell('<div class="keeper">no</div><div class="a keep b">yes</div>'),
      '<div class="a keep b">yes</div>',
    ],
    [
      'a leading html compound roots the next one',
      shell('<div><section class="main"><p>s</p></section></div>'),
      '<section class="main"><p>s</p></section>',
    ],
    [
      'part of an attribute value ([src*=]) roots too',
      shell('<div><script src="/x/lib/a.js"></script><script src="/b.js"></script></div>'),
      '<script src="/x/lib/a.js"></script>',
    ],
    [
      'JSON-LD in the body is kept',
      shell('<div><script type="application/ld+json">{}</script></div>'),
      '<script type="application/ld+json">{}</script>',
    ],
    ['classes compare case-sensitively, as css-select does', shell('<DIV CLASS="KEEP">u</DIV>'), ''],
    [
      'other values fold case (a superset)',
      shell('<SCRIPT TYPE="Application/LD+JSON">[]</SCRIPT>'),
      '<script type="Application/LD+JSON">[]</script>',
    ],
    [
      'nested roots are kept once',
      shell('<div class="keep"><div class="keep">i</div></div>'),
      '<div class="keep"><div class="keep">i</div></div>',
    ],
  ])('%s', (_name, html, body) => {
    expect(kept(html)).toBe(`<html lang="en" data-app="x"><head><title>T</title></head><body class="b">${body}</body></html>`);
  });

  it.each([
    [
      'a frame keeps its attributes, not its text',
      shell('<div id="app" class="a">t<div class="keep">k</div></div>'),
      '<div id="app" class="a"><div class="keep">k</div></div>',
    ],
    ['a frame with nothing kept inside stays, empty', shell('<nav><a href="/x"><img src="i.png">x</a></nav>'), '<a href="/x"></a>'],
    [
      'a frame before a descendant combinator roots the next compound',
      shell('<div id="app"><ul><li class="c">c</li></ul></div>'),
      '<div id="app"><li class="c">c</li></div>',
    ],
    [
      'a frame before a child combinator is a root itself',
      shell('<div id="app"><ol><li>1</li></ol></div><section id="s"><b>b</b></section>'),
      '<div id="app"></div><section id="s"><b>b</b></section>',
    ],
  ])('%s', (_name, html, body) => {
    const framed = compileScope([...SCOPE_ALWAYS, 'div.keep', '#app li.c', '#s > b'], ['#app', 'a', '#s']);
    expect(loadScopedHtml(html, 'http://example.test/a', framed)?.root().html()).toBe(
      `<html lang="en" data-app="x"><head><title>T</title></head><body class="b">${body}</body></html>`,
    );
  });

  it.each([
    ['two compounds', '#app .x'],
    ['a bare p (htmlparser2 makes one from `</p>`)', 'p'],
    ['a bare br', 'BR'],
  ])('refuses a frame of %s', (_name, frame) => {
    expect(() => compileScope(['div'], [frame])).toThrow(/scope frame/);
  });

  it('keeps only roots in the head as in the body, and the roots of a page with no shell', () => {
    expect(
      kept(
        '<!DOCTYPE html><html><head><style>p{}</style><meta charset="utf-8"><script>x()</script></head><p>early</p><body><p>late</p></body></html>',
      ),
    ).toBe('<html><head><meta charset="utf-8"></head><body></body></html>');
    expect(kept('<div><p>all</p></div><div class="keep">k</div>')).toBe('<div class="keep">k</div>');
  });

  it('gives no scoped page for a tree as deep as the bound, and refuses what loadBoundedHtml refuses', () => {
    const deep = shell(`${'<div>'.repeat(PAGE_BOUNDS.maxDepth)}x`);
    expect(kept(deep)).toBeUndefined();
    expect(kept(shell(`${'<div>'.repeat(PAGE_BOUNDS.maxDepth - 10)}x`))).toBeDefined();
    const many = shell('<i></i>'.repeat(PAGE_BOUNDS.maxElements + 1));
    expect(() => loadScopedHtml(many, 'http://example.test/big', scope)).toThrow(/more than/);
  });
});

describe('every adapter gives the same page scoped as whole, on every fixture page', () => {
  const sources = new Map(loadSources(SOURCES_PATH).sources.map((s) => [s.id, s] as const));
  const pages = pageFixtures().map((p) => {
    const source = sources.get(p.source);
    const text = decodeDocument(readFileSync(p.htmlPath), { contentType: p.meta.headers['content-type'], hint: source?.encoding }).text;
    const ctx: PageContext = {
      url: p.meta.url,
      now: new Date(p.meta.fetchedAt),
      ...(source ? { lang: source.lang, timeZone: source.timeZone } : {}),
    };
    return { name: `${p.source}/${p.slug}`, text, ctx, own: source?.adapter };
  });
  const scoped = registry.filter((a) => !UNSCOPED.includes(a.id));

  it('every adapter but the listed ones declares a scope on every version', () => {
    expect(
      registry
        .filter((a) => a.versions.some((v) => !v.scope))
        .map((a) => a.id)
        .sort(),
    ).toEqual([...UNSCOPED].sort());
  });

  it.each(scoped.flatMap((a) => pages.map((p) => [a.id, p.name, a, p] as const)))('%s on %s', (_id, _name, adapter, p) => {
    const whole = extractWith(adapter, loadBoundedHtml(p.text, p.ctx.url), p.ctx, generic);
    const part = extractScoped(adapter, boundHtml(p.text, p.ctx.url), p.ctx);
    if (part) expect(part).toEqual(whole);
    // On its own pages an adapter must use the scoped parse, or the speed-up is silently gone.
    if (p.own === adapter.id && whole.confidence === 'high') expect(part, 'scoped extraction of its own page').toBeDefined();
    else if (whole.adapter.startsWith('generic')) expect(part).toBeUndefined();
  });
});

// The speed-up frames bring is invisible to the equality above: a frame turned back into a root gives the same pages.
describe('tass.ru keeps its Next.js root and its links as frames, without their content', () => {
  const tassRu = registry.find((a) => a.id === 'tass-ru');
  const pages = pageFixtures().filter((p) => p.source === 'tass-ru');
  it.each(pages.map((p) => [p.slug, p] as const))('%s', (_slug, p) => {
    const text = decodeDocument(readFileSync(p.htmlPath), { contentType: p.meta.headers['content-type'] }).text;
    const scope = tassRu && adapterScope(tassRu);
    const $ = scope ? loadScopedHtml(text, p.meta.url, scope) : undefined;
    expect($, 'a scoped page').toBeDefined();
    if (!$) return;
    // The Next.js layout wrappers, read by no version, are not built.
    expect($('[class^="Layout_"]').length).toBe(0);
    // A link outside every kept subtree (a tass_pkg element, a 2025 paragraph) is there without its own text: only
    // roots inside it (a time span) hang under it. On the 2022 pages every link is in such a subtree.
    const kept = `[class*="tass_pkg_"], ${TASS_RU_2025_SELECTORS.paragraph}`;
    const outside = $('a').filter((_, el) => $(el).closest(kept).length === 0);
    if ($('#__next').length === 0) expect(outside.length).toBeGreaterThan(0);
    expect(
      outside
        .contents()
        .filter((_, node) => node.type === 'text')
        .text(),
    ).toBe('');
  });
});
