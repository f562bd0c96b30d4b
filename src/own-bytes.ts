// Bytes in a buffer of their own size. Node often hands out views of a larger ArrayBuffer: zlib's synchronous calls
// return a view of their whole output buffer (16 KiB on Node 20, 64 KiB on Node 24, however few bytes were written),
// and Buffer.concat or allocUnsafe take anything under half the pool size from a shared slab (8 KiB on Node 20,
// 64 KiB on Node 24). A view keeps its whole ArrayBuffer alive, and postMessage copies the whole ArrayBuffer,
// whatever part of it the view shows. Kept or sent, such bytes go through here first.
// Guarantee: the result holds the same bytes as the parts joined, and its ArrayBuffer holds nothing else.

/** The parts joined in a buffer of exactly their length (not from Node's pool); a single part that already is its
 *  whole ArrayBuffer is returned as it is. */
export function ownBytes(parts: readonly Buffer[]): Buffer {
  const only = parts.length === 1 ? (parts[0] as Buffer) : undefined;
  if (only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only;
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const out = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const part of parts) at += part.copy(out, at);
  return out;
}
