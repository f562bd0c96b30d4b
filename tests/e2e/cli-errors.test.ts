// Bad input at the edge: exit 2 with a message naming the file and the field, nothing fetched, nothing
// written; a held lock: exit 75, nothing written; usage errors: exit 2 with the usage line.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from './helpers.js';
import { acquireRunLock } from '../../src/state/lock.js';

const sourcesText = readFileSync(join(ROOT, 'sources.json'), 'utf8');
const watchText = readFileSync(join(ROOT, 'watchlist.json'), 'utf8');

function setup(sources: string, watchlist: string): { dir: string; args: string[] } {
  const dir = scratch('ww-cli-');
  writeFileSync(join(dir, 'sources.json'), sources);
  writeFileSync(join(dir, 'watchlist.json'), watchlist);
  return {
    dir,
    args: ['crawl', '--sources', join(dir, 'sources.json'), '--watchlist', join(dir, 'watchlist.json'), '--out', join(dir, 'out')],
  };
}

const badSources = (f: (c: any) => void) => {
  const c = JSON.parse(sourcesText);
  f(c);
  return JSON.stringify(c);
};
const badWatch = (f: (c: any) => void) => {
  const c = JSON.parse(watchText);
  f(c);
  return JSON.stringify(c);
};

describe('config errors exit 2 and name the field; nothing is written', () => {
  it.each([
    ['sources.json is not JSON', '{ "sources": [', watchText, /sources\.json: \$: invalid JSON/],
    [
      'a channel URL with another scheme',
      badSources((c) => {
        c.sources[2].channels[0].url = 'ftp://globaltimes.cn/rss';
      }),
      watchText,
      /sources\.json: \$\.sources\[2\]\.channels\[0\]\.url: only http and https/,
    ],
    [
      'an unknown time zone',
      badSources((c) => {
        c.sources[3].timeZone = 'Asia/Beijing';
      }),
      watchText,
      /\$\.sources\[3\]\.timeZone/,
    ],
    ['watchlist.json is not JSON', sourcesText, '[', /watchlist\.json: \$: invalid JSON/],
    [
      'a rule without a query',
      sourcesText,
      badWatch((c) => {
        delete c.rules[0].query;
      }),
      /watchlist\.json: \$\.rules\[0\]\.query/,
    ],
    [
      'a query that does not parse',
      sourcesText,
      badWatch((c) => {
        c.rules[1].query = 'Lavrov AND (Wang';
      }),
      /watchlist\.json: .*rules\[1\]/,
    ],
    [
      'an unknown alias',
      sourcesText,
      badWatch((c) => {
        c.rules[0].query = '@nowhere';
      }),
      /nowhere/,
    ],
  ])('%s', async (_name, sources, watchlist, message) => {
    const { dir, args } = setup(sources, watchlist);
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('usage errors', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"\n/],
    [['crawll'], /unknown command "crawll"; did you mean "crawl"\?/],
    [['crawl', '--bogus'], /unknown option --bogus for "crawl"\n/],
    [['export', '--fromat', 'md'], /unknown option --fromat for "export"; did you mean "--format"\?/],
    [['export', '--format', 'pdf'], /--format must be one of/],
    [['watchlist', 'run'], /did you mean "watchlist test"/],
    [[], /Usage: wirewatch <command>/],
  ])('%j → exit 2', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help prints usage on stdout and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/crawl/);
  });
});

describe('the run lock', () => {
  it('a second run exits 75 and writes nothing while another holds the lock', async () => {
    const { dir, args } = setup(sourcesText, watchText);
    const out = join(dir, 'out');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    const lock = await acquireRunLock(join(out, 'state.db'));
    expect(lock).not.toBe('held');
    try {
      const started = Date.now();
      const r = await cli(args);
      expect(r.code).toBe(75);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(existsSync(join(out, 'candidates.json'))).toBe(false);
    } finally {
      if (lock !== 'held') await lock.release();
    }
  });
});

describe('offline', () => {
  it('unreachable sources: exit 3, one line per source, and a pointer to the demo', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((ok) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const dir = scratch('ww-offline-');
    const sources = {
      userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
      defaults: { minDelayMs: 0, timeoutMs: 2000 },
      sources: [
        {
          id: 'gone-en',
          name: 'Gone',
          lang: 'en',
          timeZone: 'UTC',
          adapter: 'generic',
          allowPrivateNetwork: true,
          feeds: [`http://127.0.0.1:${port}/a.xml`, `http://127.0.0.1:${port}/b.xml`],
        },
        {
          id: 'gone-ru',
          name: 'Gone RU',
          lang: 'ru',
          timeZone: 'Europe/Moscow',
          adapter: 'generic',
          allowPrivateNetwork: true,
          feeds: [`http://127.0.0.1:${port}/c.xml`],
        },
      ],
    };
    writeFileSync(join(dir, 'sources.json'), JSON.stringify(sources));
    const r = await cli([
      'crawl',
      '--sources',
      join(dir, 'sources.json'),
      '--watchlist',
      join(ROOT, 'watchlist.json'),
      '--out',
      join(dir, 'out'),
      '-q',
    ]);
    expect(r.code).toBe(3);
    const lines = r.stderr.split('\n').filter((l) => /^ {2}gone-/.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/gone-en: error .*a\.xml \(network_error.*; error .*b\.xml \(network_error/);
    expect(r.stderr).toMatch(/npm run demo/);
  }, 60_000);
});
