// Every output file of a run, rendered from the store (never from in-flight state) and written atomically:
// candidates.json (with stories), review.html, and runs/<runId>.json. Called at the start and the end of
// every crawl, so a crash between a store commit and the renames heals on the next run.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candidate, RunReport, SourcesConfig } from '../types.js';
import type { Store } from '../state/store.js';
import { writeFileAtomic } from '../durable/atomic.js';
import { renderReview } from './review.js';
import { buildStories, type Story } from '../stories/index.js';
import { crashPoint } from '../durable/crash.js';

export const CANDIDATES_SCHEMA_ID = 'https://wirewatch.example/schemas/candidates.v1.schema.json';

export interface CandidatesDoc {
  $schema: string;
  schemaVersion: 1;
  generatedAt: string;
  items: Candidate[];
  stories: Story[];
}

export function candidatesDoc(items: Candidate[], generatedAt: string, previous?: Story[]): CandidatesDoc {
  const stories = buildStories(items, previous ? { previous } : {});
  return { $schema: CANDIDATES_SCHEMA_ID, schemaVersion: 1, generatedAt, items, stories };
}

/** Stories of the last written generation, so story ids stay stable as items join; none if unreadable. */
function previousStories(path: string): Story[] | undefined {
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<CandidatesDoc>;
    return Array.isArray(doc.stories) ? doc.stories : undefined;
  } catch {
    return undefined;
  }
}

export interface WriteOutputsInput {
  outDir: string;
  store: Store;
  now: Date;
  retentionDays: number;
  config: SourcesConfig;
  report?: RunReport;
  previousStories?: Story[];
}

export async function writeOutputs(input: WriteOutputsInput): Promise<{ candidatesPath: string; reviewPath: string; reportPath: string }> {
  const { outDir, store, now } = input;
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  const items = store.candidates({ retentionDays: input.retentionDays, now });
  const candidatesPath = join(outDir, 'candidates.json');
  const doc = candidatesDoc(items, now.toISOString(), input.previousStories ?? previousStories(candidatesPath));
  await writeFileAtomic(candidatesPath, JSON.stringify(doc, null, 2) + '\n');
  crashPoint('after-candidates-rename');
  const reviewPath = join(outDir, 'review.html');
  await writeFileAtomic(reviewPath, renderReview(doc));
  let reportPath = '';
  if (input.report) {
    reportPath = join(outDir, 'runs', `${input.report.runId}.json`);
    await writeFileAtomic(reportPath, JSON.stringify(input.report, null, 2) + '\n');
  }
  return { candidatesPath, reviewPath, reportPath };
}
