// `wirewatch export --format md|jsonfeed|atom|csv [--since 7d] [--status kept,…] [--group-by outlet|rule|story]
// [-o FILE]`: flagged items from out/candidates.json, with the editor's decisions from the store (decisions
// also travel in candidates.json's `decision` field; the store wins). Output to stdout, or atomically to -o.

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import { writeFileAtomic } from '../durable/atomic.js';
import { emptyNote, parseSince, renderExport, selectItems, type GroupBy } from '../export/index.js';
import { readCandidates } from '../export/input.js';
import { feedIdFor } from '../export/feed-common.js';
import { pathToFileURL } from 'node:url';
import { readStoredDecisions, type OpenDecisionStore } from '../export/store.js';
import { EXPORT_STATUSES, type ExportFormat, type ExportStatus } from '../export/types.js';
import { didYouMean } from '../text/closest.js';

export interface ExportCommandInput {
  format: ExportFormat;
  /** `7d`, `24h`, or an ISO date/time. */
  since?: string;
  /** Decisions in review, comma-separated: kept (kept or quoted), quoted, undecided, discarded. */
  status?: string;
  out: string;
  state: string;
  /** Output file; stdout when absent. */
  o?: string;
  groupBy?: GroupBy;
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Reference "now" for a relative --since (tests). */
  now?: Date;
  /** Public feed address, used as the feeds' self link and id. */
  feedUrl?: string;
  openStore?: OpenDecisionStore;
}

const GROUPS: GroupBy[] = ['outlet', 'rule', 'story'];

/** -o must name a file in a directory that exists: checked before anything is read, so a typo costs nothing. */
function checkOutput(o: string | undefined): void {
  if (o === undefined) return;
  const dir = dirname(resolve(o));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`-o ${o}: the directory ${dir} does not exist`);
  }
  if (!isDir) throw new UsageError(`-o ${o}: ${dir} is not a directory`);
  if (existsSync(o) && statSync(o).isDirectory()) throw new UsageError(`-o ${o}: is a directory; name a file`);
}

/** The desk's decision words (review.html's `decision=` filter), for the hint when one is given as a status. */
const DESK_WORDS: Record<string, ExportStatus> = { keep: 'kept', discard: 'discarded', none: 'undecided' };

/** --status as a list of known statuses; an unknown one is a usage error naming the likely one. */
function statusesOf(given: string): ExportStatus[] {
  const known = Object.keys(EXPORT_STATUSES);
  return given.split(',').map((raw) => {
    const s = raw.trim();
    if (Object.hasOwn(EXPORT_STATUSES, s)) return s as ExportStatus;
    const hint = Object.hasOwn(DESK_WORDS, s) ? `; did you mean "${DESK_WORDS[s]}"?` : didYouMean(s, known);
    throw new UsageError(`--status ${JSON.stringify(s)} is none of ${known.join(', ')} (comma-separated)${hint}`);
  });
}

function checkFlags(input: ExportCommandInput): { since?: Date; status?: ExportStatus[] } {
  checkOutput(input.o);
  if (input.feedUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(input.feedUrl))
    throw new UsageError(`--feed-url must be the http(s) address the feed is served at, got ${JSON.stringify(input.feedUrl)}`);
  const status = input.status === undefined ? undefined : statusesOf(input.status);
  if (input.groupBy !== undefined && !GROUPS.includes(input.groupBy))
    throw new UsageError(`--group-by must be one of ${GROUPS.join(', ')}`);
  if (input.since === undefined) return status ? { status } : {};
  const since = parseSince(input.since, input.now ?? new Date());
  if (since === undefined) throw new UsageError(`--since takes 2w, 7d, 24h, 30m or an ISO date, got ${JSON.stringify(input.since)}`);
  return { since, ...(status ? { status } : {}) };
}

export async function runExportCommand(given: ExportCommandInput): Promise<ExitCode> {
  // "-o -" is stdout, as in most tools (it wrote a file named "-").
  const input = given.o === '-' ? { ...given, o: undefined } : given;
  const flags = checkFlags(input);
  const candidates = readCandidates(join(input.out, 'candidates.json'));
  if (!candidates.ok) {
    (input.stderr ?? process.stderr).write(`wirewatch: ${candidates.message} (run "wirewatch crawl" first)\n`);
    return EXIT.usage;
  }
  const doc = candidates.value;
  const decisions = await readStoredDecisions(input.state, input.openStore);
  const selection = { ...flags, decisions };
  const items = selectItems(doc.items, selection);
  if (items.length === 0) (input.stderr ?? process.stderr).write(`wirewatch: ${emptyNote(doc.items, selection)}\n`);
  const body = renderExport(input.format, items, {
    generatedAt: doc.generatedAt,
    feedId: feedIdFor({ since: input.since, status: flags.status?.join(','), 'group-by': input.groupBy }),
    ...(input.o !== undefined ? { selfUrl: pathToFileURL(resolve(input.o)).href } : {}),
    decisions,
    ...(input.groupBy ? { groupBy: input.groupBy } : {}),
    ...(input.feedUrl ? { feedUrl: input.feedUrl } : {}),
    ...(doc.stories ? { stories: doc.stories } : {}),
  });
  if (input.o === undefined) input.stdout.write(body);
  else {
    try {
      await writeFileAtomic(input.o, body);
    } catch (e) {
      throw new UsageError(`-o ${input.o}: cannot write: ${(e as Error).message}`);
    }
  }
  return EXIT.ok;
}
