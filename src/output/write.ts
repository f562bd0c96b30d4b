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
import { prettyJsonPieces, streamed } from './json-stream.js';
import { deskCollector } from './review-assets/desk-index.js';
import { reviewPieces, spooledReviewStories } from './review.js';
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
}

/**
 * Two passes over the store's cursor, one item in memory at a time: (1) candidates.json, whose items are also the
 * stories' input and what the review page's filter bar needs, its stories coming after the items; (2)
 * review.html; then the run report. What stays in memory across the passes is per item a few short strings, and
 * the stories deflated (story-spool.ts), never a whole document. A third pass (the stories' own) was ~1/6 of
 * the outputs' time at 8,500 items: a store read and a JSON.parse per item.
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
  const doc = {
    $schema: CANDIDATES_SCHEMA_ID,
    schemaVersion: 1,
    generatedAt,
    items: streamed(() =>
      tap(cursor(), (item) => {
        desk.add(item);
        collector.add(item);
      }),
    ),
    stories: streamed(() => stories().each()),
  };
  await writeFileAtomicPieces(candidatesPath, prettyJsonPieces(doc));
  crashPoint('after-candidates-rename');
  const reviewPath = join(outDir, 'review.html');
  const index = desk.finish(stories().refs);
  await writeFileAtomicPieces(reviewPath, reviewPieces({ generatedAt, items: cursor, stories: spooledReviewStories(stories()), index }));
  let reportPath = '';
  if (input.report) {
    reportPath = join(outDir, 'runs', `${input.report.runId}.json`);
    const report = input.report;
    await writeFileAtomicPieces(reportPath, prettyJsonPieces({ ...report, items: streamed(() => report.items) }));
  }
  return { candidatesPath, reviewPath, reportPath };
}

function* tap<T>(source: Iterable<T>, see: (value: T) => void): Generator<T> {
  for (const value of source) {
    see(value);
    yield value;
  }
}
