// Every byte of each legacy single-byte charset we decode, against the WHATWG Encoding Standard's index written
// out here (0x00–0x7F is ASCII in all three; the table holds 0x80–0xFF, sixteen bytes a row). Node 20's
// TextDecoder reads windows-1252 0x80–0x9F as Latin-1, so this fails on a runtime decoder and passes on ours
// on every Node version. Also: UTF-16/32 with and without a BOM, and GB18030 under GBK labels.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { asciiIdentical, decodeBytes } from '../src/fetch/decode.js';
import { legacyDecode } from '../src/fetch/legacy.js';

const UPPER: Record<string, string[]> = {
  'windows-1252': [
    '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f',
    '\u0090‘’“”•–—˜™š›œ\u009džŸ',
    '\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯',
    '°±²³´µ¶·¸¹º»¼½¾¿',
    'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ',
    'ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß',
    'àáâãäåæçèéêëìíîï',
    'ðñòóôõö÷øùúûüýþÿ',
  ],
  'windows-1251': [
    'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏ',
    'ђ‘’“”•–—\u0098™љ›њќћџ',
    '\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬\u00ad®Ї',
    '°±Ііґµ¶·ё№є»јЅѕї',
    'АБВГДЕЖЗИЙКЛМНОП',
    'РСТУФХЦЧШЩЪЫЬЭЮЯ',
    'абвгдежзийклмноп',
    'рстуфхцчшщъыьэюя',
  ],
  'koi8-r': [
    '─│┌┐└┘├┤┬┴┼▀▄█▌▐',
    '░▒▓⌠■∙√≈≤≥\u00a0⌡°²·÷',
    '═║╒ё╓╔╕╖╗╘╙╚╛╜╝╞',
    '╟╠╡Ё╢╣╤╥╦╧╨╩╪╫╬©',
    'юабцдефгхийклмно',
    'пярстужвьызшэщчъ',
    'ЮАБЦДЕФГХИЙКЛМНО',
    'ПЯРСТУЖВЬЫЗШЭЩЧЪ',
  ],
};

const cases = Object.entries(UPPER).flatMap(([cs, rows]) => {
  const upper = rows.join('');
  return Array.from({ length: 256 }, (_, b) => [cs, b, b < 0x80 ? String.fromCharCode(b) : (upper[b - 0x80] as string)] as const);
});

describe('legacy single-byte charsets, all 256 bytes each', () => {
  it('the tables are whole (128 characters each)', () => {
    for (const rows of Object.values(UPPER)) expect(rows.join('').length).toBe(128);
  });
  it.each(cases)('%s byte %i → %j', (cs, byte, want) => {
    expect(legacyDecode(Uint8Array.of(byte), cs)).toBe(want);
  });
  it.each(Object.keys(UPPER))('%s: a whole 256-byte run decodes position for position', (cs) => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = legacyDecode(all, cs);
    expect(text.length).toBe(256);
    expect(text.slice(0x80)).toBe((UPPER[cs] as string[]).join(''));
  });
});

const utf16 = (s: string, order: 'le' | 'be'): Buffer => {
  const le = Buffer.from(s, 'utf16le');
  return order === 'le' ? le : Buffer.from(le.swap16());
};
const utf32 = (s: string, order: 'le' | 'be'): Buffer => {
  const cps = Array.from(s, (c) => c.codePointAt(0) as number);
  const b = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => (order === 'le' ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
  return b;
};
const FEED = (enc: string): string =>
  `<?xml version="1.0" encoding="${enc}"?><rss version="2.0"><channel><title>Лавров — 中俄</title></channel></rss>`;

describe('wide and Chinese charsets, the same on every Node version', () => {
  it.each([
    ['UTF-16LE, no BOM, declared utf-16', utf16(FEED('utf-16'), 'le'), 'utf-16le', 'xml-decl'],
    ['UTF-16BE, no BOM, declared utf-16', utf16(FEED('utf-16'), 'be'), 'utf-16be', 'xml-decl'],
    ['UTF-32LE, no BOM', utf32(FEED('utf-32'), 'le'), 'utf-32le', 'xml-decl'],
    ['UTF-32BE, no BOM', utf32(FEED('utf-32'), 'be'), 'utf-32be', 'xml-decl'],
    ['UTF-32LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(FEED('utf-32'), 'le')]), 'utf-32le', 'bom'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(FEED('utf-16'), 'be')]), 'utf-16be', 'bom'],
  ] as const)('%s', (_name, bytes, charset, source) => {
    const doc = decodeBytes(bytes, { kind: 'xml' });
    expect([doc.charset, doc.charsetSource]).toEqual([charset, source]);
    expect(doc.text).toContain('Лавров — 中俄');
  });

  it.each(['gbk', 'gb2312', 'GB2312', 'x-gbk'])('a 4-byte GB18030 character under the label %s is kept', (label) => {
    // 0x95 0x32 0x82 0x36 is U+20000 in GB18030; no GBK decoder has it.
    const bytes = Buffer.concat([Buffer.from('<p>'), Buffer.from('9532823621', 'hex'), Buffer.from('</p>')]);
    const doc = decodeBytes(bytes, { contentType: `text/html; charset=${label}`, kind: 'html' });
    expect(doc.charset).toBe('gb18030');
    expect(doc.text).toBe('<p>\u{20000}!</p>');
  });

  it('windows-1252 bytes under a Latin-1 label read as windows-1252 (curly quotes and €), as browsers do', () => {
    const doc = decodeBytes(Buffer.from([0x93, 0x80, 0x35, 0x94]), { contentType: 'text/html; charset=iso-8859-1', kind: 'html' });
    expect(doc.text).toBe('“€5”');
  });
});

// Legacy bytes that nothing names: chardet's guess over the text, only when it is sure, else windows-1252. The
// Western rows guard against a confident wrong guess (a French or German page read as Central European, say).
describe('undeclared legacy bytes', () => {
  const para = (t: string) => `<html><body><p>${t}</p></body></html>`;
  it.each([
    [
      'French',
      'windows-1252',
      para("Le ministre des Affaires étrangères a rencontré son homologue chinois à Pékin; l'énergie verte et la sécurité régionale."),
      'windows-1252',
    ],
    [
      'German',
      'windows-1252',
      para('Der russische Außenminister traf in Peking seinen chinesischen Amtskollegen. Größere Übereinkünfte gab es nicht.'),
      'windows-1252',
    ],
    [
      'Russian',
      'windows-1251',
      para('Министр иностранных дел России Сергей Лавров провел в среду переговоры с главой МИД КНР Ван И в Пекине.'),
      'windows-1251',
    ],
    ['Chinese', 'gbk', para('中俄两国外长在北京举行会谈，双方就贸易、能源和中亚安全等问题交换了意见。'), 'gb18030'],
  ])('%s in %s → %s', (_lang, encoding, html, charset) => {
    const doc = decodeBytes(iconv.encode(html, encoding), { kind: 'html' });
    expect([doc.charset, doc.text]).toEqual([charset, html]);
  });
});

// A page of ASCII bytes is read from its bytes (src/page.ts) only under a charset that reads every byte below 0x80
// as that character: asciiIdentical must say so exactly, for every WHATWG encoding and the UTF-32 pair.
const WHATWG = `utf-8 ibm866 iso-8859-2 iso-8859-3 iso-8859-4 iso-8859-5 iso-8859-6 iso-8859-7 iso-8859-8 iso-8859-8-i
  iso-8859-10 iso-8859-13 iso-8859-14 iso-8859-15 iso-8859-16 koi8-r koi8-u macintosh windows-874 windows-1250
  windows-1251 windows-1252 windows-1253 windows-1254 windows-1255 windows-1256 windows-1257 windows-1258
  x-mac-cyrillic gb18030 big5 euc-jp iso-2022-jp shift_jis euc-kr utf-16be utf-16le x-user-defined utf-32le utf-32be`
  .split(/\s+/)
  .filter(Boolean);

describe('charsets that read ASCII bytes as ASCII', () => {
  const ascii = Buffer.from(Array.from({ length: 128 }, (_, i) => i));
  it.each(WHATWG)('%s', (charset) => {
    expect(asciiIdentical(charset)).toBe(legacyDecode(ascii, charset) === ascii.toString('latin1'));
  });
});
