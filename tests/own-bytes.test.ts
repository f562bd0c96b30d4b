import { describe, expect, it } from 'vitest';
import { ownBytes } from '../src/own-bytes.js';

const slab = Buffer.alloc(65_536, 7);
const whole = Buffer.allocUnsafeSlow(5).fill(1);

describe('ownBytes: the same bytes, in an ArrayBuffer that holds nothing else', () => {
  it.each([
    ['a view into a larger buffer', [slab.subarray(100, 300)], false],
    ['a small buffer from Node’s pool', [Buffer.from('pooled')], false],
    ['several parts', [Buffer.from('ab'), slab.subarray(0, 3), whole], false],
    ['no parts', [], false],
    ['one part that is its whole buffer: taken as it is', [whole], true],
  ] as [string, Buffer[], boolean][])('%s', (_name, parts, same) => {
    const out = ownBytes(parts);
    expect([out.equals(Buffer.concat(parts)), out.byteOffset, out.buffer.byteLength, out === parts[0]]).toEqual([
      true,
      0,
      out.length,
      same,
    ]);
  });
});
