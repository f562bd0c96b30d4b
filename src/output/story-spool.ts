// The run's stories between their build and the two files that write them (candidates.json, then review.html).
// As objects, a month's stories held through both passes were ~48 MB of the main thread's heap at 10,000 pages
// (150,000 matrix hits, 190,000 evidence entries), and V8 sizes the heap to a multiple of what is live. Here each
// story is kept as its JSON text, deflated, outside the heap (a few MB); each pass inflates and parses one story
// at a time. Guarantee: a story read back equals the one spooled, as JSON sees it. A Story holds only strings,
// finite numbers, arrays and plain objects, which JSON round-trips exactly, so the files are the same bytes
// (tests/output/stream-outputs.test.ts, tests/output/story-spool.test.ts).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Story } from '../stories/index.js';
import { readStories, type StoryRef } from './stories.js';

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
};

interface Spooled {
  deflated: Buffer;
  outlets: number;
}

export interface StorySpool {
  readonly count: number;
  /** Every story's id, label, item ids and notes (stories.ts `readStories`), for the review page's filters. */
  readonly refs: readonly StoryRef[];
  /** How many stories have at least `minOutlets` outlets. */
  countWith(minOutlets: number): number;
  /** The stories in their order, parsed one at a time (those with at least `minOutlets` outlets). */
  each(minOutlets?: number): Generator<Story>;
}

/** Reads `stories` once and keeps them deflated: from a generator (stories/build.ts `eachStory`), each story's
 *  objects are garbage once the next is read. */
export function spoolStories(stories: Iterable<Story>, opts = SPOOL_DEFAULTS): StorySpool {
  const spooled: Spooled[] = [];
  const refs: StoryRef[] = [];
  for (const story of stories) {
    spooled.push({
      deflated: deflateRawSync(JSON.stringify(story), { level: opts.deflateLevel, windowBits: opts.windowBits, memLevel: opts.memLevel }),
      outlets: story.outlets.length,
    });
    refs.push(...readStories([story]));
  }
  return {
    count: spooled.length,
    refs,
    countWith: (minOutlets) => spooled.filter((s) => s.outlets >= minOutlets).length,
    *each(minOutlets = 0) {
      for (const s of spooled) if (s.outlets >= minOutlets) yield JSON.parse(inflateRawSync(s.deflated).toString('utf8')) as Story;
    },
  };
}
