// Shape check of watchlist.json before compilation: every problem with its JSON path, none dropped.
import type { ConfigIssue, WatchlistConfig, WatchRuleConfig } from '../types.js';
import { didYouMean } from '../text/closest.js';

export const DEFAULT_WEIGHT = 1;
const MAX_WEIGHT = 100;
const RULE_ID = /^[a-z0-9][a-z0-9_-]*$/u;
const ALIAS_NAME = /^[\p{L}\p{N}_-]+$/u;
const RULE_KEYS = new Set(['id', 'label', 'query', 'weight', 'note']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The aliases and the rules whose shape passed (`ruleIndex[k]`: rule k's index in the file), so the caller can
 *  compile them and report their queries' problems beside the shape's. */
export interface SoundPart {
  config: WatchlistConfig;
  ruleIndex: number[];
}

export function validateWatchlistShape(
  json: unknown,
  file: string,
): { ok: true; value: WatchlistConfig } | { ok: false; issues: ConfigIssue[]; sound: SoundPart } {
  const issues: ConfigIssue[] = [];
  const issue = (path: string, message: string): void => void issues.push({ file, path, message });
  if (!isObj(json)) {
    issue('$', 'expected an object with "aliases" and "rules"');
    return { ok: false, issues, sound: { config: { aliases: {}, rules: [] }, ruleIndex: [] } };
  }
  for (const k of Object.keys(json))
    if (k !== 'aliases' && k !== 'rules' && k !== '$schema') issue(`$.${k}`, `unknown key${didYouMean(k, ['aliases', 'rules'])}`);
  const aliases = checkAliases(json.aliases, issue);
  const rules: WatchRuleConfig[] = [];
  const ruleIndex: number[] = [];
  if (!Array.isArray(json.rules) || json.rules.length === 0) issue('$.rules', 'expected a non-empty array of rules');
  else {
    const seen = new Map<string, number>();
    json.rules.forEach((r, i) => {
      const rule = checkRule(r, `$.rules[${i}]`, issue);
      // A duplicate id is said even of a rule with other problems: every issue at once.
      const id = rule?.id ?? (isObj(r) && typeof r.id === 'string' ? r.id : undefined);
      const first = id === undefined ? undefined : seen.get(id);
      if (first !== undefined) issue(`$.rules[${i}].id`, `duplicate rule id "${id}" (first at $.rules[${first}])`);
      else if (id !== undefined) seen.set(id, i);
      if (!rule) return;
      rules.push(rule);
      ruleIndex.push(i);
    });
  }
  return issues.length > 0
    ? { ok: false, issues, sound: { config: { aliases, rules }, ruleIndex } }
    : { ok: true, value: { aliases, rules } };
}

function checkAliases(v: unknown, issue: (p: string, m: string) => void): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (v === undefined) return out;
  if (!isObj(v)) {
    issue('$.aliases', 'expected an object mapping alias names to arrays of terms');
    return out;
  }
  for (const [name, terms] of Object.entries(v)) {
    const p = `$.aliases.${name}`;
    if (!ALIAS_NAME.test(name)) issue(p, 'alias names are letters, digits, "_" and "-"');
    if (!Array.isArray(terms) || terms.length === 0) {
      issue(p, 'expected a non-empty array of terms');
      continue;
    }
    const ok: string[] = [];
    terms.forEach((t, i) => {
      if (typeof t !== 'string' || t.trim() === '') issue(`${p}[${i}]`, 'expected a non-empty string');
      else ok.push(t);
    });
    out[name] = ok;
  }
  return out;
}

function checkRule(r: unknown, p: string, issue: (p: string, m: string) => void): WatchRuleConfig | undefined {
  if (!isObj(r)) {
    issue(p, 'expected an object with id, label and query');
    return undefined;
  }
  for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) issue(`${p}.${k}`, `unknown key${didYouMean(k, RULE_KEYS)}`);
  const { id, label, query, weight } = r;
  let bad = false;
  if (typeof id !== 'string' || !RULE_ID.test(id)) {
    issue(`${p}.id`, 'expected an id of lowercase letters, digits, "-" and "_"');
    bad = true;
  }
  if (typeof label !== 'string' || label.trim() === '') {
    issue(`${p}.label`, 'expected a non-empty string');
    bad = true;
  }
  if (typeof query !== 'string' || query.trim() === '') {
    issue(`${p}.query`, 'expected a non-empty query string');
    bad = true;
  }
  if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0 || weight > MAX_WEIGHT)) {
    issue(`${p}.weight`, `expected a number greater than 0 and at most ${MAX_WEIGHT}`);
    bad = true;
  }
  if (bad) return undefined;
  return { id: id as string, label: label as string, query: query as string, weight: (weight as number | undefined) ?? DEFAULT_WEIGHT };
}
