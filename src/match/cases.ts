// Labelled cases for `wirewatch watchlist test`: each case says which rules must fire (`expect`) and
// which may or may not (`may`); every other rule must stay silent. Per rule: TP = expected and fired,
// FN = expected and silent, FP = fired though not expected. Precision and recall are 1 when there
// is nothing to count.
import { ConfigError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import type { ConfigIssue, Lang } from '../types.js';
import type { CompiledWatchlist } from './compile.js';
import { matchArticle } from './index.js';

export interface LabelledCase {
  id: string;
  lang?: Lang;
  title: string;
  paragraphs: string[];
  expect: string[];
  may: string[];
  note?: string;
}

export interface RuleStats {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface CaseFailure {
  id: string;
  missing: string[];
  unexpected: { rule: string; texts: string[] }[];
  note?: string;
}

export interface CaseReport {
  cases: number;
  rules: RuleStats[];
  failures: CaseFailure[];
}

type Obj = Record<string, unknown>;

/** A case's keys. Any other is an error: a misspelt "expect" would leave the case asserting that no rule fires. */
const CASE_KEYS = ['id', 'title', 'paragraphs', 'text', 'expect', 'may', 'lang', 'note'];
const TOP_KEYS = ['cases', '$comment', '$schema'];

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Validates a cases file against the compiled watchlist (unknown rule ids are errors). */
export function parseCases(json: unknown, file: string, cw: CompiledWatchlist): LabelledCase[] {
  const issues: ConfigIssue[] = [];
  const issue = (path: string, message: string): void => void issues.push({ file, path, message });
  const list = (json as Obj | null)?.cases;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError('WATCHLIST_INVALID', [{ file, path: '$.cases', message: 'expected a non-empty array of cases' }]);
  }
  for (const k of Object.keys(json as Obj)) if (!TOP_KEYS.includes(k)) issue(`$.${k}`, `unknown key${didYouMean(k, TOP_KEYS)}`);
  const ruleIds = new Set(cw.rules.map((r) => r.id));
  const ids = new Set<string>();
  const out: LabelledCase[] = [];
  list.forEach((c: Obj, i) => {
    const p = `$.cases[${i}]`;
    if (c && typeof c === 'object')
      for (const k of Object.keys(c)) if (!CASE_KEYS.includes(k)) issue(`${p}.${k}`, `unknown key${didYouMean(k, CASE_KEYS)}`);
    const id = typeof c?.id === 'string' ? c.id : '';
    if (id === '' || ids.has(id)) issue(`${p}.id`, id === '' ? 'expected a string id' : `duplicate case id "${id}"`);
    ids.add(id);
    const paragraphs = c?.paragraphs ?? (typeof c?.text === 'string' ? [c.text] : undefined);
    if (!isStrings(paragraphs)) issue(`${p}.paragraphs`, 'expected "paragraphs" (strings) or "text"');
    const title = c?.title ?? '';
    if (typeof title !== 'string') issue(`${p}.title`, 'expected a string');
    const expect = c?.expect ?? [];
    const may = c?.may ?? [];
    for (const [key, v] of [
      ['expect', expect],
      ['may', may],
    ] as const) {
      if (!isStrings(v)) issue(`${p}.${key}`, 'expected an array of rule ids');
      else v.forEach((r, j) => ruleIds.has(r) || issue(`${p}.${key}[${j}]`, `unknown rule id "${r}"${didYouMean(r, ruleIds)}`));
    }
    // A rule both expected and allowed either way asserts nothing: one of the two lists is a slip.
    if (isStrings(expect) && isStrings(may))
      may.forEach(
        (r, j) =>
          expect.includes(r) && issue(`${p}.may[${j}]`, `rule "${r}" is also in expect: a case expects a rule or allows it, not both`),
      );
    if (issues.length === 0) {
      out.push({
        id,
        title: title as string,
        paragraphs: paragraphs as string[],
        expect: expect as string[],
        may: may as string[],
        ...(typeof c.lang === 'string' ? { lang: c.lang as Lang } : {}),
        ...(typeof c.note === 'string' ? { note: c.note } : {}),
      });
    }
  });
  if (issues.length > 0) throw new ConfigError('WATCHLIST_INVALID', issues);
  return out;
}

export function runCases(cw: CompiledWatchlist, cases: readonly LabelledCase[]): CaseReport {
  const stats = new Map<string, RuleStats>(cw.rules.map((r) => [r.id, { rule: r.id, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 }]));
  const failures: CaseFailure[] = [];
  for (const c of cases) {
    const result = matchArticle(cw, { title: c.title, paragraphs: c.paragraphs, ...(c.lang ? { lang: c.lang } : {}) });
    const fired = new Map(result.matches.map((m) => [m.rule, m.hits.map((h) => h.text)]));
    const missing = c.expect.filter((r) => !fired.has(r));
    const unexpected = [...fired].filter(([r]) => !c.expect.includes(r) && !c.may.includes(r)).map(([rule, texts]) => ({ rule, texts }));
    for (const r of c.expect) stats.get(r)![fired.has(r) ? 'tp' : 'fn']++;
    for (const u of unexpected) stats.get(u.rule)!.fp++;
    if (missing.length > 0 || unexpected.length > 0) failures.push({ id: c.id, missing, unexpected, ...(c.note ? { note: c.note } : {}) });
  }
  for (const s of stats.values()) {
    s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  }
  return { cases: cases.length, rules: [...stats.values()], failures };
}
