// `wirewatch review [--out DIR] [--state FILE] [--decisions FILE]`: rebuild out/review.html from
// out/candidates.json; with --decisions, first take the editor's exported decisions into the store (all or
// nothing). The page shows the store's decisions (the store may be newer than candidates.json). Exit 0 ok, 2 when an input is missing or malformed.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, type ExitCode } from '../exit.js';
import { writeFileAtomic } from '../durable/atomic.js';
import { readCandidates, readDecisions, type DecisionRecord } from '../export/input.js';
import { renderReview } from '../output/review.js';
import { openDecisionStore, readStoredDecisions, withDecisions, type OpenDecisionStore } from '../export/store.js';

export interface ReviewCommandInput {
  out: string;
  state: string;
  decisions?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Injected in tests; defaults to the state store (src/state/store.ts). */
  openStore?: OpenDecisionStore;
}

interface Imported {
  records: DecisionRecord[];
  changed: number;
}

async function importDecisions(input: ReviewCommandInput, file: string, knownIds: Set<string>): Promise<Imported | string> {
  const read = readDecisions(file);
  if (!read.ok) return read.message;
  if (!existsSync(input.state)) return `state file not found: ${input.state}`;
  const unknown = read.value.filter((d) => !knownIds.has(d.id));
  if (unknown.length > 0) {
    input.stderr.write(
      `wirewatch: ${unknown.length} decision(s) name items not in candidates.json: ${unknown
        .slice(0, 3)
        .map((d) => d.id)
        .join(', ')}\n`,
    );
  }
  const store = await (input.openStore ?? openDecisionStore)(input.state, { readonly: false });
  try {
    return { records: read.value, changed: await store.recordDecisions(read.value) };
  } finally {
    store.close();
  }
}

export async function runReviewCommand(input: ReviewCommandInput): Promise<ExitCode> {
  const candidates = readCandidates(join(input.out, 'candidates.json'));
  if (!candidates.ok) {
    input.stderr.write(`wirewatch: ${candidates.message} (run "wirewatch crawl" first)\n`);
    return EXIT.usage;
  }
  const doc = candidates.value;
  if (input.decisions !== undefined) {
    const imported = await importDecisions(input, input.decisions, new Set(doc.items.map((i) => i.id)));
    if (typeof imported === 'string') {
      input.stderr.write(`wirewatch: ${imported}; no decision was recorded\n`);
      return EXIT.usage;
    }
    const same = imported.records.length - imported.changed;
    input.stdout.write(`recorded ${imported.changed} decision(s) in ${input.state} (${same} unchanged, older or unknown)\n`);
  }
  doc.items = withDecisions(doc.items, await readStoredDecisions(input.state, input.openStore));
  const path = join(input.out, 'review.html');
  await writeFileAtomic(path, renderReview(doc));
  input.stdout.write(`wrote ${path} (${doc.items.length} items)\n`);
  return EXIT.ok;
}
