// Every charset trap in fixtures/charset/ through decodeBytes with its recorded Content-Type: the charset and the
// rule that won, the declared label, a title and a snippet that must decode exactly, and no U+FFFD. A second
// table pins each fixture's byte-level property, so a regenerated fixture cannot quietly stop being a trap.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../src/fetch/decode.js';

const DIR = new URL('../fixtures/charset/', import.meta.url).pathname;

interface TrapExpected {
  charset: string;
  charsetSource: string;
  declared: string;
  title: string;
  snippet: string;
  noReplacementChars: boolean;
}

const TRAPS = [
  'gb18030-4byte-chars.html',
  'gbk-xml-prolog-only.xml',
  'header-contradicts-page.html',
  'late-meta-after-1024.html',
  'undeclared-koi8-r.html',
  'utf8-bom.html',
  'utf8-bytes-under-gb2312-meta.html',
  'windows-1251-meta.html',
] as const;

function bytesOf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${DIR}${name}`));
}

function contentType(name: string): string | undefined {
  const meta = JSON.parse(readFileSync(`${DIR}${name}.meta.json`, 'utf8')) as { headers: Record<string, string> };
  return meta.headers['content-type'];
}

function hasBytes(b: Uint8Array, hex: string): boolean {
  return Buffer.from(b).includes(Buffer.from(hex, 'hex'));
}

function isValidUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

describe('charset traps', () => {
  it('has one named fixture per trap, each with meta and expected', () => {
    expect(
      readdirSync(DIR)
        .filter((f) => /\.(html|xml)$/.test(f))
        .sort(),
    ).toEqual([...TRAPS]);
  });

  it.each(TRAPS)('%s', (name) => {
    const e = JSON.parse(readFileSync(`${DIR}${name.replace(/\.(html|xml)$/, '')}.expected.json`, 'utf8')) as TrapExpected;
    const doc = decodeBytes(bytesOf(name), { contentType: contentType(name), kind: name.endsWith('.xml') ? 'xml' : 'html' });
    expect({ charset: doc.charset, charsetSource: doc.charsetSource, declared: doc.declared }).toEqual({
      charset: e.charset,
      charsetSource: e.charsetSource,
      declared: e.declared,
    });
    expect(/<title>([^<]*)<\/title>/.exec(doc.text)?.[1]).toBe(e.title);
    expect(doc.text).toContain(e.snippet);
    expect(doc.text.includes('\uFFFD')).toBe(!e.noReplacementChars);
  });
});

describe('each fixture still holds its trap', () => {
  it.each([
    ['utf8-bytes-under-gb2312-meta.html', (b: Uint8Array) => isValidUtf8(b) && hasBytes(b, Buffer.from('charset=GB2312').toString('hex'))],
    // U+20000 → 95 32 82 36, U+30FB → 81 39 A7 39, U+3400 → 81 39 EE 39: four-byte GB18030 sequences
    ['gb18030-4byte-chars.html', (b: Uint8Array) => hasBytes(b, '95328236') && hasBytes(b, '8139a739') && hasBytes(b, '8139ee39')],
    ['late-meta-after-1024.html', (b: Uint8Array) => Buffer.from(b).indexOf('charset') > 1024],
    [
      'header-contradicts-page.html',
      (b: Uint8Array) => !isValidUtf8(b) && /charset=utf-8/.test(contentType('header-contradicts-page.html') ?? ''),
    ],
    [
      'gbk-xml-prolog-only.xml',
      (b: Uint8Array) =>
        !isValidUtf8(b) && !Buffer.from(b).includes('<meta') && !/charset/.test(contentType('gbk-xml-prolog-only.xml') ?? ''),
    ],
    ['windows-1251-meta.html', (b: Uint8Array) => !isValidUtf8(b) && hasBytes(b, 'cbe0e2f0eee2e0')], // "Лаврова" in windows-1251
    ['utf8-bom.html', (b: Uint8Array) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf],
    [
      'undeclared-koi8-r.html',
      // "Лавров" in KOI8-R; no charset in the markup or the header
      (b: Uint8Array) =>
        !isValidUtf8(b) &&
        hasBytes(b, 'ecc1d7d2cfd7') &&
        !/charset|encoding=/i.test(Buffer.from(b).toString('latin1')) &&
        !/charset/.test(contentType('undeclared-koi8-r.html') ?? ''),
    ],
  ] as const)('%s', (name, holds) => {
    expect(holds(bytesOf(name))).toBe(true);
  });

  // Stated on the bytes, not on a platform decoder: Node 20's TextDecoder('gbk') drops 4-byte sequences and
  // Node 22+ decodes them (WHATWG treats gbk as gb18030 for decoding), so "a GBK decoder loses them" is no
  // property of the fixture. A second byte 0x30–0x39 is no GBK trail byte (0x40–0xFE), so a strict GBK reader
  // cannot take these characters; our decoder, given the GBK label, keeps them.
  it('its 4-byte characters are outside GBK and survive our decoder under a GBK label', () => {
    const b = bytesOf('gb18030-4byte-chars.html');
    for (const seq of ['95328236', '8139a739', '8139ee39']) {
      const second = Buffer.from(seq, 'hex')[1] as number;
      expect(second >= 0x30 && second <= 0x39).toBe(true);
    }
    const doc = decodeBytes(b, { contentType: 'text/html; charset=gbk', kind: 'html' });
    expect(doc.charset).toBe('gb18030');
    expect(doc.text).toContain('𠀀');
  });
});
