// prettyJsonPieces writes the same bytes as JSON.stringify(doc, null, 2) + '\n', element by element for the
// arrays marked streamed(); and writeFileAtomicPieces puts exactly those bytes in the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomicPieces } from '../../src/durable/atomic.js';
import {
  prettyAt,
  prettyJsonPieces,
  rendered,
  streamed,
  topArrayPieces,
  TOP_ELEMENT_DEPTH,
  written,
} from '../../src/output/json-stream.js';
import { scratch } from '../e2e/helpers.js';

const nested = { a: [1, { b: 'x\ny', c: [] }], d: {}, e: null, u: undefined, s: 'ü "q" \u2028 </script>' };

/** n elements: past 64 (json-stream.ts LONG_ARRAY), an array is written element by element. */
const long = (n: number): unknown[] => Array.from({ length: n }, (_v, i) => ({ i, w: ['Лавров', '王毅', `"${i}"\n`] }));
class Point {
  constructor(
    readonly x: number,
    readonly y = [1, 2],
  ) {}
}
const oddities = [new Date(Date.UTC(2026, 11, 4)), new Map([['k', 1]]), Object('boxed'), new Point(3), Object.create(null)];
const story = {
  id: 's1',
  items: long(100),
  matrix: [
    { rule: 'r', hits: long(70), empty: [] },
    { rule: 'q', hits: [], at: new Date(0) },
  ],
  omissions: [],
};

describe('prettyJsonPieces equals JSON.stringify(doc, null, 2) + newline', () => {
  it.each([
    ['empty object', {}, {}],
    ['scalars only', { a: 1, b: 'two', c: true, d: null }, { a: 1, b: 'two', c: true, d: null }],
    ['an empty streamed array', { items: [], z: 1 }, { items: streamed(() => []), z: 1 }],
    ['one streamed element', { items: [nested] }, { items: streamed(() => [nested]) }],
    [
      'streamed elements between keys',
      { x: 0, items: [1, 'a', nested, [], {}], stories: [nested] },
      { x: 0, items: streamed(() => [1, 'a', nested, [], {}]), stories: [nested] },
    ],
    [
      'undefined in a stream is null, an undefined key is dropped',
      { items: [null, 1], gone: undefined },
      { items: streamed(() => [undefined, 1]), gone: undefined },
    ],
    ['a story holding long arrays, written in pieces', { stories: [story] }, { stories: streamed(() => [story]) }],
    ['a long array outside any stream', { matrix: story.matrix, n: 1 }, { matrix: story.matrix, n: 1 }],
    [
      'long arrays of long arrays, empty ones beside',
      { a: [long(80), [], {}, long(65)] },
      { a: streamed(() => [long(80), [], {}, long(65)]) },
    ],
    ['a key with a symbol value is dropped', { a: 1 }, { a: 1, s: Symbol('x') }],
    [
      'dates, Maps, boxed strings and class instances inside a long array',
      { x: [...long(65), ...oddities] },
      { x: streamed(() => [...long(65), ...oddities]) },
    ],
    [
      'undefined, functions and symbols inside pieces',
      { s: [{ ...story, gone: undefined, f: () => 1, sym: Symbol('y') }, undefined, () => 2, Symbol('z')] },
      { s: streamed(() => [{ ...story, gone: undefined, f: () => 1, sym: Symbol('y') }, undefined, () => 2, Symbol('z')]) },
    ],
    ['an empty rendered array', { stories: [], z: 1 }, { stories: rendered(() => []), z: 1 }],
    ['an empty array written elsewhere', { items: [], z: 1 }, { items: written(() => topArrayPieces([])), z: 1 }],
    [
      'an array written elsewhere, between keys',
      { x: 0, items: [1, nested, story, long(70)], stories: [nested] },
      {
        x: 0,
        items: written(() => topArrayPieces([1, nested, story, long(70)])),
        stories: rendered(() => [[prettyAt(nested, TOP_ELEMENT_DEPTH)]]),
      },
    ],
    [
      'rendered elements between keys and a stream',
      { x: 0, items: [1, nested], stories: [story, nested, null, 'a'] },
      {
        x: 0,
        items: streamed(() => [1, nested]),
        stories: rendered(() => [story, nested, null, 'a'].map((v) => [prettyAt(v, TOP_ELEMENT_DEPTH)])),
      },
    ],
    [
      'a generator',
      { items: [0, 1, 2] },
      {
        items: streamed(function* () {
          yield* [0, 1, 2];
        }),
      },
    ],
  ])('%s', (_name, plain, doc) => {
    expect([...prettyJsonPieces(doc as Record<string, unknown>)].join('')).toBe(JSON.stringify(plain, null, 2) + '\n');
  });

  it('writes a value holding a long array in pieces, none larger than an element of it', () => {
    const big = { ...story, items: long(2000) };
    const pieces = [...prettyJsonPieces({ stories: streamed(() => [big]) })];
    expect(pieces.join('').length).toBeGreaterThan(100_000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(200);
  });

  it('puts rendered elements given as bytes in as they are', () => {
    // The first element in two chunks of bytes, cut inside a character; the second in one.
    const first = Buffer.from(prettyAt(story, TOP_ELEMENT_DEPTH).replace('"s1"', '"Лавров"'), 'utf8');
    const cut = first.indexOf('Лавров') + 1;
    const elements = [[first.subarray(0, cut), first.subarray(cut)], [Buffer.from(prettyAt({ w: '王毅 😀' }, TOP_ELEMENT_DEPTH), 'utf8')]];
    const pieces = [...prettyJsonPieces({ n: 1, stories: rendered(() => elements) })];
    expect(pieces.filter((p) => typeof p !== 'string')).toEqual(elements.flat());
    const bytes = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    const plain = { n: 1, stories: [{ ...story, id: 'Лавров' }, { w: '王毅 😀' }] };
    expect(bytes.toString('utf8')).toBe(JSON.stringify(plain, null, 2) + '\n');
  });

  it('pulls the stream lazily, one element per piece', () => {
    let pulled = 0;
    const pieces = prettyJsonPieces({
      items: streamed(function* () {
        for (let i = 0; i < 3; i++) pulled++, yield { i };
      }),
    });
    pieces.next();
    pieces.next();
    expect(pulled).toBe(1);
  });
});

describe('writeFileAtomicPieces', () => {
  it.each([
    ['small', 10],
    ['beyond the flush size', 40_000],
  ])('writes the pieces in order (%s)', async (_name, n) => {
    const path = join(scratch('ww-pieces-'), 'out.json');
    const items = Array.from({ length: n }, (_v, i) => ({ i, text: 'Лавров 王毅 '.repeat(i % 7) }));
    await writeFileAtomicPieces(path, prettyJsonPieces({ items: streamed(() => items) }));
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify({ items }, null, 2) + '\n');
  });

  it.each([
    ['pieces that straddle the buffer end', Array.from({ length: 5000 }, (_v, i) => `${i}:${'Лавров 王毅 😀 '.repeat(i % 13)}|`)],
    ['one piece larger than the buffer', ['head|', 'ж'.repeat(300_000), '|tail']],
    ['lone surrogates become U+FFFD', ['a\uD800b', '\uDC00'.repeat(100_000)]],
  ])("puts exactly the pieces' UTF-8 in the file (%s)", async (_name, pieces) => {
    const path = join(scratch('ww-pieces-'), 'out.txt');
    await writeFileAtomicPieces(path, pieces);
    expect(readFileSync(path)).toEqual(Buffer.from(pieces.join(''), 'utf8'));
  });

  // Byte pieces (review.html's item block read back in chunks of one reused buffer) go out in order between the
  // text pieces; the buffer is refilled only after the write of the chunk before it.
  it.each([
    ['text, bytes, text', ['head|', Buffer.from('Лавров 王毅|'), 'tail']],
    ['bytes first and last', [Buffer.from('ab'), 'ж'.repeat(100_000), Buffer.from('cd')]],
  ])('puts byte pieces in the file where they come (%s)', async (_name, pieces) => {
    const path = join(scratch('ww-pieces-'), 'out.txt');
    const reused = Buffer.alloc(300_000);
    function* chunks(): Generator<string | Uint8Array> {
      for (const p of pieces) {
        if (typeof p === 'string') yield p;
        else yield reused.subarray(0, p.copy(reused));
      }
    }
    await writeFileAtomicPieces(path, chunks());
    expect(readFileSync(path)).toEqual(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))));
  });

  it('keeps the previous file when producing a piece throws', async () => {
    const path = join(scratch('ww-pieces-'), 'out.json');
    await writeFileAtomicPieces(path, ['old']);
    const failing = function* (): Generator<string> {
      yield 'new';
      throw new Error('store cursor failed');
    };
    await expect(writeFileAtomicPieces(path, failing())).rejects.toThrow('store cursor failed');
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});
