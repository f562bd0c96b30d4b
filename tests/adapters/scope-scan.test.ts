// The planned scoped DOM (src/extract/scope-scan.ts) against the reference, the same page through htmlparser2 and
// the scoped handler whole: the same tree, byte for byte, on every trap of the tokenizer and the tree builder, and
// on every fixture page under every adapter's scope and a broad one. A case the plan cannot follow must say so
// (parsed whole), never give another tree.
import { readFileSync } from 'node:fs';
import { load } from 'cheerio/slim';
import type { Document } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { adapterScope } from '../../src/adapters/engine.js';
import { registry } from '../../src/adapters/index.js';
import { boundHtml, type BoundedHtml } from '../../src/extract/bounds.js';
import { byteView } from '../../src/extract/byte-view.js';
import { find } from '../../src/extract/scope-scan.js';
import { SCOPE_ALWAYS, compileScope, type Scope } from '../../src/extract/scope-compile.js';
import { scopedDom, wholeScopedDom } from '../../src/extract/scoped.js';
import { decodeDocument } from '../../src/page.js';
import { pageFixtures } from '../../scripts/fixtures/inventory.js';

const KEEP = compileScope([...SCOPE_ALWAYS, 'div.keep', 'li.keep', 'p.keep', 'td.keep', 'section.main > p']);
/** KEEP with frames: #app and every link kept without their content, roots inside them hanging under them. */
const FRAMED = compileScope([...SCOPE_ALWAYS, 'div.keep', 'p.keep', '#app span.t'], ['#app', 'a']);
const page = (body: string, head = '<title>T</title>') => `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;

const render = (root: Document): string => load(root).html();

/** Both trees, and whether the plan built its own. */
function both(html: string, scope: Scope) {
  const planned = scopedDom(byteView(Buffer.from(html, 'utf8')), scope, html as BoundedHtml);
  const whole = wholeScopedDom(html, scope);
  return { planned: planned?.planned, got: planned && render(planned.root), want: whole && render(whole) };
}

describe('the plan gives the whole parse’s tree on the tokenizer’s and tree builder’s traps', () => {
  it.each([
    ['a root in a comment is not a root', page('<!-- <div class="keep">no</div> --><div class="keep">yes</div>'), KEEP, true],
    ['short comments end at once', page('<!--><div class="keep">a</div><!---><div class="keep">b</div>'), KEEP, true],
    ['markup in a script is text', page(`<script>var s = '<div class="keep">';</script><div class="keep">k</div>`), KEEP, true],
    ['a raw-text end tag in capitals, with a space', page('<style>p{}</STYLE ><div class="keep">k</div>'), KEEP, true],
    ['`</script/` does not end a script', page('<script>a</script/>b</script><div class="keep">k</div>'), KEEP, true],
    ['a self-closing script is no raw text', page('<script/><div class="keep">in</div></script>'), KEEP, true],
    ['textarea, title and xmp are raw text', page('<textarea><div class="keep">t</div></textarea><xmp><p class="keep"></xmp>'), KEEP, true],
    [
      'a quoted `>` stays inside the tag',
      page('<div title="a>b" class="keep">q</div><div data-x=\'a>b\' class="keep">s</div>'),
      KEEP,
      true,
    ],
    ['an unquoted value keeps its slash', page('<div class=keep/>open<p>still in</p></div>after'), KEEP, true],
    ['a root closed by its ancestor’s end tag', page('<section><div class="keep"><p>a</section>out'), KEEP, true],
    ['a root closed by an implied end', page('<p class="keep">a<div>b</div><ul><li class="keep">1<li>2</ul>'), KEEP, true],
    ['table cells close each other', page('<table><tr><td class="keep">a<td>b<tr><td class="keep">c</table>'), KEEP, true],
    ['a stray </p> makes a paragraph', page('<div>x</p>y</div>'), compileScope(['p']), true],
    ['a </br> makes a line break', page('<div>x</br>y</div>'), compileScope(['br']), true],
    ['nested roots stay one part', page('<div class="keep"><div class="keep"><p>i</div>tail</div>'), KEEP, true],
    ['a root left open runs to the end', '<html><body><div><div class="keep">a<p>b', KEEP, true],
    ['body closed, then a root under html', '<html><head></head><body><p>x</p></body><div class="keep">late</div></html>', KEEP, true],
    ['a second body tag', page('<div><body class="two"><div class="keep">k</div></div>'), KEEP, true],
    [
      'CDATA, declarations and instructions',
      page('<![CDATA[<div class="keep">c]]><!x><?php echo 1 ?><![CDAT><div class="keep">k</div>'),
      KEEP,
      true,
    ],
    ['`<!` and `<!-` swallow their next character', page('<!><div class="keep">a</div><!->b<div class="keep">c</div>'), KEEP, true],
    ['an end tag’s junk runs to its `>`', page('<div class="keep">a</div title="x>"><div class="keep">b</div>'), KEEP, true],
    ['`<` before a non-letter is text', page('a << b <1 <<div class="keep">k</div>'), KEEP, true],
    ['capitals, entities in a class', page('<DIV CLASS="keep">u</DIV><div class="ke&#101;p">e</div>'), KEEP, true],
    ['a title inside svg is a root', page('<svg><title>icon</title><path/></svg><div class="keep">k</div>'), KEEP, true],
    ['self-closing tags inside svg', page('<svg><g/><title>t</title><g><p class="keep"/>x</g></svg>after'), KEEP, false],
    [
      'meta and JSON-LD in the body',
      page('<div><meta name="x" content="y"><script type="application/ld+json">{"a":1}</script></div>'),
      KEEP,
      true,
    ],
    ['an element of the head left open', '<html><head><noscript><body><div class="keep">k</div></body></html>', KEEP, true],
    [
      'the head keeps only roots',
      page('<div class="keep">k</div>', '<style>p{}</style><title>T</title><script>x()</script><meta name="a">'),
      KEEP,
      true,
    ],
    ['a frame keeps its tag and its roots', page('<div id="app">x<nav><div class="keep">k</div></nav>y</div>'), FRAMED, true],
    ['a frame’s compound roots what it holds', page('<div id="app"><i><span class="t">s</span></i></div>'), FRAMED, true],
    [
      'frames nest, and sit under dropped elements',
      page('<ul><li><a href="/1">one<a href="/2"><p class="keep">k</p></a></a></li></ul>'),
      FRAMED,
      true,
    ],
    ['a frame closed by an implied end', page('<p><a href="/x">t<div class="keep">k</div>after</a></p>'), FRAMED, true],
    ['a frame inside a root is content', page('<div class="keep"><a href="/in">in</a></div><a href="/out">out</a>'), FRAMED, true],
    ['a frame left open runs to the end', '<html><body><div id="app"><div class="keep">a</div>', FRAMED, true],
    ['a frame closed by its ancestor’s end tag', page('<section><a href="/s"><b>b</section><div class="keep">k</div>'), FRAMED, true],
    ['a frame in svg, a root inside it', page('<svg><a href="/v"><p class="keep">x</p></a></svg>'), FRAMED, false],
    ['the page ends in a comment', page('<div class="keep">k</div><!-- open'), KEEP, false],
    ['the page ends in a start tag', `${page('<div class="keep">k</div>')}<div class="x`, KEEP, false],
  ])('%s', (_name, html, scope, planned) => {
    const r = both(html, scope);
    expect(r.got).toBe(r.want);
    expect(r.planned).toBe(planned);
  });
});

describe('the plan gives the whole parse’s tree on every fixture page', () => {
  const scopes: [string, Scope][] = registry.flatMap((a) => {
    const scope = adapterScope(a);
    return scope ? [[a.id, scope] as [string, Scope]] : [];
  });
  scopes.push([
    'broad',
    compileScope([...SCOPE_ALWAYS, 'p', 'h1', 'div.content', 'article', 'a[href]', 'li', 'span', 'td', 'img', 'br', '[id]']),
  ]);
  const pages = pageFixtures().map((p) => ({
    name: `${p.source}/${p.slug}`,
    html: boundHtml(decodeDocument(readFileSync(p.htmlPath), { contentType: p.meta.headers['content-type'] }).text, p.meta.url),
  }));

  it.each(scopes.flatMap(([id, scope]) => pages.map((p) => [id, p.name, scope, p.html] as const)))(
    '%s on %s',
    (_id, _name, scope, html) => {
      const r = both(html, scope);
      expect(r.got).toBe(r.want);
      expect(r.planned).toBe(true);
    },
  );
});

// find() reads FIND_LOOP_BYTES (32) itself and hands the rest to indexOf: a row on each side of that seam, on a
// Buffer (Node's indexOf) and a plain Uint8Array (the TypedArray one), each held to a plain loop.
describe('find: the first byte at or after a position, on either side of the loop / native seam', () => {
  const naive = (b: Uint8Array, c: number, from: number): number => {
    for (let i = Math.max(0, from); i < b.length; i++) if (b[i] === c) return i;
    return -1;
  };
  const at = (n: number, pos: number): Uint8Array => {
    const b = new Uint8Array(n).fill(0x61);
    if (pos >= 0) b[pos] = 0x3c;
    return b;
  };
  it.each([
    ['at the start position', 100, 0, 0],
    ['inside the loop', 100, 31, 0],
    ['the first byte past the loop', 100, 32, 0],
    ['far past the loop', 5_000, 4_321, 10],
    ['absent, short buffer', 20, -1, 0],
    ['absent, long buffer', 5_000, -1, 3],
    ['before the start position: not seen', 100, 40, 41],
    ['start at the last byte', 100, 99, 99],
    ['start at the end', 100, 99, 100],
    ['start past the end', 100, 99, 150],
  ] as const)('%s', (_label, n, pos, from) => {
    const plain = at(n, pos);
    const buffer = Buffer.from(plain);
    expect(find(plain, 0x3c, from)).toBe(naive(plain, 0x3c, from));
    expect(find(buffer, 0x3c, from)).toBe(naive(buffer, 0x3c, from));
  });
});
