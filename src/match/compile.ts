// Compiles a validated watchlist once per run: every query parsed, every alias expanded, every distinct
// term compiled once and indexed in one trie. Any bad rule refuses the whole watchlist (ConfigError
// 'WATCHLIST_INVALID' listing every problem), so a run never applies half a watchlist.
import { ConfigError } from '../errors.js';
import type { ConfigIssue, WatchlistConfig } from '../types.js';
import { parseQuery, type QueryAst } from './query.js';
import { lintWatchlist } from './lint.js';
import { compileTerm, type Term } from './terms.js';
import { KeyTrie } from './trie.js';

export type RuleNode =
  | { t: 'term'; term: number }
  | { t: 'and' | 'or'; kids: RuleNode[] }
  | { t: 'not'; kid: RuleNode }
  | { t: 'near'; distance: number; a: RuleNode; b: RuleNode };

export interface CompiledRule {
  id: string;
  label: string;
  weight: number;
  query: string;
  node: RuleNode;
}

export interface CompiledWatchlist {
  file: string;
  rules: CompiledRule[];
  terms: Term[];
  /** termId → indexes into `rules` of the rules that use it. */
  rulesByTerm: number[][];
  trie: KeyTrie;
  /** Queries that parse but likely mean something else (a lower-case `or`): shown, never fatal. */
  warnings?: ConfigIssue[];
}

class TermTable {
  readonly terms: Term[] = [];
  private readonly byText = new Map<string, number>();

  /** Returns the term id, or an error message. Identical terms share one id across rules and aliases. */
  intern(text: string, prefix: boolean): number | string {
    const key = `${prefix ? '*' : ' '}${text}`;
    const known = this.byText.get(key);
    if (known !== undefined) return known;
    const r = compileTerm(this.terms.length, text, prefix);
    if (!r.ok) return r.message;
    this.terms.push(r.term);
    this.byText.set(key, r.term.id);
    return r.term.id;
  }
}

export function compileWatchlist(cfg: WatchlistConfig, file = 'watchlist.json'): CompiledWatchlist {
  const issues: ConfigIssue[] = [];
  const table = new TermTable();
  const aliases = compileAliases(cfg.aliases, table, file, issues);
  const rules: CompiledRule[] = [];
  cfg.rules.forEach((rule, i) => {
    const path = `$.rules[${i}].query`;
    const parsed = parseQuery(rule.query);
    if (!parsed.ok) {
      issues.push({ file, path, message: `rule "${rule.id}", column ${parsed.pos}: ${parsed.message}` });
      return;
    }
    const errors: string[] = [];
    const node = resolve(parsed.ast, aliases, table, errors);
    if (errors.length > 0) {
      for (const e of errors) issues.push({ file, path, message: `rule "${rule.id}", ${e}` });
      return;
    }
    if (holds(node)) {
      issues.push({ file, path, message: `rule "${rule.id}": the query matches every article; NOT needs a positive term beside it` });
      return;
    }
    rules.push({ id: rule.id, label: rule.label, weight: rule.weight, query: rule.query, node });
  });
  if (issues.length > 0) throw new ConfigError('WATCHLIST_INVALID', issues);
  const rulesByTerm: number[][] = table.terms.map(() => []);
  rules.forEach((r, ri) => {
    for (const id of termIds(r.node)) if (!rulesByTerm[id]!.includes(ri)) rulesByTerm[id]!.push(ri);
  });
  const trie = new KeyTrie(table.terms.map((t) => ({ key: t.key, term: t.id })));
  const warnings = lintWatchlist(cfg, file);
  return { file, rules, terms: table.terms, rulesByTerm, trie, ...(warnings.length ? { warnings } : {}) };
}

function compileAliases(aliases: Record<string, string[]>, table: TermTable, file: string, issues: ConfigIssue[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [name, list] of Object.entries(aliases)) {
    const ids: number[] = [];
    list.forEach((raw, i) => {
      let text = raw.trim();
      const prefix = text.endsWith('*');
      if (prefix) text = text.slice(0, -1).trimEnd();
      if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) text = text.slice(1, -1).trim();
      const id = text.includes('*') ? '"*" is allowed only at the end of a term' : table.intern(text, prefix);
      if (typeof id === 'string') issues.push({ file, path: `$.aliases.${name}[${i}]`, message: `${id} (got ${JSON.stringify(raw)})` });
      else ids.push(id);
    });
    out.set(name, ids);
  }
  return out;
}

function resolve(a: QueryAst, aliases: Map<string, number[]>, table: TermTable, errors: string[]): RuleNode {
  switch (a.t) {
    case 'term': {
      const id = table.intern(a.text, a.prefix);
      if (typeof id === 'string') errors.push(`column ${a.pos + 1}: ${id} (term ${JSON.stringify(a.text)})`);
      return { t: 'term', term: typeof id === 'number' ? id : -1 };
    }
    case 'alias': {
      const ids = aliases.get(a.name);
      if (!ids) {
        const known = [...aliases.keys()].map((k) => `@${k}`).join(', ') || 'none defined';
        errors.push(`column ${a.pos + 1}: expected a known alias but found @${a.name} (known: ${known})`);
        return { t: 'or', kids: [] };
      }
      return { t: 'or', kids: ids.map((term) => ({ t: 'term', term })) };
    }
    case 'and':
    case 'or':
      return { t: a.t, kids: a.kids.map((k) => resolve(k, aliases, table, errors)) };
    case 'not':
      return { t: 'not', kid: resolve(a.kid, aliases, table, errors) };
    case 'near':
      return { t: 'near', distance: a.distance, a: resolve(a.a, aliases, table, errors), b: resolve(a.b, aliases, table, errors) };
  }
}

/** The query's truth value when no term occurs at all: true means it would flag every article. */
function holds(n: RuleNode): boolean {
  switch (n.t) {
    case 'term':
    case 'near':
      return false;
    case 'and':
      return n.kids.every(holds);
    case 'or':
      return n.kids.some(holds);
    case 'not':
      return !holds(n.kid);
  }
}

export function termIds(n: RuleNode): number[] {
  switch (n.t) {
    case 'term':
      return [n.term];
    case 'and':
    case 'or':
      return n.kids.flatMap(termIds);
    case 'not':
      return termIds(n.kid);
    case 'near':
      return [...termIds(n.a), ...termIds(n.b)];
  }
}
