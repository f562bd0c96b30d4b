// One gzip member (RFC 1952) joined from parts deflated on their own, so the bench's server can compress a page's
// shared prefix and suffix once and still send every page as a real server does: one member, whose trailer states
// the size of the whole page. Three members concatenated are valid gzip too, but their trailer states only the last
// member's size, which no real server sends and which the client reads to size its one decode (src/fetch/body.ts).
// How: every part but the last is raw deflate ending in a sync flush (an empty stored block: byte-aligned, not
// final), so the parts are one deflate stream; the header is fixed, the trailer is the CRC-32 and length of the
// parts' raw bytes. No part refers back into another, so the bytes are the three members' less two headers and
// trailers, plus two sync-flush markers: 26-28 fewer on the bench pages.
// Guarantee: gunzip of the member gives the parts' raw bytes joined; its last four bytes are their length mod 2³².
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A part ready to join: its raw bytes, and their raw deflate ('mid' ends in a sync flush, 'last' ends the stream). */
export interface DeflatedPart {
  raw: Buffer;
  deflated: Buffer;
}

/** Magic, deflate, no flags, no mtime, no extra flags, OS unknown. */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);

/** `raw` deflated to be followed by more parts (`last` false) or to end the stream. */
export function deflatePart(raw: Buffer, last: boolean): DeflatedPart {
  return { raw, deflated: deflateRawSync(raw, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }) };
}

/** The member's pieces in order (header, each part's deflate, trailer), to be written one after another; the
 *  caller's parts are not copied. The last part must have been deflated with `last` true. */
export function gzipMemberPieces(parts: readonly DeflatedPart[]): Buffer[] {
  let crc = 0;
  let length = 0;
  for (const part of parts) {
    // Node 20's crc32 returns 0 for an empty Buffer whatever the running value (Node 24's does not): skip those.
    if (part.raw.length) crc = crc32(part.raw, crc);
    length += part.raw.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return [HEADER, ...parts.map((p) => p.deflated), trailer];
}
