// Every output file of a run, rendered from the store (never from in-flight state) and written atomically:
// candidates.json (with stories), review.html, and runs/<runId>.json. Called at the end of every crawl, and at
// the start of one after a run that died before its outputs, so a crash between a store commit and the renames
// heals. Each file is streamed item by item from a store cursor: memory does not grow with the window.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Candidate, RunReport, SourcesConfig } from '../types.js';
import type { Store } from '../state/store.js';
import { writeFileAtomicPieces } from '../durable/atomic.js';
import { spoolStories, type StorySpool } from './story-spool.js';
import { prettyJsonPieces, rendered, streamed } from './json-stream.js';
import { deskCollector } from './review-assets/desk-index.js';
import { DESK_PREVIEW_ITEMS, reviewPieces, spooledReviewStories } from './review.js';
import { blockChunks, ITEM_BLOCK_DEFAULTS, type ItemBlock, type ItemBlockAside } from './review-items.js';
import { buildStories, storyCollector, storyOutlets, type PreviousStory, type Story, type StoryOutlets } from '../stories/index.js';
import { previousStories } from './previous.js';
import { crashPoint } from '../durable/crash.js';

export { previousStories };

export const CANDIDATES_SCHEMA_ID = 'https://wirewatch.example/schemas/candidates.v1.schema.json';

export interface CandidatesDoc {
  $schema: string;
  schemaVersion: 1;
  generatedAt: string;
  items: Candidate[];
  stories: Story[];
}

/** The whole document at once (the streamed writer's reference); `outlets`: what sources.json declares. */
export function candidatesDoc(
  items: Candidate[],
  generatedAt: string,
  previous: readonly PreviousStory[] | undefined,
  outlets: StoryOutlets,
): CandidatesDoc {
  const stories = buildStories(items, { ...outlets, ...(previous ? { previous } : {}) });
  return { $schema: CANDIDATES_SCHEMA_ID, schemaVersion: 1, generatedAt, items, stories };
}

export interface WriteOutputsInput {
  outDir: string;
  store: Store;
  now: Date;
  retentionDays: number;
  config: SourcesConfig;
  report?: RunReport;
  previousStories?: readonly PreviousStory[];
  /** Renders review.html's item block on another thread (review-items.ts) while this one builds the stories;
   *  without it, review.html's items are rendered here after the stories. Started once the window's items reach
   *  `itemBlocksFrom` (default ITEM_BLOCK_DEFAULTS.minItems). */
  itemBlocks?: () => ItemBlockAside;
  itemBlocksFrom?: number;
  /** Told when that thread failed, so the block was rendered here after all (the page is the same). */
  onItemBlockFailed?: (e: Error) => void;
}

/**
 * Two passes over the store's cursor, one item in memory at a time: (1) candidates.json, whose items are also the
 * stories' input and what the review page's filter bar needs, its stories coming after the items; (2)
 * review.html, whose item block a second thread renders while this one builds the stories, when `itemBlocks` is
 * given and the window is large enough (sideBlock); then the run report. What stays in memory across the passes
 * is per item a few short strings, and the stories deflated (story-spool.ts), never a whole document. A third
 * pass (the stories' own) was ~1/6 of the outputs' time at 8,500 items: a store read and a JSON.parse per item.
 */
export async function writeOutputs(input: WriteOutputsInput): Promise<{ candidatesPath: string; reviewPath: string; reportPath: string }> {
  const { outDir, store, now } = input;
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  const cursor = (): Iterable<Candidate> => store.eachCandidate({ retentionDays: input.retentionDays, now });
  const candidatesPath = join(outDir, 'candidates.json');
  const previous = input.previousStories ?? previousStories(candidatesPath);
  const desk = deskCollector();
  const collector = storyCollector({ ...storyOutlets(input.config.sources), ...(previous ? { previous } : {}) });
  // Built once, when candidates.json reaches its stories (after the last item has been added), then read again by
  // review.html.
  let spooled: StorySpool | undefined;
  const stories = (): StorySpool => (spooled ??= spoolStories(collector.stories()));
  const generatedAt = now.toISOString();
  const side = sideBlock(input);
  try {
    // The preview's items, kept from the first pass when the item block comes from the other thread.
    const first: Candidate[] = [];
    const doc = {
      $schema: CANDIDATES_SCHEMA_ID,
      schemaVersion: 1,
      generatedAt,
      items: streamed(() =>
        tap(cursor(), (item) => {
          desk.add(item);
          collector.add(item);
          if (first.length < DESK_PREVIEW_ITEMS) first.push(item);
          side.saw();
        }),
      ),
      stories: rendered(() => {
        // Every item has been read: the colours are known, and the block is rendered while the stories are built.
        side.render({ retentionDays: input.retentionDays, nowIso: generatedAt, style: desk.style() });
        return stories().texts();
      }),
    };
    await writeFileAtomicPieces(candidatesPath, prettyJsonPieces(doc));
    crashPoint('after-candidates-rename');
    const reviewPath = join(outDir, 'review.html');
    const index = desk.finish(stories().refs);
    const blockPath = await side.path(index.facets.length);
    const view = { generatedAt, stories: spooledReviewStories(stories()), index };
    await writeFileAtomicPieces(
      reviewPath,
      reviewPieces(blockPath ? { ...view, items: () => first, block: () => blockChunks(blockPath) } : { ...view, items: cursor }),
    );
    let reportPath = '';
    if (input.report) {
      reportPath = join(outDir, 'runs', `${input.report.runId}.json`);
      const report = input.report;
      await writeFileAtomicPieces(reportPath, prettyJsonPieces({ ...report, items: streamed(() => report.items) }));
    }
    return { candidatesPath, reviewPath, reportPath };
  } finally {
    side.close();
  }
}

/** review.html's item block from the other thread, when the input gives one: started at the window's
 *  `itemBlocksFrom`-th item, asked for once every item has been read, and used only when it holds as many items as
 *  this thread's pass (a store the worker could not see, as a private in-memory one, gives another count). */
function sideBlock(input: WriteOutputsInput) {
  const from = input.itemBlocksFrom ?? ITEM_BLOCK_DEFAULTS.minItems;
  const told = (e: Error): undefined => void input.onItemBlockFailed?.(e);
  let aside: ItemBlockAside | undefined;
  let block: Promise<ItemBlock | undefined> | undefined;
  let seen = 0;
  const start = (): void => void (aside ??= input.itemBlocks?.());
  if (from <= 0) start();
  return {
    saw: (): void => void (++seen === from && start()),
    render: (job: Parameters<ItemBlockAside['render']>[0]): void => void (block = aside?.render(job).catch(told)),
    async path(count: number): Promise<string | undefined> {
      const made = await block;
      if (made && made.count !== count) return told(new Error(`review items worker saw ${made.count} items, not ${count}`));
      return made?.path;
    },
    close: (): void => aside?.close(),
  };
}

function* tap<T>(source: Iterable<T>, see: (value: T) => void): Generator<T> {
  for (const value of source) {
    see(value);
    yield value;
  }
}
