// A newcomer's first crawls through the real binary, from a directory that is not the checkout (as cron runs
// it): documented defaults are found beside the package (or in $WIREWATCH_CONFIG_DIR), a dry run writes nothing
// and previews the exact counts, a replay runs on its own recorded clock, and bad paths are messages with exit 2.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from './helpers.js';
import { bin, ensureBuilt } from './bin.js';

beforeAll(() => ensureBuilt(), 180_000);

const counts = (stderr: string) =>
  /(\d+) items seen, (\d+) new, (\d+) pages fetched, (\d+) flagged, (\d+) failed/.exec(stderr)?.slice(1).map(Number);

/** Every file under `dir` with its size and mtime: a dry run must leave this exactly as it was. */
function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => join(e.parentPath, e.name))
    .map((p) => `${p} ${statSync(p).size} ${statSync(p).mtimeMs}`)
    .sort();
}

describe('from any directory', () => {
  it('crawl finds sources.json and watchlist.json beside the package when run from elsewhere', async () => {
    const cwd = scratch('ww-cwd-');
    const r = await bin(['crawl', '--replay', FIXTURES, '--out', 'out', '-q'], { cwd });
    expect(r.stderr).not.toMatch(/invalid configuration/);
    expect(r.code).toBe(0);
    expect(counts(r.stderr)).toEqual([33, 33, 33, 33, 0]);
    expect(existsSync(join(cwd, 'out', 'candidates.json'))).toBe(true);
  }, 60_000);

  it('$WIREWATCH_CONFIG_DIR replaces the package directory for both files', async () => {
    const cwd = scratch('ww-cfgdir-');
    const cfg = join(cwd, 'etc');
    mkdirSync(cfg);
    const sources = JSON.parse(readFileSync(join(ROOT, 'sources.json'), 'utf8'));
    sources.sources = sources.sources.filter((s: { id: string }) => s.id === 'tass-en');
    writeFileSync(join(cfg, 'sources.json'), JSON.stringify(sources));
    writeFileSync(join(cfg, 'watchlist.json'), readFileSync(join(ROOT, 'watchlist.json')));
    const r = await bin(['crawl', '--replay', FIXTURES, '--out', 'out', '-q', '--json'], { cwd, env: { WIREWATCH_CONFIG_DIR: cfg } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).sources.map((s: { id: string }) => s.id)).toEqual(['tass-en']);
  }, 60_000);

  it.each([
    ['watchlist test', ['watchlist', 'test'], 0, /cases, 0 failing/],
    ['match from stdin', ['match'], 0, /"rule": "lavrov"/],
  ])('%s works from another directory', async (_name, args, code, out) => {
    const r = await bin(args, { cwd: scratch('ww-cwd-'), stdin: 'Sergey Lavrov met Wang Yi in Beijing.' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(out);
  });
});

describe('crawl --dry-run', () => {
  it('previews the exact counts of the crawl that follows, and writes nothing', async () => {
    const dir = scratch('ww-dry-');
    const out = join(dir, 'out');
    const args = ['crawl', '--replay', FIXTURES, '--now', FIXTURES_NOW, '--out', out, '-q'];
    const dry = await bin([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/dry run, nothing written/);
    expect(existsSync(out)).toBe(false);
    const real = await bin(args);
    expect(real.code).toBe(0);
    expect(counts(dry.stderr)).toEqual(counts(real.stderr));
    expect(counts(real.stderr)).toEqual([33, 33, 33, 33, 0]);

    const before = listing(out);
    const again = await bin([...args, '-n']);
    expect(again.code).toBe(0);
    expect(listing(out)).toEqual(before);
    const next = await bin(args);
    expect(counts(again.stderr)).toEqual(counts(next.stderr));
  }, 120_000);
});

describe('the replay clock', () => {
  it('without --now a replay runs at its replay.json time, and says so', async () => {
    const r = await bin(['crawl', '--replay', FIXTURES, '--out', join(scratch('ww-clock-'), 'out'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`replay clock ${new Date(FIXTURES_NOW).toISOString()} from ${join(FIXTURES, 'replay.json')}`);
    expect(counts(r.stderr)?.[3]).toBe(33);
    expect(r.stderr).not.toMatch(/older than the/);
  }, 60_000);

  it('a run whose flagged items are all older than the window says so', async () => {
    const r = await bin([
      'crawl',
      '--replay',
      FIXTURES,
      '--now',
      '2027-06-01T00:00:00Z',
      '--out',
      join(scratch('ww-window-'), 'out'),
      '-q',
    ]);
    // Seen from mid-2027 every channel's newest item is months old: every source is stale, so the run exits 3.
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/tass-en: stale https:\/\/tass\.com\/rss\/v2\.xml/);
    expect(r.stderr).toMatch(/all 33 flagged items are older than the 30-day window .* give --now the time they were recorded/);
  }, 60_000);
});

describe('bad paths and values are messages with exit 2, nothing written', () => {
  it.each([
    ['a replay folder that does not exist', ['crawl', '--replay', '/nonexistent'], /--replay \/nonexistent: no such directory/],
    ['a replay path that is a file', ['crawl', '--replay', join(FIXTURES, 'replay.json')], /not a directory/],
    ['--deadline-ms that is no number', ['crawl', '--deadline-ms', 'abc'], /--deadline-ms must be a whole number/],
    ['--deadline-ms of zero', ['crawl', '--deadline-ms', '0'], /--deadline-ms must be a whole number/],
    [
      '--deadline-ms past a day (a timer that long fired at once)',
      ['crawl', '--deadline-ms', '3000000000'],
      /--deadline-ms must be at most 86400000 \(one day\)/,
    ],
    ['--now that is no date', ['crawl', '--now', 'yesterday'], /--now must be an ISO date-time/],
  ])('%s', async (_name, args, message) => {
    const dir = scratch('ww-bad-');
    const r = await bin([...args, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a replay folder with bad recordings names each one', async () => {
    const dir = scratch('ww-bad-replay-');
    const replay = join(dir, 'replay');
    const put = (file: string, meta: string, body = true): void => {
      mkdirSync(join(replay, file, '..'), { recursive: true });
      writeFileSync(join(replay, `${file}.meta.json`), meta);
      if (body) writeFileSync(join(replay, file), '<html></html>');
    };
    const url = (u: string) => JSON.stringify({ url: u, status: 200 });
    put('s/bad.html', '{bad');
    put('s/no-url.html', '{"status": 200}');
    put('s/no-body.html', url('https://x.example/no-body'), false);
    put('s/one.html', url('https://x.example/twice'));
    put('t/two.html', url('https://x.example/twice#again'));
    const r = await bin(['crawl', '--replay', replay, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 5)).toEqual([
      `wirewatch: --replay ${replay}: 4 bad recordings:`,
      expect.stringMatching(/^ {2}\S+s\/bad\.html\.meta\.json: not JSON \(/),
      `  ${join(replay, 's/no-body.html.meta.json')}: its body file no-body.html is missing`,
      `  ${join(replay, 's/no-url.html.meta.json')}: "url" must be an absolute URL`,
      `  ${join(replay, 't/two.html.meta.json')}: https://x.example/twice is recorded twice (also in ${join(replay, 's/one.html.meta.json')})`,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
