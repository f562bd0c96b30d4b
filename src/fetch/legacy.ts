// Charset name + bytes → text, the same on every Node version. UTF-8 and UTF-16 go through TextDecoder (their
// decoders are exact everywhere); every other charset goes through iconv-lite, whose tables do not move with the
// runtime's ICU. WHATWG decodes the unassigned bytes 0x80–0x9F of the windows-125x family as the C1 control of the
// same value (0x81 → U+0081), where iconv-lite gives U+FFFD; we follow WHATWG, as browsers do.
import iconv from 'iconv-lite';

/** WHATWG names iconv-lite spells differently. */
const ICONV_NAME: Record<string, string> = {
  'x-mac-cyrillic': 'maccyrillic',
  'iso-8859-8-i': 'iso-8859-8',
  'x-user-defined': 'latin1',
};

const NATIVE = new Set(['utf-8', 'utf-16le', 'utf-16be']);

/** A byte-order mark and the charset it names; UTF-32 is checked before UTF-16 (FF FE 00 00 starts both). */
export function bomOf(b: Uint8Array): { charset: string; skip: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { charset: 'utf-32le', skip: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { charset: 'utf-32be', skip: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return undefined;
}

/** UTF-16/32 without a BOM, told by how '<' (and '<?') is laid out in the first bytes (XML 1.0 Appendix F). */
export function utf16or32ByPattern(b: Uint8Array): string | undefined {
  if (b.length < 4) return undefined;
  const [a, c, d, e] = [b[0], b[1], b[2], b[3]];
  if (a === 0x3c && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c === 0 && d === 0 && e === 0x3c) return 'utf-32be';
  if (a === 0x3c && c === 0 && d === 0x3f && e === 0) return 'utf-16le';
  if (a === 0 && c === 0x3c && d === 0 && e === 0x3f) return 'utf-16be';
  return undefined;
}

const SINGLE_BYTE_C1 = /^(?:windows-125\d|windows-874)$/;

/** Decodes `b` as `charset` (a WHATWG name, or utf-32le/be); unmappable bytes become U+FFFD. */
export function legacyDecode(b: Uint8Array, charset: string): string {
  // UTF-8 through V8's own decoder: WHATWG's replacement of bad sequences, several times faster than Node 20's
  // TextDecoder on large pages (the date eval's median page spent a third of its time there).
  if (charset === 'utf-8') return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  if (NATIVE.has(charset)) return new TextDecoder(charset).decode(b);
  const name = ICONV_NAME[charset] ?? charset;
  if (!iconv.encodingExists(name)) return new TextDecoder(charset).decode(b);
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const text = iconv.decode(buf, name, { stripBOM: false });
  if (!SINGLE_BYTE_C1.test(charset) || !text.includes('\uFFFD')) return text;
  // One byte is one character here, so position i of the text is byte i.
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const byte = b[i] as number;
    out += text[i] === '\uFFFD' && byte >= 0x80 && byte <= 0x9f ? String.fromCharCode(byte) : text[i];
  }
  return out;
}
