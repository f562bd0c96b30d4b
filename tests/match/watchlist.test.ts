// Watchlist validation and compilation: every bad rule reported with its path, column and what was
// expected; one bad rule refuses the whole watchlist.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { compileWatchlist, validateWatchlistShape } from '../../src/match/index.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import type { WatchlistConfig } from '../../src/types.js';

function compileErrors(queries: string[], aliases: Record<string, string[]> = { russia: ['Russia'] }): string[] {
  const cfg: WatchlistConfig = { aliases, rules: queries.map((query, i) => ({ id: `r${i}`, label: 'x', weight: 1, query })) };
  try {
    compileWatchlist(cfg, 'w.json');
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).code).toBe('WATCHLIST_INVALID');
    return (e as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('query parse errors name the rule, the column and what was expected', () => {
  it.each([
    ['Lavrov AND', '$.rules[0].query: rule "r0", column 11: expected a term, a "phrase", an @alias or "(" but found the end of the query'],
    ['(Lavrov OR Putin', '$.rules[0].query: rule "r0", column 17: expected ")" to close the "(" opened earlier'],
    ['Lavrov)', '$.rules[0].query: rule "r0", column 7: expected an operator or the end of the query; this ")" has no "("'],
    ['"green energy', '$.rules[0].query: rule "r0", column 1: expected a closing quote (") for the phrase that starts here'],
    ['China NEAR/x Russia', '$.rules[0].query: rule "r0", column 7: expected NEAR/n with n a whole number of words from 1 to 100'],
    [
      'China NEAR/5 (Russia AND Moscow)',
      '$.rules[0].query: rule "r0", column 7: expected terms, phrases, @aliases or (A OR B) groups on both sides of NEAR',
    ],
    ['@chna', '$.rules[0].query: rule "r0", column 1: expected a known alias but found @chna (known: @russia)'],
    ['ren*ewable', '$.rules[0].query: rule "r0", column 4: expected "*" only at the end of a term'],
    ['a*', '$.rules[0].query: rule "r0", column 1: a prefix needs at least 2 letters before "*" (term "a")'],
    ['NOT sport', '$.rules[0].query: rule "r0": the query matches every article; NOT needs a positive term beside it'],
    ['OR Lavrov', '$.rules[0].query: rule "r0", column 1: expected a term, a "phrase", an @alias or "(" but found "OR"'],
    [
      '"…"',
      '$.rules[0].query: rule "r0", column 1: a term must start with a Latin or Cyrillic letter, digit, or Chinese, Japanese or Korean character (term "…")',
    ],
    [
      'Ελλάδα',
      '$.rules[0].query: rule "r0", column 1: a term must start with a Latin or Cyrillic letter, digit, or Chinese, Japanese or Korean character (term "Ελλάδα")',
    ],
  ])('%s', (query, message) => {
    expect(compileErrors([query])).toEqual([message]);
  });

  it('lists every bad rule and refuses the watchlist whole', () => {
    const errors = compileErrors(['Lavrov', 'Putin AND', 'Wang', '(Xi']);
    expect(errors.map((e) => e.split(':')[0])).toEqual(['$.rules[1].query', '$.rules[3].query']);
  });

  it('reports a bad alias term with its path', () => {
    expect(compileErrors(['@russia'], { russia: ['Russia', 'Mos*cow'] })).toEqual([
      '$.aliases.russia[1]: "*" is allowed only at the end of a term (got "Mos*cow")',
    ]);
  });
});

describe('validateWatchlistShape', () => {
  it.each([
    [{ rules: [] }, ['$.rules: expected a non-empty array of rules']],
    [{ rules: [{ id: 'A b', label: 'x', query: 'q' }] }, ['$.rules[0].id: expected an id of lowercase letters, digits, "-" and "_"']],
    [{ rules: [{ id: 'a', label: '', query: 'q' }] }, ['$.rules[0].label: expected a non-empty string']],
    [{ rules: [{ id: 'a', label: 'x', query: 'q', weight: 0 }] }, ['$.rules[0].weight: expected a number greater than 0 and at most 100']],
    [
      {
        rules: [
          { id: 'a', label: 'x', query: 'q' },
          { id: 'a', label: 'y', query: 'r' },
        ],
      },
      ['$.rules[1].id: duplicate rule id "a" (first at $.rules[0])'],
    ],
    [
      {
        rules: [
          { id: 'a', label: 'x', query: 'q' },
          { id: 'a', label: '', query: 'r' },
        ],
      },
      ['$.rules[1].label: expected a non-empty string', '$.rules[1].id: duplicate rule id "a" (first at $.rules[0])'],
    ],
    [{ aliases: { russia: [] }, rules: [{ id: 'a', label: 'x', query: 'q' }] }, ['$.aliases.russia: expected a non-empty array of terms']],
    [{ rules: [{ id: 'a', label: 'x', query: 'q', wieght: 2 }] }, ['$.rules[0].wieght: unknown key; did you mean "weight"?']],
    [[], ['$: expected an object with "aliases" and "rules"']],
  ])('%j', (json, messages) => {
    const r = validateWatchlistShape(json, 'w.json');
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(messages);
  });

  it('a file with bad shapes and bad queries: every problem in one pass, at its own rule index', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ww-wl-')), 'watchlist.json');
    const rules = [
      { id: 'ok', label: 'Fine', query: 'Lavrov' },
      { id: 'no-label', query: 'Putin' },
      { id: 'bad-alias', label: 'B', query: '@nope NEAR/3 Putin' },
      { id: 'open', label: 'O', query: 'Lavrov AND (' },
    ];
    writeFileSync(file, JSON.stringify({ aliases: { china: ['China'] }, rules }));
    let issues: string[] = [];
    try {
      loadWatchlistFile(file);
    } catch (e) {
      issues = (e as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues).toEqual([
      '$.rules[1].label: expected a non-empty string',
      '$.rules[2].query: rule "bad-alias", column 1: expected a known alias but found @nope (known: @china)',
      '$.rules[3].query: rule "open", column 13: expected a term, a "phrase", an @alias or "(" but found the end of the query',
    ]);
  });

  it('an alias problem is reported even when no rule is sound in shape', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ww-wl-')), 'watchlist.json');
    writeFileSync(file, JSON.stringify({ aliases: { x: ['a*b'] }, rules: [{ id: 'r', query: '@x' }] }));
    expect(() => loadWatchlistFile(file)).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: '$.aliases.x[0]' }),
          expect.objectContaining({ path: '$.rules[0].label', message: 'expected a non-empty string' }),
        ],
      }),
    );
  });

  it('defaults the weight to 1 and keeps aliases', () => {
    const r = validateWatchlistShape({ aliases: { china: ['China'] }, rules: [{ id: 'a', label: 'A', query: '@china' }] }, 'w.json');
    expect(r).toEqual({ ok: true, value: { aliases: { china: ['China'] }, rules: [{ id: 'a', label: 'A', query: '@china', weight: 1 }] } });
  });
});
