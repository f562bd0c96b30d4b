// The run's stories between their build and the two files that write them (candidates.json, then review.html).
// As objects, a month's stories held through both passes were ~48 MB of the main thread's heap at 10,000 pages
// (150,000 matrix hits, 190,000 evidence entries), and V8 sizes the heap to a multiple of what is live. Here each
// story is kept as its JSON text, deflated, outside the heap (a few MB). The text is the one candidates.json
// holds (pretty, at the depth of a top-level array's element), so that file takes the inflated bytes as they are
// instead of parsing and writing every story again (~0.9 s at 10,000 pages, against ~0.15); review.html's story
// view parses one story at a time. A long story is deflated in chunks of text, so no story's text is ever one
// string (a month's largest is several MB, which V8 would keep in its large-object space until a full
// collection). Guarantee: a story read back equals the one spooled, as JSON sees it. A Story holds only strings,
// finite numbers, arrays and plain objects, which JSON round-trips exactly, so the files are the same bytes
// (tests/output/stream-outputs.test.ts, tests/output/story-spool.test.ts).
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Story } from '../stories/index.js';
import { ownBytes } from '../own-bytes.js';
import { readStories, type StoryRef } from './stories.js';
import { prettyPieces, TOP_ELEMENT_DEPTH } from './json-stream.js';

export const SPOOL_DEFAULTS = {
  /** deflate level: 1 is the fastest; a story's JSON repeats its keys, so even level 1 keeps ~1/8 of it. */
  deflateLevel: 1,
  /** An 8 KiB window and a small hash (zlib's defaults are 32 KiB and memLevel 8): deflate's four work arrays are
   *  16 KiB each instead of 64, below the launch line's mmap threshold (src/runtime.ts), so a stream's set-up no
   *  longer maps, faults in and unmaps 256 KB for every story. The 858 stories of a 10,000-page state, each
   *  first in a fresh process as at the end of a run: 1.47-1.52 s of deflate with the defaults, 0.55-0.61 s with
   *  these; 3.39 MB kept instead of 2.77. Inflating needs no setting (a raw stream's window may be smaller than
   *  the inflater's). */
  windowBits: 13,
  memLevel: 6,
  /** A story's text is deflated in chunks of about this many characters: below V8's large-object size. */
  chunkChars: 48 * 1024,
  /** zlib's output buffer for one deflate, bytes (a larger output takes several, joined). zlib's default is 16 KiB
   *  on Node 20 and 64 KiB on Node 24, where the 858 stories of a 10,000-page run left ~55 MB of these buffers
   *  to the collector, which lets such (external) memory reach tens of MB before it collects. A story deflates to
   *  ~5.5 KB on average. Node 24, 10,000 pages, three runs in turn: peak RSS 302 / 300 / 301 MB with 8 KiB (and
   *  inflated to the text's size), 306 / 313 / 306 with zlib's default. */
  deflateOutputBytes: 8 * 1024,
};

/** One chunk of a story's text: a raw deflate stream of its own, and the size of the text it inflates to. */
interface Deflated {
  bytes: Buffer;
  textBytes: number;
}

interface Spooled {
  chunks: Deflated[];
  outlets: number;
}

/** Each chunk in a buffer of its own (own-bytes.ts): zlib's output is a view of its whole output buffer, and kept as
 *  it was, the 858 stories of a 10,000-page run held 43 MB of buffers on Node 24 after a full collection, for 4.7 MB
 *  of deflated text, from the stories' build to the end of the run (Node 24, three runs in turn: peak RSS 297 / 299 /
 *  319 MB with the copies, 330 / 324 / 320 without). */
function deflatedChunks(pieces: Iterable<string>, opts: typeof SPOOL_DEFAULTS): Deflated[] {
  const zopts = { level: opts.deflateLevel, windowBits: opts.windowBits, memLevel: opts.memLevel, chunkSize: opts.deflateOutputBytes };
  const chunks: Deflated[] = [];
  const deflated = (text: string) => chunks.push({ bytes: ownBytes([deflateRawSync(text, zopts)]), textBytes: Buffer.byteLength(text) });
  let text = '';
  for (const piece of pieces) {
    text += piece;
    if (text.length >= opts.chunkChars) deflated(text), (text = '');
  }
  if (text !== '' || chunks.length === 0) deflated(text);
  return chunks;
}

/** The memory the chunks hold: each distinct buffer behind them once. */
function heldBytes(spooled: readonly Spooled[]): number {
  const buffers = new Set<ArrayBufferLike>();
  for (const s of spooled) for (const c of s.chunks) buffers.add(c.bytes.buffer);
  let bytes = 0;
  for (const b of buffers) bytes += b.byteLength;
  return bytes;
}

export interface StorySpool {
  readonly count: number;
  /** Every story's id, label, item ids and notes (stories.ts `readStories`), for the review page's filters. */
  readonly refs: readonly StoryRef[];
  /** Bytes of memory the deflated stories hold, and the deflated bytes themselves. */
  readonly memory: { heldBytes: number; deflatedBytes: number };
  /** How many stories have at least `minOutlets` outlets. */
  countWith(minOutlets: number): number;
  /** The stories in their order, parsed one at a time (those with at least `minOutlets` outlets). */
  each(minOutlets?: number): Generator<Story>;
  /** Every story in its order as the UTF-8 bytes of `prettyAt(story, TOP_ELEMENT_DEPTH)`, inflated a chunk at a
   *  time: candidates.json's elements (json-stream.ts `rendered`), never parsed. */
  texts(): Generator<Generator<Uint8Array>>;
}

/** Inflated into one buffer of the text's size (one byte over, so zlib finds room left and stops): with its
 *  default output buffer, every chunk inflated left 64 KiB (Node 24) to the collector. */
function inflate(c: Deflated): Buffer {
  return inflateRawSync(c.bytes, { chunkSize: Math.max(constants.Z_MIN_CHUNK, c.textBytes + 1) });
}

function* inflatedChunks(s: Spooled): Generator<Uint8Array> {
  for (const c of s.chunks) yield inflate(c);
}

function inflated(s: Spooled): Buffer {
  return s.chunks.length === 1 ? inflate(s.chunks[0] as Deflated) : Buffer.concat(s.chunks.map(inflate));
}

/** Reads `stories` once and keeps them deflated: from a generator (stories/build.ts `eachStory`), each story's
 *  objects are garbage once the next is read. */
export function spoolStories(stories: Iterable<Story>, opts = SPOOL_DEFAULTS): StorySpool {
  const spooled: Spooled[] = [];
  const refs: StoryRef[] = [];
  for (const story of stories) {
    spooled.push({ chunks: deflatedChunks(prettyPieces(story, TOP_ELEMENT_DEPTH), opts), outlets: story.outlets.length });
    refs.push(...readStories([story]));
  }
  return {
    count: spooled.length,
    refs,
    memory: {
      heldBytes: heldBytes(spooled),
      deflatedBytes: spooled.reduce((n, s) => n + s.chunks.reduce((m, c) => m + c.bytes.byteLength, 0), 0),
    },
    countWith: (minOutlets) => spooled.filter((s) => s.outlets >= minOutlets).length,
    *each(minOutlets = 0) {
      for (const s of spooled) if (s.outlets >= minOutlets) yield JSON.parse(inflated(s).toString('utf8')) as Story;
    },
    *texts() {
      for (const s of spooled) yield inflatedChunks(s);
    },
  };
}
