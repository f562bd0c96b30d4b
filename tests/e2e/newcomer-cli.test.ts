// Seeing what wirewatch does, through the real binary: help per command with every option and its default,
// --version, exit codes 130/143 in the help, -v adding per-item lines, an offline start saying it retries, the
// example User-Agent warned about before live requests, and `sources list` / `status` showing each source.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from './helpers.js';
import { bin, ensureBuilt } from './bin.js';
import { OPTION_HELP } from '../../src/cli-help.js';

beforeAll(() => ensureBuilt(), 180_000);

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const COMMANDS = ['crawl', 'schedule', 'demo', 'extract', 'feed', 'match', 'watchlist', 'review', 'export', 'sources', 'status', 'record'];

describe('help and version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version', async (flag) => {
    const r = await bin([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wirewatch ${pkg.version}\n`);
  });

  it.each([[['help', 'crawl']], [['crawl', '--help']], [['crawl', '-h']]])(
    '%j: options with their arguments and defaults, and the exit codes',
    async (args) => {
      const r = await bin(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: wirewatch crawl /);
      expect(r.stdout).toMatch(/--out DIR +where candidates\.json.* \(default: out\)/);
      expect(r.stdout).toMatch(/-n, --dry-run +fetch, extract and match/);
      expect(r.stdout).toMatch(/--deadline-ms N/);
      expect(r.stdout).toMatch(/130 \/ 143 stopped by SIGINT \/ SIGTERM/);
    },
  );

  it('the overview names every command, help COMMAND, and the exit codes', async () => {
    const r = await bin(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c}`);
    expect(r.stdout).toContain('wirewatch help COMMAND');
    expect(r.stdout).toMatch(/130 \/ 143/);
  });

  it('help for something that is not a command is a usage error', async () => {
    const r = await bin(['help', 'crawlz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no help for "crawlz": not a command; did you mean "crawl"\?/);
  });

  it.each(COMMANDS)('every option of %s has a help line', async (c) => {
    const r = await bin(['help', c]);
    expect(r.code).toBe(0);
    const flags = [...r.stdout.matchAll(/^ {2}(?:-\w, )?--?([\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== 'help');
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(OPTION_HELP[f as string], `${c} --${f}`).toBeDefined();
  });
});

describe('what a run says', () => {
  it('-v adds one debug line per item; the default has none', async () => {
    const run = (extra: string[]) =>
      bin(['crawl', '--replay', FIXTURES, '--now', FIXTURES_NOW, '--out', join(scratch('ww-v-'), 'out'), ...extra], {
        env: { LOG_FORMAT: 'json' },
      });
    const [plain, verbose] = [await run([]), await run(['-v'])];
    const items = (s: string) => s.split('\n').filter((l) => l.includes('"msg":"item"')).length;
    expect(items(plain.stderr)).toBe(0);
    expect(items(verbose.stderr)).toBe(33);
  }, 60_000);

  it('offline: says once per host that it is retrying, and warns about the example User-Agent first', async () => {
    const port = await new Promise<number>((ok) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const dir = scratch('ww-offline-');
    writeFileSync(
      join(dir, 'sources.json'),
      JSON.stringify({
        userAgent: 'wirewatch/0.1 (+https://example.org/wirewatch/contact)',
        defaults: { minDelayMs: 0, timeoutMs: 2000 },
        sources: [
          {
            id: 'gone',
            name: 'Gone',
            lang: 'en',
            timeZone: 'UTC',
            adapter: 'generic',
            allowPrivateNetwork: true,
            feeds: [`http://127.0.0.1:${port}/a.xml`, `http://127.0.0.1:${port}/b.xml`],
          },
        ],
      }),
    );
    const r = await bin(['crawl', '--sources', join(dir, 'sources.json'), '--out', join(dir, 'out')], {
      env: { LOG_FORMAT: 'json' },
      timeoutMs: 90_000,
    });
    expect(r.code).toBe(3);
    const lines = r.stderr.split('\n');
    const ua = lines.findIndex((l) => /warning: the User-Agent in .* still names the example contact/.test(l));
    const retrying = lines.filter((l) => /127\.0\.0\.1 does not answer \(network_error\); retrying up to \d+ times/.test(l));
    expect(ua).toBeGreaterThanOrEqual(0);
    expect(retrying).toHaveLength(1);
    expect(ua).toBeLessThan(lines.indexOf(retrying[0] as string));
  }, 90_000);

  it('a replay does not warn about the User-Agent (no site sees it)', async () => {
    const r = await bin(['crawl', '--replay', FIXTURES, '--out', join(scratch('ww-ua-'), 'out'), '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/User-Agent/);
  }, 60_000);
});

describe('sources list and status', () => {
  it('before any run: every configured source, never run', async () => {
    const out = join(scratch('ww-list-'), 'out');
    const r = await bin(['sources', 'list', '--out', out]);
    expect(r.code).toBe(0);
    const [table = '', under] = r.stdout.trim().split('\n\n');
    expect(under).toBe(`last run: none reported in ${join(out, 'runs')}`);
    const rows = table.split('\n');
    expect(rows[0]).toMatch(/^source +outlet +lang +channels +last status +last answered +last new item +fails +health$/);
    expect(rows.slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual([
      'tass-en',
      'tass-ru',
      'mid-en',
      'mid-ru',
      'people-en',
      'people-zh',
      'globaltimes',
    ]);
    expect(rows.slice(1).every((l) => l.includes('never run'))).toBe(true);
  });

  /** A run report as a crawl writes it, cut to the fields status reads. */
  const REPORT = {
    startedAt: '2026-11-22T06:00:00.000Z',
    exitCode: 3,
    counts: { itemsSeen: 5, new: 2, flagged: 1, failed: 1 },
    sources: [{ id: 'tass-en', status: 'failed', health: ['feed failing'] }],
  };

  it.each([
    ['a newer report cut short', '{"startedAt": "2026-11-22T06:30', /: not JSON \(.+\)/],
    ['a newer file that is no report', '[]', /: not a run report \(no startedAt and sources\)/],
  ])('%s: said on stderr, and the report before it shown', async (_case, newer, why) => {
    const out = join(scratch('ww-status-runs-'), 'out');
    mkdirSync(join(out, 'runs'), { recursive: true });
    const older = join(out, 'runs', '2026-11-22T06-00-00-000Z-aaaa.json');
    const bad = join(out, 'runs', '2026-11-22T06-30-00-000Z-bbbb.json');
    writeFileSync(older, JSON.stringify(REPORT));
    writeFileSync(bad, newer);
    const r = await bin(['status', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^wirewatch: warning: ${bad}${why.source}; the last run shown is the newest that reads\\n$`));
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      `last run: 2026-11-22 06:00Z, exit 3 (5 items seen, 2 new, 1 flagged, 1 failed): ${older}`,
    );
    expect(r.stdout).toMatch(/^tass-en .* failed .* feed failing$/m);
  });

  it('no file in runs/ reads as a report: none shown, and each file said', async () => {
    const out = join(scratch('ww-status-runs-'), 'out');
    mkdirSync(join(out, 'runs'), { recursive: true });
    writeFileSync(join(out, 'runs', 'x.json'), '{}');
    const r = await bin(['status', '--out', out, '--json']);
    expect(r.stderr).toBe(
      `wirewatch: warning: ${join(out, 'runs', 'x.json')}: not a run report (no startedAt and sources); no run is shown\n`,
    );
    expect((JSON.parse(r.stdout) as { health: string[] }[]).every((row) => row.health.length === 0)).toBe(true);
  });

  it('after a crawl: last status, when each source last answered and brought something new, health', async () => {
    const out = join(scratch('ww-status-'), 'out');
    expect((await bin(['crawl', '--replay', FIXTURES, '--out', out, '-q'])).code).toBe(0);
    const r = await bin(['status', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      id: string;
      outlet: string;
      lastStatus: string;
      lastOkAt: string;
      lastNewItemAt: string;
      failuresInARow: number;
      health: string[];
    }[];
    expect(rows).toHaveLength(7);
    for (const row of rows) {
      expect(row.lastStatus).toBe('ok');
      expect(row.lastOkAt).toBe(new Date(FIXTURES_NOW).toISOString());
      expect(row.lastNewItemAt).toBeTruthy();
      expect(row.failuresInARow).toBe(0);
    }
    expect(rows.find((x) => x.id === 'tass-ru')?.outlet).toBe('TASS');
    const table = await bin(['status', '--out', out]);
    const report = readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json'));
    expect(report).toHaveLength(1);
    expect(table.stdout.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^last run: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ, exit 0 \\(33 items seen, 33 new, 33 flagged, 0 failed\\): ${join(out, 'runs', report[0] as string)}$`,
      ),
    );
  }, 60_000);
});
