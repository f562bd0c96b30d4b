// `wirewatch review` and `wirewatch export` over a temp out/ dir: inputs read, errors reported with exit 2,
// decisions taken into the store (a recording double here, plus the real store for the wiring), files written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/exit.js';
import { runExportCommand } from '../../src/commands/export.js';
import { runReviewCommand } from '../../src/commands/review.js';
import type { DecisionRecord } from '../../src/export/input.js';
import { openDecisionStore, type DecisionStore } from '../../src/export/store.js';
import type { ExportDecision } from '../../src/export/types.js';
import { deskRecords, fixtureDoc } from './helpers.js';

function sink(): PassThrough & { text(): string } {
  const s = new PassThrough();
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  return Object.assign(s, { text: () => Buffer.concat(chunks).toString('utf8') });
}

class StoreDouble implements DecisionStore {
  recorded: DecisionRecord[][] = [];
  opened: { path: string; readonly: boolean }[] = [];
  closed = 0;
  constructor(private readonly stored: Map<string, ExportDecision> = new Map()) {}
  open = (path: string, opts: { readonly: boolean }): DecisionStore => (this.opened.push({ path, ...opts }), this);
  recordDecisions(list: DecisionRecord[]): number {
    this.recorded.push(list);
    for (const d of list) this.stored.set(d.id, { decision: d.decision });
    return list.length;
  }
  decisions(): Map<string, ExportDecision> {
    return this.stored;
  }
  close(): void {
    this.closed++;
  }
}

let out: string;
let state: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'wirewatch-out-'));
  state = join(out, 'state.db');
  writeFileSync(join(out, 'candidates.json'), JSON.stringify(fixtureDoc('week')));
});

const decisionsFile = (decisions: unknown[]): string => {
  const path = join(out, 'decisions.json');
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, report: 'r', decisions }));
  return path;
};

describe('runReviewCommand', () => {
  it('rebuilds review.html from candidates.json', async () => {
    const stdout = sink();
    expect(await runReviewCommand({ out, state, stdout, stderr: sink() })).toBe(0);
    expect(deskRecords(readFileSync(join(out, 'review.html'), 'utf8'))).toHaveLength(8);
    expect(stdout.text()).toBe(`wrote ${join(out, 'review.html')} (8 items)\n`);
  });

  it("shows the store's decisions on a plain rebuild", async () => {
    writeFileSync(state, '');
    const store = new StoreDouble(new Map([['mid-en-1990200', { decision: 'discard' }]]));
    expect(await runReviewCommand({ out, state, stdout: sink(), stderr: sink(), openStore: store.open })).toBe(0);
    const records = deskRecords(readFileSync(join(out, 'review.html'), 'utf8'));
    expect(records.filter((r) => r.d === 'discard').map((r) => r.id)).toEqual(['mid-en-1990200']);
  });

  it('exits 2 without candidates.json and writes nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wirewatch-empty-'));
    const stderr = sink();
    expect(await runReviewCommand({ out: empty, state, stdout: sink(), stderr })).toBe(2);
    expect(stderr.text()).toMatch(/candidates file not found: .*candidates\.json \(run "wirewatch crawl" first\)/);
    expect(existsSync(join(empty, 'review.html'))).toBe(false);
  });

  it('takes decisions into the store and shows them on the rebuilt page', async () => {
    writeFileSync(state, '');
    const store = new StoreDouble();
    const file = decisionsFile([
      { id: 'gt-1330001', decision: 'keep', at: '2026-11-22T08:00:00Z' },
      { id: 'tass-en-1901001', decision: 'quoted', at: '2026-11-22T08:01:00Z', comment: 'lead' },
    ]);
    const stdout = sink();
    expect(await runReviewCommand({ out, state, decisions: file, stdout, stderr: sink(), openStore: store.open })).toBe(0);
    expect(store.opened).toEqual([
      { path: state, readonly: false },
      { path: state, readonly: true },
    ]);
    expect(store.recorded).toEqual([
      [
        { id: 'gt-1330001', decision: 'keep', at: '2026-11-22T08:00:00.000Z' },
        { id: 'tass-en-1901001', decision: 'quoted', at: '2026-11-22T08:01:00.000Z', comment: 'lead' },
      ],
    ]);
    expect(store.closed).toBe(2);
    const records = deskRecords(readFileSync(join(out, 'review.html'), 'utf8'));
    expect(records.find((r) => r.id === 'gt-1330001')?.d).toBe('keep');
    expect(stdout.text()).toContain('recorded 2 decision(s)');
  });

  it.each([
    [
      'a bad decision value',
      [{ id: 'x', decision: 'maybe', at: '2026-11-22T08:00:00Z' }],
      /decisions\[0\]: decision must be one of keep, discard, quoted/,
    ],
    ['a missing time', [{ id: 'x', decision: 'keep' }], /decisions\[0\]: at must be an ISO date-time/],
    [
      'a misspelt comment (the comment would be lost)',
      [{ id: 'x', decision: 'keep', at: '2026-11-22T08:00:00Z', coment: 'quote the second paragraph' }],
      /decisions\[0\]: unknown key "coment"; did you mean "comment"\?/,
    ],
    ['a missing id', [{ decision: 'keep', at: '2026-11-22T08:00:00Z' }], /decisions\[0\]: needs a string id/],
    [
      'two bad entries around a good one (each named, so one edit mends both)',
      [
        { id: 'x', decision: 'kept', at: '2026-11-22T08:00:00Z' },
        { id: 'y', decision: 'keep', at: '2026-11-22T08:00:00Z' },
        { id: 'z', decision: 'keep' },
      ],
      /: decisions\[0\]: decision must be one of keep, discard, quoted; decisions\[2\]: at must be an ISO date-time; no decision was recorded/,
    ],
    [
      'twelve bad entries (ten named, the last two counted)',
      Array.from({ length: 12 }, (_, i) => ({ id: `x${i}`, decision: 'kept', at: '2026-11-22T08:00:00Z' })),
      /decisions\[9\]: decision must be one of keep, discard, quoted; and 2 more; no decision was recorded/,
    ],
  ])('rejects a file with %s, records nothing, exits 2', async (_name, decisions, message) => {
    writeFileSync(state, '');
    const store = new StoreDouble();
    const stderr = sink();
    expect(await runReviewCommand({ out, state, decisions: decisionsFile(decisions), stdout: sink(), stderr, openStore: store.open })).toBe(
      2,
    );
    expect(stderr.text()).toMatch(message);
    expect(store.opened).toEqual([]);
  });

  it('exits 2 when the state file does not exist (no empty store is created)', async () => {
    const stderr = sink();
    const file = decisionsFile([{ id: 'x', decision: 'keep', at: '2026-11-22T08:00:00Z' }]);
    expect(await runReviewCommand({ out, state, decisions: file, stdout: sink(), stderr })).toBe(2);
    expect(stderr.text()).toContain('state file not found');
    expect(existsSync(state)).toBe(false);
  });

  it('reaches the real store: unknown ids are skipped, nothing is decided', async () => {
    const real = await openDecisionStore(state, { readonly: false });
    real.close();
    const stdout = sink();
    const file = decisionsFile([{ id: 'not-in-store', decision: 'keep', at: '2026-11-22T08:00:00Z' }]);
    expect(await runReviewCommand({ out, state, decisions: file, stdout, stderr: sink() })).toBe(0);
    expect(stdout.text()).toContain('recorded 0 decision(s)');
    const reread = await openDecisionStore(state, { readonly: true });
    expect([...(await reread.decisions()).keys()]).toEqual([]);
    reread.close();
  });
});

describe('runExportCommand', () => {
  const NOW = new Date('2026-11-22T06:00:00Z');

  it('writes md to stdout without opening a store that does not exist', async () => {
    const stdout = sink();
    const store = new StoreDouble();
    expect(await runExportCommand({ format: 'md', out, state, stdout, openStore: store.open })).toBe(0);
    expect(stdout.text().split('\n')[0]).toBe('# Flagged items, 22 Nov 2026 06:00 UTC');
    expect(store.opened).toEqual([]);
  });

  it('-o - is stdout, no file named "-"', async () => {
    const stdout = sink();
    expect(await runExportCommand({ format: 'md', out, state, o: '-', stdout })).toBe(0);
    expect(stdout.text().split('\n')[0]).toBe('# Flagged items, 22 Nov 2026 06:00 UTC');
    expect(existsSync('-')).toBe(false);
  });

  it("limits to kept items with the store's decisions, read-only, into -o", async () => {
    writeFileSync(state, '');
    const store = new StoreDouble(
      new Map([
        ['gt-1330001', { decision: 'keep' }],
        ['mid-en-1990200', { decision: 'discard' }],
      ]),
    );
    const file = join(out, 'kept.json');
    expect(await runExportCommand({ format: 'jsonfeed', status: 'kept', out, state, o: file, stdout: sink(), openStore: store.open })).toBe(
      0,
    );
    expect(store.opened).toEqual([{ path: state, readonly: true }]);
    const feed = JSON.parse(readFileSync(file, 'utf8')) as { items: { _wirewatch: { candidateId: string; decision: string } }[] };
    expect(feed.items.map((i) => [i._wirewatch.candidateId, i._wirewatch.decision])).toEqual([['gt-1330001', 'keep']]);
  });

  it.each([
    [
      '24h',
      [],
      /^wirewatch: the export is empty: candidates.json holds 8 items, none since 21 Nov 2026 06:00 UTC \(the newest is dated 20 Nov 2026 10:00 UTC; crawl again, or widen --since\)\n$/,
    ],
    ['3d', ['gt-1330001', 'mid-en-1990200'], /^$/],
    [
      '2026-11-18',
      ['gt-1330001', 'mid-en-1990200', 'mid-ru-1990101', 'people-en-30001', 'people-zh-40001', 'tass-en-1901001', 'tass-ru-22001'],
      /^$/,
    ],
  ])('--since %s', async (since, ids, note) => {
    const stdout = sink();
    const stderr = sink();
    expect(await runExportCommand({ format: 'csv', since, now: NOW, out, state, stdout, stderr })).toBe(0);
    expect(stderr.text()).toMatch(note);
    const got = stdout
      .text()
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[0]);
    expect([...new Set(got)].sort()).toEqual(ids);
  });

  it.each([
    [{ status: 'kept' }, 'candidates.json holds 8 items, none kept or quoted in review (--status kept)'],
    [
      { status: 'kept', since: '3d' },
      'candidates.json holds 8 items, 2 since 19 Nov 2026 06:00 UTC, none kept or quoted in review (--status kept)',
    ],
    [{ status: 'quoted, discarded' }, 'candidates.json holds 8 items, none quoted or discarded in review (--status quoted,discarded)'],
  ])('an empty export says why on stderr, and is still written: %j', async (flags, why) => {
    const stdout = sink();
    const stderr = sink();
    expect(await runExportCommand({ format: 'md', now: NOW, out, state, stdout, stderr, ...flags })).toBe(0);
    expect([stdout.text(), stderr.text()]).toEqual([
      '# Flagged items, 22 Nov 2026 06:00 UTC\n',
      `wirewatch: the export is empty: ${why}\n`,
    ]);
  });

  it('an export of a crawl that flagged nothing says so', async () => {
    writeFileSync(join(out, 'candidates.json'), JSON.stringify({ schemaVersion: 1, generatedAt: NOW.toISOString(), items: [] }));
    const stderr = sink();
    expect(await runExportCommand({ format: 'atom', out, state, stdout: sink(), stderr })).toBe(0);
    expect(stderr.text()).toBe('wirewatch: the export is empty: candidates.json holds no flagged items\n');
  });

  it.each([
    [{ since: 'last week' }, /--since takes 2w, 7d, 24h, 30m or an ISO date/],
    [{ status: 'new' }, /--status "new" is none of kept, quoted, undecided, discarded \(comma-separated\)$/],
    [{ status: 'keep' }, /--status "keep" is none of .*; did you mean "kept"\?$/],
    [{ status: 'kept,none' }, /--status "none" is none of .*; did you mean "undecided"\?$/],
    [{ status: 'quotd' }, /; did you mean "quoted"\?$/],
    [{ status: 'kept,' }, /--status "" is none of/],
    [{ groupBy: 'day' as 'outlet' }, /--group-by must be one of outlet, rule, story/],
  ])('usage error for %j', async (flags, message) => {
    await expect(runExportCommand({ format: 'md', out, state, stdout: sink(), ...flags })).rejects.toThrow(UsageError);
    await expect(runExportCommand({ format: 'md', out, state, stdout: sink(), ...flags })).rejects.toThrow(message);
  });

  it('exits 2 without candidates.json', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wirewatch-empty-'));
    const stderr = sink();
    expect(await runExportCommand({ format: 'atom', out: empty, state, stdout: sink(), stderr })).toBe(2);
    expect(stderr.text()).toContain('candidates file not found');
  });
});
