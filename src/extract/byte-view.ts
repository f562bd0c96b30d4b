// A page of valid UTF-8 read as Latin-1: one character per byte. Every ASCII character of the text (each '<', tag
// name, quote and '>') is the same character at its byte offset, and no byte of a multi-byte character is ASCII, so
// a scan that decides only on ASCII characters (bounds.ts, scope-scan.ts) reads the view as it reads the text, and a
// span that starts and ends at an ASCII character decodes on its own to exactly the text's span there. A scoped
// page is planned on the view and only its kept parts are decoded: Latin-1 is a copy of the bytes (0.14 ms for a
// bench page of ~180 KB, Node 20), where decoding the whole page was 0.69 ms and, for Cyrillic or Chinese text, a
// string of two bytes per character.
// Guarantee: `span(v, start, end)` equals the whole decode's slice between the characters at those byte offsets,
// for offsets at ASCII characters or the ends.

export interface ByteView {
  /** The bytes as Latin-1: what the scans read. */
  readonly scan: string;
  readonly bytes: Buffer;
}

/** The view of `bytes`, which must be valid UTF-8 (decode.ts `chooseCharset` says so: charsetSource 'utf8-valid'). */
export function byteView(bytes: Uint8Array): ByteView {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { scan: buf.toString('latin1'), bytes: buf };
}

/** The text of bytes start..end: a string of its own, sharing no storage with the view. */
export function span(v: ByteView, start: number, end: number): string {
  return v.bytes.toString('utf8', start, end);
}

/** Whether the view holds a byte past ASCII between from and to (exclusive): there, its characters are not the text's. */
export function hasHighByte(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) >= 0x80) return true;
  return false;
}
