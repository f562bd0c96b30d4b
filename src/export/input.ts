// Reading what `review` and `export` work from: out/candidates.json (written by the crawl) and the editor's
// decisions.json (downloaded from review.html). Both are outside input: shapes are checked here, and a problem
// comes back as a message for the user, not as an exception from deep inside a renderer.

import { readFileSync } from 'node:fs';
import type { Candidate } from '../types.js';
import { DECISIONS, type Decision } from './types.js';
import { didYouMean } from '../text/closest.js';

export interface CandidatesInput {
  generatedAt: string;
  items: Candidate[];
  stories?: unknown[];
}

export interface DecisionRecord {
  id: string;
  decision: Decision;
  at: string;
  comment?: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

function readJson(path: string, what: string): Read<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `${what} not found: ${path}` : `cannot read ${what} ${path}: ${String(e)}` };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    return { ok: false, message: `${what} ${path} is not valid JSON: ${(e as Error).message}` };
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** candidates.json → items (and stories); items lacking the fields every renderer relies on are reported. */
export function readCandidates(path: string): Read<CandidatesInput> {
  const json = readJson(path, 'candidates file');
  if (!json.ok) return json;
  const doc = json.value;
  if (!isObj(doc) || !Array.isArray(doc.items) || typeof doc.generatedAt !== 'string') {
    return { ok: false, message: `${path}: expected {schemaVersion, generatedAt, items[]}` };
  }
  const bad = doc.items.findIndex(
    (i) =>
      !isObj(i) ||
      typeof i.id !== 'string' ||
      typeof i.title !== 'string' ||
      !isObj(i.source) ||
      !Array.isArray(i.matches) ||
      !Array.isArray(i.excerpts),
  );
  if (bad >= 0) return { ok: false, message: `${path}: items[${bad}] lacks id, title, source, matches or excerpts` };
  const stories = Array.isArray(doc.stories) ? (doc.stories as unknown[]) : undefined;
  return { ok: true, value: { generatedAt: doc.generatedAt, items: doc.items as Candidate[], ...(stories ? { stories } : {}) } };
}

/** A decision's keys, as review.html writes them. Any other is refused: a hand-edited "coment" would lose the comment. */
const DECISION_KEYS = ['id', 'decision', 'at', 'comment'];

function decisionRecord(v: unknown, i: number): Read<DecisionRecord> {
  const where = `decisions[${i}]`;
  if (!isObj(v) || typeof v.id !== 'string' || v.id === '') return { ok: false, message: `${where}: needs a string id` };
  const stray = Object.keys(v).find((k) => !DECISION_KEYS.includes(k));
  if (stray !== undefined) return { ok: false, message: `${where}: unknown key "${stray}"${didYouMean(stray, DECISION_KEYS)}` };
  if (!DECISIONS.includes(v.decision as Decision))
    return { ok: false, message: `${where}: decision must be one of ${DECISIONS.join(', ')}` };
  if (typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at))) return { ok: false, message: `${where}: at must be an ISO date-time` };
  if (v.comment !== undefined && typeof v.comment !== 'string') return { ok: false, message: `${where}: comment must be a string` };
  const comment = typeof v.comment === 'string' && v.comment.trim() !== '' ? { comment: v.comment } : {};
  return { ok: true, value: { id: v.id, decision: v.decision as Decision, at: new Date(v.at).toISOString(), ...comment } };
}

/** The most bad entries one message lists; the rest are counted. */
const MAX_LISTED_PROBLEMS = 10;

/** decisions.json as review.html exports it: {schemaVersion: 1, decisions: [{id, decision, at, comment?}]}.
 * All or nothing: one bad entry rejects the file, so a half-imported file never happens; the message lists every
 * bad entry (up to ten), so one edit mends them all. */
export function readDecisions(path: string): Read<DecisionRecord[]> {
  const json = readJson(path, 'decisions file');
  if (!json.ok) return json;
  const doc = json.value;
  if (!isObj(doc) || !Array.isArray(doc.decisions)) return { ok: false, message: `${path}: expected {schemaVersion: 1, decisions: [...]}` };
  if (doc.schemaVersion !== undefined && doc.schemaVersion !== 1)
    return { ok: false, message: `${path}: unsupported schemaVersion ${String(doc.schemaVersion)}` };
  const records: DecisionRecord[] = [];
  const problems: string[] = [];
  for (const [i, v] of doc.decisions.entries()) {
    const rec = decisionRecord(v, i);
    if (rec.ok) records.push(rec.value);
    else problems.push(rec.message);
  }
  if (problems.length === 0) return { ok: true, value: records };
  const more = problems.length > MAX_LISTED_PROBLEMS ? `; and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
  return { ok: false, message: `${path}: ${problems.slice(0, MAX_LISTED_PROBLEMS).join('; ')}${more}` };
}
