// The starter watchlist against its labelled cases (precision and recall 1.0 on every rule), and the
// `match` and `watchlist test` commands end to end on streams.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runMatchCommand } from '../../src/commands/match.js';
import { runWatchlistTest } from '../../src/commands/watchlist-test.js';
import { ConfigError } from '../../src/errors.js';
import { parseCases, runCases } from '../../src/match/cases.js';
import { loadWatchlistFile } from '../../src/match/load.js';

const WATCHLIST = 'watchlist.json';
const CASES = 'tests/watchlist-cases.json';

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('starter watchlist against tests/watchlist-cases.json', () => {
  const cw = loadWatchlistFile(WATCHLIST);
  const cases = parseCases(JSON.parse(readFileSync(CASES, 'utf8')), CASES, cw);
  const report = runCases(cw, cases);

  it('has at least 150 cases across en, ru and zh, traps included', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.lang))).toEqual(new Set(['en', 'ru', 'zh']));
    expect(cases.filter((c) => c.note?.startsWith('trap')).length).toBeGreaterThanOrEqual(40);
  });

  it('fails no case', () => {
    expect(report.failures).toEqual([]);
  });

  it.each(cw.rules.map((r) => r.id))('rule %s: precision 1, recall 1, and at least one positive case', (id) => {
    const s = report.rules.find((r) => r.rule === id)!;
    expect([s.precision, s.recall]).toEqual([1, 1]);
    expect(s.tp).toBeGreaterThan(0);
  });
});

describe('wirewatch watchlist test', () => {
  it('exits 0 and prints per-rule precision and recall on the shipped cases', async () => {
    const out = sink();
    expect(await runWatchlistTest({ watchlist: WATCHLIST, cases: CASES, stdout: out.stream })).toBe(0);
    expect(out.text()).toMatch(/lavrov\s+1\.00\s+1\.00/u);
  });

  it('exits 1 on a regression and names the failing case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-cases-'));
    const file = join(dir, 'cases.json');
    writeFileSync(
      file,
      JSON.stringify({
        cases: [
          { id: 'ok', paragraphs: ['Lavrov spoke.'], expect: ['lavrov'] },
          { id: 'regressed', paragraphs: ['Лаврова не было.'], expect: [] },
        ],
      }),
    );
    const out = sink();
    expect(await runWatchlistTest({ watchlist: WATCHLIST, cases: file, stdout: out.stream })).toBe(1);
    expect(out.text()).toContain('FAIL regressed\n  fired unexpectedly: lavrov on "Лаврова"');
    expect(out.text()).toMatch(/lavrov\s+0\.50\s+1\.00\s+1\s+1\s+0/u);
  });

  it('refuses cases that name unknown rules (config error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-cases-'));
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify({ cases: [{ id: 'x', paragraphs: ['a'], expect: ['nope'] }] }));
    await expect(runWatchlistTest({ watchlist: WATCHLIST, cases: file, stdout: sink().stream })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('parseCases: a slip in a cases file is an error at its path, never a case that asserts something else', () => {
  const cw = loadWatchlistFile(WATCHLIST);
  const problems = (doc: unknown): string[] => {
    try {
      parseCases(doc, 'cases.json', cw);
      return [];
    } catch (e) {
      return (e as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    }
  };
  it.each([
    [
      '"expects" for "expect" (the case would assert that no rule fires)',
      { cases: [{ id: 'a', text: 'Lavrov spoke.', expects: ['lavrov'] }] },
      ['$.cases[0].expects: unknown key; did you mean "expect"?'],
    ],
    [
      'a mistyped rule id',
      { cases: [{ id: 'a', text: 'Лавров', expect: ['lavrv'] }] },
      ['$.cases[0].expect[0]: unknown rule id "lavrv"; did you mean "lavrov"?'],
    ],
    [
      'a rule both expected and allowed',
      { cases: [{ id: 'a', text: 'Путин', expect: ['putin'], may: ['putin'] }] },
      ['$.cases[0].may[0]: rule "putin" is also in expect: a case expects a rule or allows it, not both'],
    ],
    [
      'a top-level key misspelt',
      { $coment: 'x', cases: [{ id: 'a', text: 'Путин', expect: ['putin'] }] },
      ['$.$coment: unknown key; did you mean "$comment"?'],
    ],
  ])('%s', (_case, doc, expected) => {
    expect(problems(doc)).toEqual(expected);
  });
});

describe('wirewatch match', () => {
  it.each([
    [
      'article JSON',
      JSON.stringify({ title: 'Lavrov in Beijing', paragraphs: [{ text: 'Ван И встретил Лаврова.' }, 'Trade grew.'] }),
      ['lavrov', 'wang-yi', 'trade'],
    ],
    ['plain text', '中俄关系\n\nСанкции не помогли.\n', ['china-russia', 'sanctions']],
    ['nothing to flag', 'The weather was mild.', []],
  ])('%s on stdin → hits and excerpts as JSON', async (_name, input, rules) => {
    const out = sink();
    expect(await runMatchCommand({ watchlist: WATCHLIST, stdin: Readable.from([Buffer.from(input)]), stdout: out.stream })).toBe(0);
    const json = JSON.parse(out.text()) as { matches: { rule: string }[]; excerpts: unknown[]; score: number; scoreExplain: string[] };
    expect(json.matches.map((m) => m.rule)).toEqual(rules);
    expect(json.scoreExplain.at(-1)).toBe(`score = ${json.score}`);
  });

  it('refuses a watchlist with a bad rule before reading input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-wl-'));
    const file = join(dir, 'watchlist.json');
    writeFileSync(
      file,
      JSON.stringify({
        rules: [
          { id: 'a', label: 'A', query: 'Lavrov AND' },
          { id: 'b', label: 'B', query: 'ok' },
        ],
      }),
    );
    const run = runMatchCommand({ watchlist: file, stdin: Readable.from([]), stdout: sink().stream });
    await expect(run).rejects.toMatchObject({ code: 'WATCHLIST_INVALID', issues: [{ path: '$.rules[0].query' }] });
  });
});
