// What a newcomer types wrong, or types right and got a wrong answer for, through the real binary: each is a
// message (no stack trace) with the documented exit code, and the exports say what they hold.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from './helpers.js';
import { bin, ensureBuilt } from './bin.js';

beforeAll(() => ensureBuilt(), 180_000);

const sourcesText = readFileSync(join(ROOT, 'sources.json'), 'utf8');
const NO_STACK = /\n\s+at [^\n]+:\d+:\d+/;

function file(name: string, text: string): string {
  const dir = scratch('ww-edge-');
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

/** A loopback port nothing listens on: a connection there is refused at once, no network involved. */
async function closedPort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

describe('usage and config mistakes: exit 2, one clear line, no stack trace', () => {
  const badDefaults = JSON.parse(sourcesText);
  badDefaults.defaults.minDelay = 1500;
  // An old tass-en entry, turned off, kept beside the live one: allowed, until --only turns both on.
  const withOld = JSON.parse(sourcesText);
  withOld.sources.push({ ...withOld.sources[0], id: 'tass-old', enabled: false });
  it.each([
    [
      'sources check --only with a typo',
      () => ['sources', 'check', '--only', 'tass-com'],
      /--only names unknown source ids: tass-com \(known: tass-en/,
    ],
    ['crawl --only with no id in it', () => ['crawl', '--only', ',', '--dry-run'], /--only names no source id, got ","/],
    [
      'crawl --only with a typo (before anything is fetched)',
      () => ['crawl', '--only', 'tass-en,tass-com', '--dry-run'],
      /--only names unknown source ids: tass-com \(known: tass-en/,
    ],
    [
      '--only naming a disabled source and the enabled one that took over its channel',
      () => ['crawl', '--sources', file('sources.json', JSON.stringify(withOld)), '--only', 'tass-old,tass-en', '--dry-run'],
      /--only names tass-en and tass-old, which both read https:\/\/tass\.com\/rss\/v2\.xml: a channel belongs to one source; name one/,
    ],
    [
      'an unknown key in defaults (a crawl says that nothing was fetched)',
      () => ['crawl', '--sources', file('sources.json', JSON.stringify(badDefaults)), '--dry-run'],
      /invalid configuration \(1 problem\); nothing was fetched:\n {2}\S+: \$\.defaults\.minDelay: unknown key; did you mean "minDelayMs"\? \(defaults are minDelayMs/,
    ],
    [
      'sources check on a bad file says that nothing was fetched',
      () => ['sources', 'check', '--sources', file('sources.json', JSON.stringify(badDefaults))],
      /invalid configuration \(1 problem\); nothing was fetched:\n/,
    ],
    [
      'sources list on a bad file fetches nothing, so does not say so',
      () => ['sources', 'list', '--sources', file('sources.json', JSON.stringify(badDefaults))],
      /invalid configuration \(1 problem\):\n {2}\S+: \$\.defaults\.minDelay: unknown key/,
    ],
    [
      'a JSON syntax error, given as line and column',
      () => ['crawl', '--sources', file('sources.json', '{\n  "userAgent": "x",\n  "sources": [,]\n}\n'), '--dry-run'],
      /sources\.json: \$: invalid JSON: line 3, column 15: expected a value/,
    ],
    [
      'a watchlist cut short, at the end of the file (match fetches nothing, so does not say so)',
      () => ['match', '--watchlist', file('watchlist.json', '{ "rules": [')],
      /invalid configuration \(1 problem\):\n {2}\S*watchlist\.json: \$: invalid JSON: line 1, column 13: .* at the end of the file/,
    ],
    [
      'extract --charset with an unknown label',
      () => ['extract', join(FIXTURES, 'tass-en/pages/defense-1902010-joint-exercises.html'), '--charset', 'foo'],
      /--charset "foo" is not a known encoding label/,
    ],
    [
      'extract --source that is neither a source nor an adapter',
      () => ['extract', join(FIXTURES, 'tass-en/pages/defense-1902010-joint-exercises.html'), '--source', 'tass-com'],
      /--source "tass-com" is neither a source id in \S*sources\.json nor an adapter id\n/,
    ],
    [
      'feed --source naming an adapter: the sources that read with it are named',
      () => ['feed', join(FIXTURES, 'mid-en/news-listing.html'), '--source', 'mid'],
      /--source "mid" is not a source id in \S*sources\.json; "mid" is the adapter of mid-en, mid-ru: name one of them\n/,
    ],
    [
      'record --source naming an adapter',
      () => ['record', 'https://tass.com/politics/1', '--source', 'tass'],
      /--source "tass" is not a source id in \S*sources\.json; "tass" is the adapter of tass-en: name one of them\n/,
    ],
    [
      'extract --source with two letters swapped: the likely id is named',
      () => ['extract', join(FIXTURES, 'tass-en/pages/defense-1902010-joint-exercises.html'), '--source', 'tass-ne'],
      /--source "tass-ne" is neither a source id in \S*sources\.json nor an adapter id; did you mean "tass-en"\?/,
    ],
    [
      'record --source with a typo',
      () => ['record', 'https://tass.com/politics/1', '--source', 'globaltime'],
      /--source "globaltime" is not a source id in \S*sources\.json; did you mean "globaltimes"\?/,
    ],
    [
      'feed --source that is no source id',
      () => ['feed', join(FIXTURES, 'tass-en/feed.xml'), '--source', 'tass'],
      /--source "tass" is not a source id in \S*sources\.json/,
    ],
    ['feed of a URL that does not parse', () => ['feed', 'http://[::1/feed.xml'], /the URL is not a valid URL: http:\/\/\[::1\/feed\.xml/],
    ['extract of a URL that does not parse', () => ['extract', 'https://exa mple.org/a'], /the URL is not a valid URL: https:\/\/exa mple/],
    [
      'extract --url that does not parse',
      () => ['extract', join(FIXTURES, 'tass-en/pages/defense-1902010-joint-exercises.html'), '--url', 'tass.com/x'],
      /--url is not a valid URL: tass\.com\/x/,
    ],
    [
      'extract of a recorded page whose meta.json address does not parse',
      () => {
        const page = file('page.html', '<html><body><p>Lavrov</p></body></html>');
        writeFileSync(`${page}.meta.json`, JSON.stringify({ url: 'tass.com/x' }));
        return ['extract', page];
      },
      /the address recorded for \S*page\.html is not a valid URL: tass\.com\/x/,
    ],
    ['extract of a FILE that is not there', () => ['extract', '/nonexistent/page.html'], /cannot read \/nonexistent\/page\.html: ENOENT/],
    ['feed of a FILE that is not there', () => ['feed', '/nonexistent/feed.xml'], /cannot read \/nonexistent\/feed\.xml: ENOENT/],
    ['match of a FILE that is not there', () => ['match', '/nonexistent/article.json'], /cannot read \/nonexistent\/article\.json: ENOENT/],
    [
      'export -o into a directory that does not exist',
      () => ['export', '--format', 'csv', '-o', '/nonexistent/dir/x.csv'],
      /-o \/nonexistent\/dir\/x\.csv: the directory \/nonexistent\/dir does not exist/,
    ],
    [
      'export --feed-url that is no http(s) address',
      () => ['export', '--format', 'atom', '--feed-url', 'feeds/kept.xml'],
      /--feed-url must be the http\(s\) address/,
    ],
  ])('%s', async (_name, args, message) => {
    const r = await bin(args());
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.code).toBe(2);
  });
});

describe('sources turned off', () => {
  const off = (ids: string[]) => {
    const config = JSON.parse(sourcesText);
    for (const s of config.sources) if (ids.includes(s.id)) s.enabled = false;
    return file('sources.json', JSON.stringify(config));
  };
  const crawl = (sources: string, ...more: string[]) =>
    bin(['crawl', '--sources', sources, '--replay', FIXTURES, '--now', FIXTURES_NOW, '--out', join(scratch('ww-off-'), 'out'), ...more]);

  it('--only naming a disabled source reads it, and says so (it was skipped in silence)', async () => {
    const r = await crawl(off(['tass-en']), '--only', 'tass-en');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wirewatch: --only names tass-en, disabled in the sources file: read this time all the same');
    expect(r.stderr).toMatch(/wirewatch: 4 items seen, 4 new/);
  }, 60_000);

  it('every source disabled: a warning, and nothing read', async () => {
    const all = JSON.parse(sourcesText).sources.map((s: { id: string }) => s.id);
    const r = await crawl(off(all));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wirewatch: warning: every source is disabled ("enabled": false); nothing to read');
    expect(r.stderr).toMatch(/wirewatch: 0 items seen/);
  }, 60_000);
});

describe('a replay without a recording of what it is asked for', () => {
  it.each([
    [
      'an empty folder: each channel named, "not recorded", not only the 404 it answered',
      '',
      3,
      /^wirewatch: 2 addresses are not recorded in \S+ \(each answered 404 in this replay\): https:\/\/tass\.com\/rss\/v2\.xml, https:\/\/tass\.com\/sitemap_news0\.xml; `wirewatch record URL` records one$/m,
    ],
    ['the bundled fixtures: nothing said', FIXTURES, 0, /^(?![\s\S]*not recorded)/],
  ])(
    '%s',
    async (_case, dir, code, said) => {
      const replay = dir || scratch('ww-replay-none-');
      const r = await bin([
        'crawl',
        '--replay',
        replay,
        '--now',
        FIXTURES_NOW,
        '--only',
        'tass-en',
        '--out',
        join(scratch('ww-replay-'), 'out'),
        '-q',
      ]);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(said);
    },
    60_000,
  );
});

describe('a watchlist query with a lower-case operator', () => {
  it('is accepted with a warning that gives the corrected query', async () => {
    const wl = file(
      'watchlist.json',
      JSON.stringify({
        rules: [
          { id: 'pair', label: 'Pair', query: 'Lavrov or "Wang Yi"' },
          { id: 'plain', label: 'Plain', query: 'Lavrov' },
        ],
      }),
    );
    const r = await bin(['match', '--watchlist', wl], { stdin: 'Lavrov spoke.' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `wirewatch: warning: ${wl}: $.rules[0].query: rule "pair": "or" at column 8 is searched for as a word (operators are upper case); if you meant the operator, write: Lavrov OR "Wang Yi"`,
    );
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('extract FILE', () => {
  it('a relative fixture path takes its address from .meta.json, so the site adapter reads it', async () => {
    const r = await bin(['extract', 'fixtures/tass-en/pages/defense-1902010-joint-exercises.html'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const page = JSON.parse(r.stdout);
    expect(page.url).toBe('https://tass.com/defense/1902010');
    expect(page.adapter).toMatch(/^tass@/);
    expect(page.confidence).toBe('high');
  });

  it('a plain file without a sidecar is a file: URL of its absolute path', async () => {
    const dir = scratch('ww-plain-');
    writeFileSync(join(dir, 'page.html'), readFileSync(join(FIXTURES, 'tass-en/pages/defense-1902010-joint-exercises.html')));
    const r = await bin(['extract', 'page.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).url).toBe(`file://${join(dir, 'page.html')}`);
  });
});

describe('an unreachable host is a fetch failure (exit 3), not a usage error', () => {
  it.each([
    ['extract URL', (url: string, sources: string) => ['extract', url, '--source', 'gone', '--sources', sources]],
    [
      'record URL',
      (url: string, sources: string) => [
        'record',
        url,
        '--source',
        'gone',
        '--sources',
        sources,
        '--fixtures',
        join(scratch('ww-rec-'), 'fx'),
      ],
    ],
  ])(
    '%s',
    async (_name, args) => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/article/1`;
      const sources = file(
        'sources.json',
        JSON.stringify({
          userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
          defaults: { minDelayMs: 0, timeoutMs: 2000, respectRobots: false },
          sources: [
            {
              id: 'gone',
              name: 'Gone',
              lang: 'en',
              timeZone: 'UTC',
              adapter: 'generic',
              allowPrivateNetwork: true,
              feeds: [`http://127.0.0.1:${port}/feed.xml`],
            },
          ],
        }),
      );
      const r = await bin(args(url, sources), { timeoutMs: 90_000 });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(new RegExp(`${url.replace(/[.]/g, '\\.')}: not fetched.*network_error.*offline`));
      expect(r.stderr).not.toMatch(/Usage:/);
      expect(r.stderr).not.toMatch(NO_STACK);
    },
    90_000,
  );
});

describe('exports of a crawl', () => {
  let out: string;
  beforeAll(async () => {
    out = join(scratch('ww-exp-'), 'out');
    const r = await bin(['crawl', '--replay', FIXTURES, '--now', FIXTURES_NOW, '--out', out, '-q']);
    expect(r.code).toBe(0);
  }, 60_000);

  const atom = async (args: string[]) => {
    const r = await bin(['export', '--format', 'atom', '--out', out, ...args]);
    expect(r.code).toBe(0);
    return r;
  };
  const feedId = (xml: string) => /<feed[^>]*>\s*<id>([^<]+)<\/id>/.exec(xml)?.[1];

  it('Atom: one feed id per filter set, stable across exports', async () => {
    const ids = [
      feedId((await atom([])).stdout),
      feedId((await atom(['--since', '7d'])).stdout),
      feedId((await atom(['--since', '7d', '--status', 'kept'])).stdout),
    ];
    expect(new Set(ids).size).toBe(3);
    expect(feedId((await atom(['--status', 'kept', '--since', '7d'])).stdout)).toBe(ids[2]);
  });

  it('Atom: rel="self" is --feed-url (also the id), else the file written', async () => {
    const served = (await atom(['--feed-url', 'https://news.example.org/wirewatch/kept.xml', '--status', 'kept'])).stdout;
    expect(served).toContain('<link rel="self" type="application/atom+xml" href="https://news.example.org/wirewatch/kept.xml"/>');
    expect(feedId(served)).toBe('https://news.example.org/wirewatch/kept.xml');
    const target = join(scratch('ww-atom-'), 'flagged.xml');
    await atom(['-o', target]);
    expect(readFileSync(target, 'utf8')).toContain(`<link rel="self" type="application/atom+xml" href="file://${target}"/>`);
  });

  it('a reader that went away (| head) ends the export quietly, exit 0', async () => {
    const r = await bin(['export', '--format', 'atom', '--out', out], { stdoutClosed: true });
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('md by outlet: one heading per outlet, both editions under it', async () => {
    const r = await bin(['export', '--format', 'md', '--group-by', 'outlet', '--out', out]);
    expect(r.code).toBe(0);
    const headings = r.stdout.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## Global Times', "## People's Daily", '## Russian MFA', '## TASS']);
    const tass = r.stdout.split('## TASS')[1] ?? '';
    expect(tass).toContain('https://tass.com/');
    expect(tass).toContain('https://tass.ru/');
  });

  it('CSV: newest first, one row per item and rule', async () => {
    const r = await bin(['export', '--format', 'csv', '--out', out]);
    expect(r.code).toBe(0);
    const published = r.stdout
      .split('\r\n')
      .slice(1)
      .map((l) => /,(\d{4}-\d\d-\d\dT[\d:]+Z),/.exec(l)?.[1])
      .filter((x): x is string => !!x);
    expect(published.length).toBeGreaterThan(23);
    expect([...published].sort().reverse()).toEqual(published);
  });

  it('export -o into a missing directory writes nothing anywhere', async () => {
    const dir = scratch('ww-exp-missing-');
    const r = await bin(['export', '--format', 'md', '--out', out, '-o', join(dir, 'no', 'x.md')]);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'no'))).toBe(false);
    mkdirSync(join(dir, 'no'));
  });
});
