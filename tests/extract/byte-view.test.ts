// Pages read from their bytes (src/extract/byte-view.ts): a valid UTF-8 (or ASCII) page of a scoped adapter is
// bounded and planned on its bytes, its kept parts decoded alone, and its challenge check answered from the bytes. Every case
// compares with the text path (decode whole, detectChallenge, extractDecoded), which stays the reference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/adapters/index.js';
import { loadSources } from '../../src/config.js';
import { boundView, byteView, span, type ViewCharset } from '../../src/extract/byte-view.js';
import iconv from 'iconv-lite';
import { SCOPE_ALWAYS, compileScope } from '../../src/extract/scope-compile.js';
import { scopedDom } from '../../src/extract/scoped.js';
import { boundHtml } from '../../src/extract/bounds.js';
import { detectChallenge, mayBeChallenge } from '../../src/fetch/challenge.js';
import { SNIFF_CHARS } from '../../src/fetch/sniff.js';
import { decodeDocument, extractDecoded, extractReadable, readableDocument, type ExtractDocumentOptions } from '../../src/page.js';
import { pageFromResponse } from '../../src/stages/page.js';
import { pageFixtures } from '../../scripts/fixtures/inventory.js';
import { SOURCES_PATH } from '../../scripts/fixtures/table.js';
import { render } from 'dom-serializer';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Both paths on the same bytes; `viewed` says whether the byte path had a view to read. */
function bothWays(bytes: Buffer, opts: ExtractDocumentOptions) {
  const text = extractDecoded(decodeDocument(bytes, opts), opts).page;
  const doc = readableDocument(bytes, opts);
  return { text, bytes: extractReadable(doc, opts), viewed: doc.view !== undefined };
}

describe('spans of a byte view are the text between the same characters', () => {
  const text = 'a<p class="ё">Лавров</p> 中俄 😀<b>x</b>';
  const v = byteView(utf8(text));
  const at = (ch: string, from = 0) => utf8(text.slice(0, text.indexOf(ch, from))).length;
  it.each([
    ['the whole page', 0, v.bytes.length, text],
    ['from one < to after the next >', at('<'), at('>') + 1, '<p class="ё">'],
    ['a part with 2-, 3- and 4-byte characters', at('<'), v.bytes.length, text.slice(text.indexOf('<'))],
  ])('%s', (_name, start, end, want) => expect(span(v, start, end)).toBe(want));
});

describe('a scoped DOM planned on the bytes is the one planned on the text', () => {
  const scope = compileScope([...SCOPE_ALWAYS, 'div.keep', '[data-k="K"]', 'section[title="док" i]']);
  const page = (body: string) => `<!DOCTYPE html><html lang="ru"><head><title>Т</title></head><body>${body}</body></html>`;
  const encoded = (html: string, charset: ViewCharset) =>
    byteView(charset === 'utf-8' ? utf8(html) : iconv.encode(html, 'gb18030'), charset);
  const fromText = (html: string) => {
    const bounded = boundHtml(html, '');
    const d = scopedDom(byteView(utf8(bounded)), scope, bounded);
    return d && render(d.root);
  };
  // GB18030 characters whose trail byte is an ASCII letter or `]` (0x81 then 'k', 'e', 'p', ']').
  const [K, E, P, BRACKET] = ['\u4e72', '\u4e6a', '\u4e78', '\u4e5a'];
  it.each([
    ['a kept root with Cyrillic and Han text', page('<nav>меню</nav><div class="keep">Лавров 拉夫罗夫</div>'), true],
    ['a class word after a non-ASCII one', page('<div class="главный keep">k</div><div class="keepё">no</div>'), true],
    ['an attribute value that folds only as text (Kelvin sign)', page('<i data-k="\u212A">kelvin</i><i data-k="k">k</i>'), true],
    ['a case-insensitive value in Cyrillic', page('<section title="ДОК">a</section><section title="дом">b</section>'), true],
    ['a non-ASCII attribute name before the class', page('<div ключ="1" class="keep">k</div>'), true],
    [
      'ASCII letters as trail bytes around a class word',
      page(`<div class="${K}${E}${E}${P} keep${K}">no</div><div class="${K} keep">k${E}</div>`),
      true,
    ],
    [
      'a comment and a script with trail bytes',
      page(`<!-- ${K}--${P} --><script>var a="</${P}";</script><div class="keep">${BRACKET}]></div>`),
      true,
    ],
    ['a tag name past ASCII: parsed whole from the text', page('<lin\u212A rel="x"><div class="keep">k</div>'), false],
    ['an end tag name past ASCII', page('<div class="keep">k</dív></div>'), false],
  ])('%s', (_name, html, planned) => {
    for (const charset of ['utf-8', 'gb18030'] as const) {
      const fromBytes = scopedDom(encoded(html, charset), scope);
      if (planned) expect(fromBytes && render(fromBytes.root)).toBe(fromText(html));
      else expect(fromBytes).toBeUndefined();
    }
    if (!planned) expect(scopedDom(byteView(utf8(html)), scope, boundHtml(html, ''))?.planned).toBe(false);
  });
  it('a GB18030 page with CDATA is not planned on its bytes: its `]]>` may lie inside a character', () => {
    const html = page(`<svg><![CDATA[ ${BRACKET}]> ]]></svg><div class="keep">k</div>`);
    expect(scopedDom(encoded(html, 'gb18030'), scope)).toBeUndefined();
    expect(render(scopedDom(encoded(html, 'utf-8'), scope)?.root as never)).toBe(fromText(html));
  });
});

describe('a view is bounded in place only when the text would be left as it is', () => {
  const deep = (n: number) => `${'<div>'.repeat(n)}д${'</div>'.repeat(n)}`;
  it.each([
    ['no <br> runs', '<p>Лавров</p><br><br><p>Ван И</p>', true],
    ['an ASCII run of <br>s: bounding cuts it', '<p>Лавров</p><br><br><br><p>x</p>', false],
    ['a run in either case, with blanks and slashes', '<p>x</p><BR> <br/>\n<Br />', false],
    ['two runs of two', '<br><br>x<br><br>', true],
    ['a run that alternates case, one tag at a time', '<p>x</p><br><BR><bR><p>y</p>', false],
    ['other <b…> tags between <br>s break the run', '<br><b>x</b><BR><B>y</B><br><body>', true],
    ['a run joined by an ideographic space, a space only in the text', '<p>x</p><br\u3000><br\u3000><br\u3000><p>y</p>', false],
    ['a <br> before a non-ASCII letter', '<br>д<br>д<br>д', true],
    ['a <br followed by a byte past ASCII: the bytes cannot tell', '<p>x</p><brд>', false],
    ['<br runs inside a comment count as the text counts them', '<!-- <br><br><br> --><p>x</p>', false],
    ['nesting at the depth bound', deep(128), true],
    ['nesting past the depth bound', deep(129), false],
    ['a deep run inside a script is not nesting', `<script>${'<div>'.repeat(200)}</script><p>д</p>`, true],
    ['a script end tag in another case', `<SCRIPT>${'<div>'.repeat(200)}</sCrIpT><p>д</p>`, true],
    ['a comment hides tags', `<!--${'<div>'.repeat(200)}--><p>д</p>`, true],
    ['void and self-closing tags do not nest', `${'<img>'.repeat(200)}${'<x/>'.repeat(200)}`, true],
  ])('%s', (_name, html, inPlace) => {
    const got = boundView(byteView(utf8(html)), '');
    expect(got !== undefined).toBe(inPlace);
    // Never in place where bounding the text changes it.
    if (inPlace) expect(boundHtml(html, '')).toBe(html);
    else if (!html.includes('<brд')) expect(boundHtml(html, '')).not.toBe(html);
  });
  it('refuses a page with too many elements, as bounding its text does', () => {
    const html = '<i></i>'.repeat(300_001);
    expect(() => boundHtml(html, 'u')).toThrow(/more than/);
    expect(() => boundView(byteView(utf8(html)), 'u')).toThrow(/more than/);
  });
});

describe('the challenge check from the bytes', () => {
  const filler = (chars: number, ch: string) => `<p>${ch.repeat(chars)}</p>`;
  // A literal past byte 65,536 but inside the first 65,536 characters (three bytes each before it).
  const lateInBytes = `<html><body>${filler(30_000, '中')}<script src="/cdn-cgi/challenge-platform/x.js"></script>${filler(30_000, 'x')}</body></html>`;
  const pastChars = `<html><body>${filler(SNIFF_CHARS, 'x')}<div class="cf-chl-x"></div></body></html>`;
  const plain = `<html><body>${filler(30_000, 'д')}</body></html>`;
  it.each([
    ['a literal in the first characters, past their bytes', lateInBytes, {}, true],
    ['a literal past the first characters', pastChars, {}, false],
    ['no literal, no header', plain, {}, false],
    ['a vendor header sent only with a challenge', plain, { 'cf-mitigated': 'challenge' }, true],
    ['a short body: the text decides', '<html><body>Just a moment...</body></html>', {}, true],
  ])('%s', (_name, html, headers: Record<string, string>, may) => {
    expect(mayBeChallenge(utf8(html), headers)).toBe(may);
    // Never a miss: whatever detectChallenge finds in the text, the bytes send it there.
    if (detectChallenge(html, headers)) expect(may).toBe(true);
  });
  // A literal whose last character is the text's 65,536th (or 65,537th) UTF-16 unit, after two- and four-byte
  // characters (an emoji is two units): the bytes' search ends where the text's does.
  const atEdge = (lead: string, past: number) =>
    `${lead}${' '.repeat(SNIFF_CHARS - lead.length - 'bobcmn'.length + past)}bobcmn${filler(30_000, 'x')}`;
  it.each([
    ['two-byte characters, the literal ends the first characters', atEdge('д'.repeat(20_000), 0), true],
    ['two-byte characters, the literal one character later', atEdge('д'.repeat(20_000), 1), false],
    ['four-byte characters, the literal ends the first characters', atEdge('😀'.repeat(10_000), 0), true],
    ['four-byte characters, the literal one character later', atEdge('😀'.repeat(10_000), 1), false],
  ])('%s', (_name, html, may) => {
    expect(mayBeChallenge(utf8(html))).toBe(may);
    expect(detectChallenge(html) !== undefined).toBe(may);
  });
  it('the late literal is past byte 65,536 and a challenge in the text', () => {
    expect(utf8(lateInBytes).indexOf('/cdn-cgi/')).toBeGreaterThan(SNIFF_CHARS);
    expect(detectChallenge(lateInBytes)?.vendor).toBe('cloudflare');
  });
  it('finds a literal that straddles two of its 64 KiB search windows, inside the first characters', () => {
    // 43,000 three-byte characters, then ASCII up to byte 131,069: the literal crosses byte 131,072.
    const lead = `<html><body><p>${'中'.repeat(43_000)}`;
    const html = `${lead}${'x'.repeat(131_069 - utf8(lead).length)}cf-chl-widget</p>${filler(30_000, 'x')}</body></html>`;
    expect(utf8(html).indexOf('cf-chl-')).toBe(131_069);
    expect(html.indexOf('cf-chl-')).toBeLessThan(SNIFF_CHARS - 'cf-chl-'.length);
    expect(mayBeChallenge(utf8(html))).toBe(true);
  });
  const gb = (html: string) => iconv.encode(html, 'gb18030');
  const lateInGbBytes = `<html><body>${filler(40_000, '中')}<script src="/cdn-cgi/challenge-platform/x.js"></script>${filler(30_000, 'x')}</body></html>`;
  it.each([
    ['a literal past 64 KiB of GB18030 bytes, inside the first characters', lateInGbBytes, true],
    ['no literal', `<html><body>${filler(60_000, '中')}</body></html>`, false],
    ['a short body: at most 4 bytes a character', `<html><body>${filler(16_000, '中')}Just a moment...</body></html>`, true],
  ])('GB18030: %s', (_name, html, may) => {
    expect(mayBeChallenge(gb(html), {}, 'gb18030')).toBe(may);
    if (detectChallenge(html)) expect(may).toBe(true);
  });
});

describe('every adapter reads every fixture page alike from its text and from its bytes', () => {
  const sources = new Map(loadSources(SOURCES_PATH).sources.map((s) => [s.id, s] as const));
  const pages = pageFixtures().map((p) => {
    const source = sources.get(p.source);
    return { name: `${p.source}/${p.slug}`, bytes: readFileSync(p.htmlPath), meta: p.meta, source, own: source?.adapter };
  });
  it.each(registry.flatMap((a) => pages.map((p) => [a.id, p.name, a, p] as const)))('%s on %s', (_id, _name, adapter, p) => {
    const opts: ExtractDocumentOptions = {
      url: p.meta.url,
      adapter,
      registry,
      contentType: p.meta.headers['content-type'],
      ...(p.source ? { hint: p.source.encoding, lang: p.source.lang, timeZone: p.source.timeZone } : {}),
      now: new Date(p.meta.fetchedAt),
    };
    const got = bothWays(p.bytes, opts);
    expect(got.bytes).toEqual(got.text);
  });
  it('reads the bytes of most pages of scoped adapters (the path is not silently gone)', () => {
    const viewed = pages
      .filter((p) => p.own && p.own !== 'generic')
      .filter((p) => {
        const adapter = registry.find((a) => a.id === p.own);
        return readableDocument(p.bytes, {
          url: p.meta.url,
          registry,
          ...(adapter ? { adapter } : {}),
          contentType: p.meta.headers['content-type'],
        }).view;
      });
    expect(viewed.length).toBeGreaterThan(pages.length / 2);
  });
});

describe('traps: pages the bytes must not read differently', () => {
  const tass = registry.find((a) => a.id === 'tass');
  const article = (extra: string) =>
    '<!DOCTYPE html><html data-ng-app="tassApp"><head><title>Т</title></head><body>' +
    '<div class="news-header"><h1 class="news-header__title">Лавров и Ван И</h1></div>' +
    `<div class="text-content"><div class="text-block"><p>МОСКВА, 3 декабря. /ТАСС/. Текст.</p>${extra}<p>Второй абзац.</p></div></div>` +
    '</body></html>';
  const opts: ExtractDocumentOptions = {
    url: 'https://tass.com/politics/1',
    registry,
    ...(tass ? { adapter: tass } : {}),
    now: new Date('2026-12-03T00:00:00Z'),
  };
  it.each([
    ['<br> runs with an ideographic space (bounding differs on the bytes)', '<br\u3000><br\u3000><br\u3000><br\u3000>'],
    ['<br> runs of ASCII', '<br><br> <br><br>'],
    ['a tag name past ASCII inside the body', '<spän>x</spän>'],
    ['an attribute value with a quote-like character', '<p title="«»">Третий</p>'],
    ['a comment with Cyrillic and a fake tag', '<!-- <p>не абзац</p> -->'],
  ])('%s', (_name, extra) => {
    const got = bothWays(utf8(article(extra)), opts);
    expect(got.viewed).toBe(true);
    expect(got.bytes).toEqual(got.text);
    expect(got.text.adapter).toBe('tass@2019');
  });
});

describe('a page of ASCII bytes is read from its bytes when its charset reads ASCII as itself', () => {
  const tass = registry.find((a) => a.id === 'tass');
  const html =
    '<!DOCTYPE html><html data-ng-app="tassApp"><head><title>T</title></head><body>' +
    '<div class="news-header"><h1 class="news-header__title">Lavrov and Wang Yi</h1></div>' +
    '<div class="text-content"><div class="text-block"><p>MOSCOW, December 3. /TASS/. Text &amp; more.</p><p>Two.</p></div></div>' +
    '</body></html>';
  it.each([
    ['declared utf-8', 'text/html; charset=utf-8', true],
    ['declared windows-1252', 'text/html; charset=windows-1252', true],
    ['declared gbk', 'text/html; charset=gbk', true],
    ['declared iso-2022-jp: its escapes make ASCII bytes other characters', 'text/html; charset=iso-2022-jp', false],
  ])('%s', (_name, contentType, viewed) => {
    const opts: ExtractDocumentOptions = {
      url: 'https://tass.com/politics/1',
      registry,
      ...(tass ? { adapter: tass } : {}),
      contentType,
      now: new Date('2026-12-03T00:00:00Z'),
    };
    const got = bothWays(utf8(html), opts);
    expect(got.viewed).toBe(viewed);
    expect(got.bytes).toEqual(got.text);
    expect(got.text.adapter).toBe('tass@2019');
  });
});

describe('the page stage reads a long page of valid UTF-8 from its bytes and still finds its challenge', () => {
  const tass = registry.find((a) => a.id === 'tass');
  const long = (head: string) =>
    `<!DOCTYPE html><html data-ng-app="tassApp"><head><title>Т</title>${head}</head><body>` +
    '<div class="news-header"><h1 class="news-header__title">Лавров и Ван И</h1></div>' +
    `<div class="text-content"><div class="text-block"><p>МОСКВА, 3 декабря. /ТАСС/. ${'Текст. '.repeat(6_000)}</p></div></div>` +
    '</body></html>';
  const read = (html: string, headers: Record<string, string> = {}) =>
    pageFromResponse(
      { body: utf8(html), finalUrl: 'https://tass.com/politics/1', headers: { 'content-type': 'text/html', ...headers } },
      { ...(tass ? { adapter: tass } : {}), now: new Date('2026-12-03T00:00:00Z') },
    );
  it.each([
    ['an article', long(''), {}, 'page'],
    ['a challenge script in its head', long('<script src="/cdn-cgi/challenge-platform/h/b/orchestrate.js"></script>'), {}, 'cloudflare'],
    ['a vendor header sent only with a challenge', long(''), { 'cf-mitigated': 'challenge' }, 'cloudflare'],
  ])('%s', (_name, html, headers: Record<string, string>, want) => {
    expect(utf8(html).length).toBeGreaterThan(3 * 16 * 1024);
    const got = read(html, headers);
    expect(got.kind === 'page' ? 'page' : got.vendor).toBe(want);
  });
});
