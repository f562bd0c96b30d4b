// Every output file of a run, rendered from the store (never from in-flight state) and written atomically:
// candidates.json (with stories), review.html, and runs/<runId>.json. Called at the end of every crawl, and at
// the start of one after a run that died before its outputs, so a crash between a store commit and the renames
// heals. Each file is streamed item by item from a store cursor: memory does not grow with the window.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Candidate, SourcesConfig } from '../types.js';
import type { RunReport } from '../report-types.js';
import type { Store } from '../state/store.js';
import { linkEndSync, writeFileAtomicPieces } from '../durable/atomic.js';
import { spoolStories, type StorySpool } from './story-spool.js';
import { prettyJsonPieces, rendered, streamed, written, type Streamed, type Written } from './json-stream.js';
import { deskCollector } from './review-assets/desk-index.js';
import { DESK_PREVIEW_ITEMS, reviewPieces, spooledReviewStories } from './review.js';
import { blockChunks, ITEM_BLOCK_DEFAULTS, type ItemBlock, type ItemBlockAside, type WindowJob } from './review-items.js';
import { buildStories, storyCollector, storyOutlets, type PreviousStory, type Story, type StoryOutlets } from '../stories/index.js';
import { previousStories } from './previous.js';
import { crashPoint } from '../durable/crash.js';

export { previousStories };

export const CANDIDATES_SCHEMA_ID = 'https://wirewatch.example/schemas/candidates.v1.schema.json';

/** The output files in the out dir that an operator may link elsewhere (a web root); run reports go to runs/. */
const LINKABLE_OUTPUTS = ['candidates.json', 'review.html'];

/** Every folder an output's temp file is made in (beside the file it replaces): the out dir, its runs/, and the
 *  folder a linked candidates.json or review.html points into. The run's start sweeps them all, so a run killed
 *  mid-write leaves nothing behind for long, wherever it was writing. */
export function outputDirs(outDir: string): string[] {
  const linked = LINKABLE_OUTPUTS.map((f) => dirname(linkEndSync(join(outDir, f))));
  return [...new Set([outDir, join(outDir, 'runs'), ...linked])];
}

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

/** Where writeOutputs put each file; `reportPath` is '' when no run report was given. */
export interface OutputPaths {
  candidatesPath: string;
  reviewPath: string;
  reportPath: string;
}

export interface WriteOutputsInput {
  outDir: string;
  store: Store;
  now: Date;
  retentionDays: number;
  config: SourcesConfig;
  report?: RunReport;
  previousStories?: readonly PreviousStory[];
  /** Writes candidates.json's items and review.html's item block on another thread (review-items.ts) while this
   *  one reads the window and builds the stories; without it, both are rendered here. Used for a window of
   *  `itemBlocksFrom` items or more (default ITEM_BLOCK_DEFAULTS.minItems). */
  itemBlocks?: () => ItemBlockAside;
  itemBlocksFrom?: number;
  /** Told when that thread failed, so its text was rendered here after all (the files are the same). */
  onItemBlockFailed?: (e: Error) => void;
}

/**
 * One pass over the store's cursor, one item in memory at a time, feeds candidates.json's items, the stories and
 * what the review page's filter bar needs; candidates.json's stories follow its items, then review.html and the
 * run report are written. When `itemBlocks` is given and the window is large enough (sideWork), a second thread
 * writes candidates.json's items and then review.html's item block, so this thread's pass only reads, and it
 * builds the stories while the block is rendered. What stays in memory across the passes is per item a few short
 * strings, and the stories deflated (story-spool.ts), never a whole document. A separate pass for the stories
 * was ~1/6 of the outputs' time at 8,500 items: a store read and a JSON.parse per item.
 */
export async function writeOutputs(input: WriteOutputsInput): Promise<OutputPaths> {
  const { outDir, store, now } = input;
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  const window = { retentionDays: input.retentionDays, now };
  const cursor = (): Iterable<Candidate> => store.eachCandidate(window);
  const candidatesPath = join(outDir, 'candidates.json');
  const previous = input.previousStories ?? previousStories(candidatesPath);
  const desk = deskCollector();
  const collector = storyCollector({ ...storyOutlets(input.config.sources), ...(previous ? { previous } : {}) });
  // Built once, after the last item has been added, then read by candidates.json and review.html.
  let spooled: StorySpool | undefined;
  const stories = (): StorySpool => (spooled ??= spoolStories(collector.stories()));
  const generatedAt = now.toISOString();
  const job = { retentionDays: input.retentionDays, nowIso: generatedAt };
  const side = sideWork(input, job, store.windowSize(window));
  try {
    // The preview's items, kept from the pass when the item block comes from the other thread.
    const first: Candidate[] = [];
    let seen = 0;
    const see = (item: Candidate): void => {
      seen++;
      desk.add(item);
      collector.add(item);
      if (first.length < DESK_PREVIEW_ITEMS) first.push(item);
    };
    let items: Streamed<Candidate> | Written = streamed(() => tap(cursor(), see));
    if (side.started) {
      for (const item of cursor()) see(item);
      // Every item has been read: the colours are known, and the block is rendered while the stories are built.
      side.render({ ...job, style: desk.style() });
      stories();
      const itemsPath = await side.items(seen);
      // Without the other thread's file, a second pass writes them here.
      items = itemsPath ? written(() => blockChunks(itemsPath)) : streamed(cursor);
    }
    const doc = { $schema: CANDIDATES_SCHEMA_ID, schemaVersion: 1, generatedAt, items, stories: rendered(() => stories().texts()) };
    await writeFileAtomicPieces(candidatesPath, prettyJsonPieces(doc));
    crashPoint('after-candidates-rename');
    const reviewPath = join(outDir, 'review.html');
    const index = desk.finish(stories().refs);
    const blockPath = await side.block(index.facets.length);
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

/** The other thread, when the input gives one and the window holds `itemBlocksFrom` items or more: asked for
 *  candidates.json's items at once, for review.html's block once every item has been read. Each text is used
 *  only when it holds as many items as this thread's pass (a store the worker could not see, as a private
 *  in-memory one, gives another count); otherwise, or when the thread failed, this thread writes it. */
function sideWork(input: WriteOutputsInput, job: WindowJob, windowSize: number) {
  const from = input.itemBlocksFrom ?? ITEM_BLOCK_DEFAULTS.minItems;
  const told = (e: Error): undefined => void input.onItemBlockFailed?.(e);
  const aside = input.itemBlocks && windowSize >= from ? input.itemBlocks() : undefined;
  const items = aside?.items(job).catch(told);
  let block: Promise<ItemBlock | undefined> | undefined;
  const checked = async (text: Promise<ItemBlock | undefined> | undefined, count: number): Promise<string | undefined> => {
    const made = await text;
    if (made && made.count !== count) return told(new Error(`review items worker saw ${made.count} items, not ${count}`));
    return made?.path;
  };
  return {
    started: aside !== undefined,
    render: (blockJob: Parameters<ItemBlockAside['render']>[0]): void => void (block = aside?.render(blockJob).catch(told)),
    items: (count: number) => checked(items, count),
    block: (count: number) => checked(block, count),
    close: (): void => aside?.close(),
  };
}

function* tap<T>(source: Iterable<T>, see: (value: T) => void): Generator<T> {
  for (const value of source) {
    see(value);
    yield value;
  }
}
