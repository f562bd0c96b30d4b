// sources.json validation: every problem is reported with its file and JSON path, all at once.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateSources } from '../src/config.js';

const base = () => JSON.parse(readFileSync(new URL('../sources.json', import.meta.url), 'utf8'));
const mutate = (f: (c: any) => void) => {
  const c = base();
  f(c);
  return c;
};
/** Source i written the older way, with a `feeds` list and no channels. */
const asFeeds = (c: any, i: number, feeds: string[]) => {
  delete c.sources[i].channels;
  c.sources[i].feeds = feeds;
};

describe('validateSources', () => {
  it('accepts the shipped sources.json: seven sources of four outlets, their channels in order', () => {
    const r = validateSources(base(), 'sources.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sources.map((s) => `${s.id}:${s.outlet}`)).toEqual([
      'tass-en:TASS',
      'tass-ru:TASS',
      'mid-en:Russian MFA',
      'mid-ru:Russian MFA',
      "people-en:People's Daily",
      "people-zh:People's Daily",
      'globaltimes:Global Times',
    ]);
    expect(r.value.sources.find((s) => s.id === 'people-zh')?.minDelayMs).toBe(12000);
    expect(r.value.sources.find((s) => s.id === 'tass-en')?.minDelayMs).toBe(1500);
    expect(r.value.sources.find((s) => s.id === 'tass-en')?.channels?.map((c) => c.kind)).toEqual(['rss', 'sitemap']);
    expect(r.value.sources.find((s) => s.id === 'tass-en')?.feeds).toEqual(['https://tass.com/rss/v2.xml']);
    expect(r.value.sources.find((s) => s.id === 'mid-ru')?.staleAfterHours).toBe(168);
    expect(r.value.sources.find((s) => s.id === 'tass-ru')?.staleAfterHours).toBe(96);
  });

  it('reads `feeds` and `listPages` as rss and listing channels, before any `channels`', () => {
    const r = validateSources(
      mutate((c) => {
        asFeeds(c, 0, ['https://tass.com/rss/v2.xml']);
        c.sources[0].listPages = ['https://tass.com/politics'];
        c.sources[0].channels = [{ kind: 'sitemap', url: 'https://tass.com/sitemap_news0.xml' }];
      }),
      'sources.json',
    );
    expect(r.ok ? r.value.sources[0]?.channels : r.issues).toEqual([
      { kind: 'rss', url: 'https://tass.com/rss/v2.xml' },
      { kind: 'listing', url: 'https://tass.com/politics' },
      { kind: 'sitemap', url: 'https://tass.com/sitemap_news0.xml' },
    ]);
  });

  it.each([
    ['not an object', () => [], '$'],
    [
      'empty user agent',
      (c: any) => {
        c.userAgent = '';
      },
      '$.userAgent',
    ],
    [
      'unknown top-level key',
      (c: any) => {
        c.watchlist = [];
      },
      '$.watchlist',
    ],
    [
      'no sources',
      (c: any) => {
        c.sources = [];
      },
      '$.sources',
    ],
    [
      'duplicate id',
      (c: any) => {
        c.sources[1].id = 'tass-en';
      },
      '$.sources[1].id',
    ],
    [
      'bad lang',
      (c: any) => {
        c.sources[0].lang = 'de';
      },
      '$.sources[0].lang',
    ],
    [
      'invalid zone',
      (c: any) => {
        c.sources[2].timeZone = 'Asia/Beijing';
      },
      '$.sources[2].timeZone',
    ],
    [
      'unknown adapter',
      (c: any) => {
        c.sources[3].adapter = 'xinhua';
      },
      '$.sources[3].adapter',
    ],
    ['feed is not http(s)', (c: any) => asFeeds(c, 0, ['file:///etc/passwd']), '$.sources[0].feeds[0]'],
    [
      'channel URL is not http(s)',
      (c: any) => {
        c.sources[0].channels[1].url = 'file:///etc/passwd';
      },
      '$.sources[0].channels[1].url',
    ],
    [
      'unknown channel kind',
      (c: any) => {
        c.sources[0].channels[1].kind = 'json';
      },
      '$.sources[0].channels[1].kind',
    ],
    [
      'unknown channel key',
      (c: any) => {
        c.sources[0].channels[0].every = '30m';
      },
      '$.sources[0].channels[0].every',
    ],
    [
      'channel not an object',
      (c: any) => {
        c.sources[0].channels[0] = 'https://tass.com/rss/v2.xml';
      },
      '$.sources[0].channels[0]',
    ],
    [
      'empty channels',
      (c: any) => {
        c.sources[1].channels = [];
      },
      '$.sources[1].channels',
    ],
    [
      'stale threshold of 0 hours',
      (c: any) => {
        c.sources[5].staleAfterHours = 0;
      },
      '$.sources[5].staleAfterHours',
    ],
    [
      'stale threshold as text',
      (c: any) => {
        c.sources[5].staleAfterHours = '7d';
      },
      '$.sources[5].staleAfterHours',
    ],
    ['feed is not a URL', (c: any) => asFeeds(c, 0, ['tass.com/rss']), '$.sources[0].feeds[0]'],
    ['private feed without allowPrivateNetwork', (c: any) => asFeeds(c, 0, ['http://127.0.0.1:8080/feed.xml']), '$.sources[0].feeds[0]'],
    [
      'private channel without allowPrivateNetwork',
      (c: any) => {
        c.sources[0].channels[0].url = 'http://127.0.0.1:8080/feed.xml';
      },
      '$.sources[0].channels[0].url',
    ],
    [
      'neither channels nor feeds',
      (c: any) => {
        delete c.sources[4].channels;
      },
      '$.sources[4].feeds',
    ],
    [
      'negative delay',
      (c: any) => {
        c.defaults.minDelayMs = -1;
      },
      '$.defaults.minDelayMs',
    ],
    [
      'source setting of the wrong type',
      (c: any) => {
        c.sources[0].timeoutMs = '30s';
      },
      '$.sources[0].timeoutMs',
    ],
    [
      'unknown encoding',
      (c: any) => {
        c.sources[4].encoding = 'gb-9999';
      },
      '$.sources[4].encoding',
    ],
    [
      'unknown source key',
      (c: any) => {
        c.sources[5].feed = 'x';
      },
      '$.sources[5].feed',
    ],
    [
      'outlet of the wrong type',
      (c: any) => {
        c.sources[2].outlet = 7;
      },
      '$.sources[2].outlet',
    ],
    [
      'empty outlet',
      (c: any) => {
        c.sources[3].outlet = ' ';
      },
      '$.sources[3].outlet',
    ],
  ])('%s → issue at %s', (_name, change, path) => {
    const input = typeof change === 'function' && change.length === 0 ? (change as () => unknown)() : mutate(change as (c: any) => void);
    const r = validateSources(input, 'sources.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toContain(path);
    expect(r.issues.every((i) => i.file === 'sources.json')).toBe(true);
  });

  it('reports every problem at once, not just the first', () => {
    const r = validateSources(
      mutate((c) => {
        c.userAgent = '';
        c.sources[0].lang = 'xx';
        asFeeds(c, 6, ['ftp://mid.ru/']);
      }),
      'sources.json',
    );
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['$.userAgent', '$.sources[0].lang', '$.sources[6].feeds[0]']);
  });

  it('a duplicate id beside other problems of either source, and channels each wrong, are each said once', () => {
    const r = validateSources(
      mutate((c) => {
        c.sources[0].lang = 'xx';
        c.sources[1].id = 'tass-en';
        c.sources[1].timeZone = 'Moscow';
        c.sources[2].channels = [{ kind: 'json', url: 'https://mid.ru/en/news.json' }];
      }),
      'sources.json',
    );
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      '$.sources[0].lang: must be one of en, ru, zh',
      expect.stringMatching(/^\$\.sources\[1\]\.timeZone: /),
      '$.sources[1].id: duplicate id "tass-en"',
      '$.sources[2].channels[0].kind: must be one of rss, atom, sitemap, listing',
    ]);
  });

  it('a mistyped key or zone is named with the likely one', () => {
    const r = validateSources(
      mutate((c) => {
        c.userAgnet = c.userAgent;
        c.sources[0].timezone = c.sources[0].timeZone;
        delete c.sources[0].timeZone;
        c.sources[1].timeZone = 'Europe/Moskow';
        c.sources[2].timeZone = 'Mars/Olympus';
        c.sources[3].channels = [{ kind: 'rss', ulr: 'https://mid.ru/en/rss' }];
      }),
      'sources.json',
    );
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      '$.userAgnet: unknown key; did you mean "userAgent"?',
      '$.sources[0].timezone: unknown key; did you mean "timeZone"?',
      '$.sources[0].timeZone: must be a non-empty string',
      '$.sources[1].timeZone: unknown IANA time zone "Europe/Moskow"; did you mean "Europe/Moscow"?',
      '$.sources[2].timeZone: unknown IANA time zone "Mars/Olympus" (Beijing is Asia/Shanghai, Moscow Europe/Moscow)',
      '$.sources[3].channels[0].ulr: unknown key; did you mean "url"?',
      '$.sources[3].channels[0].url: must be a non-empty URL string',
    ]);
  });

  it('a channel listed twice, in one source or two, is named at each repeat', () => {
    const r = validateSources(
      mutate((c) => {
        c.sources[0].channels.push({ kind: 'rss', url: 'https://TASS.com/rss/v2.xml' });
        c.sources[1].channels = [{ kind: 'rss', url: 'https://tass.com/rss/v2.xml' }];
      }),
      'sources.json',
    );
    const again = 'https://tass.com/rss/v2.xml is listed already at $.sources[0].channels[0].url: a channel belongs to one source';
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      `$.sources[0].channels[2].url: ${again} (its adapter, language and zone)`,
      `$.sources[1].channels[0].url: ${again} (its adapter, language and zone)`,
    ]);
  });

  it('a source turned off may keep a channel another source reads (an old entry beside its replacement)', () => {
    const r = validateSources(
      mutate((c) => {
        c.sources[1].channels = [{ kind: 'rss', url: 'https://tass.com/rss/v2.xml' }];
        c.sources[1].enabled = false;
      }),
      'sources.json',
    );
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([]);
  });

  it('takes a missing outlet to be the source name', () => {
    const r = validateSources(
      mutate((c) => {
        delete c.sources[0].outlet;
        c.sources[0].name = 'TASS English';
      }),
      'sources.json',
    );
    expect(r.ok && r.value.sources[0]?.outlet).toBe('TASS English');
  });

  it('allows a loopback feed when the source opts in', () => {
    const r = validateSources(
      mutate((c) => {
        asFeeds(c, 0, ['http://127.0.0.1:8080/feed.xml']);
        c.sources[0].allowPrivateNetwork = true;
      }),
      'sources.json',
    );
    expect(r.ok).toBe(true);
  });
});

describe('the README source table matches sources.json', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = readme.split('\n').filter((l) => /^\| (tass|globaltimes|people|mid)/.test(l));
  const r = validateSources(base(), 'sources.json');
  const sources = r.ok ? r.value.sources : [];
  it.each(sources.map((s) => [s.id, s] as const))('%s: its row names every channel as kind: URL, and no other', (id, s) => {
    const row =
      rows.find((l) =>
        l
          .split('|')[1]
          ?.split(',')
          .map((x) => x.trim())
          .includes(id),
      ) ?? '';
    const cell = row.split('|')[2] ?? '';
    for (const c of s.channels ?? []) {
      expect(cell, `${id} ${c.url}`).toContain(c.url);
      expect(cell, `${id} ${c.kind}`).toContain(`${c.kind}: `);
    }
    const named = [...cell.matchAll(/https?:\/\/[^\s,;)]+/g)].map((m) => m[0]);
    const rowIds =
      row
        .split('|')[1]
        ?.split(',')
        .map((x) => x.trim()) ?? [];
    const all = new Set(sources.filter((x) => rowIds.includes(x.id)).flatMap((x) => (x.channels ?? []).map((c) => c.url)));
    for (const u of named) expect(all, `${id}: the README names ${u}, sources.json does not`).toContain(u);
  });
});
