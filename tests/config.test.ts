// sources.json validation: every problem is reported with its file and JSON path, all at once.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateSources } from '../src/config.js';

const base = () => JSON.parse(readFileSync(new URL('../sources.json', import.meta.url), 'utf8'));
const mutate = (f: (c: any) => void) => { const c = base(); f(c); return c; };

describe('validateSources', () => {
  it('accepts the shipped sources.json: seven feeds of four outlets', () => {
    const r = validateSources(base(), 'sources.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sources.map((s) => `${s.id}:${s.outlet}`)).toEqual([
      'tass-en:TASS', 'tass-ru:TASS', 'mid-en:Russian MFA', 'mid-ru:Russian MFA', "people-en:People's Daily", "people-zh:People's Daily", 'globaltimes:Global Times',
    ]);
    expect(r.value.sources.find((s) => s.id === 'people-zh')?.minDelayMs).toBe(12000);
    expect(r.value.sources.find((s) => s.id === 'tass-en')?.minDelayMs).toBe(1500);
  });

  it.each([
    ['not an object', () => [], '$'],
    ['empty user agent', (c: any) => { c.userAgent = ''; }, '$.userAgent'],
    ['unknown top-level key', (c: any) => { c.watchlist = []; }, '$.watchlist'],
    ['no sources', (c: any) => { c.sources = []; }, '$.sources'],
    ['duplicate id', (c: any) => { c.sources[1].id = 'tass-en'; }, '$.sources[1].id'],
    ['bad lang', (c: any) => { c.sources[0].lang = 'de'; }, '$.sources[0].lang'],
    ['invalid zone', (c: any) => { c.sources[2].timeZone = 'Asia/Beijing'; }, '$.sources[2].timeZone'],
    ['unknown adapter', (c: any) => { c.sources[3].adapter = 'xinhua'; }, '$.sources[3].adapter'],
    ['feed is not http(s)', (c: any) => { c.sources[0].feeds[0] = 'file:///etc/passwd'; }, '$.sources[0].feeds[0]'],
    ['feed is not a URL', (c: any) => { c.sources[0].feeds[0] = 'tass.com/rss'; }, '$.sources[0].feeds[0]'],
    ['private feed without allowPrivateNetwork', (c: any) => { c.sources[0].feeds[0] = 'http://127.0.0.1:8080/feed.xml'; }, '$.sources[0].feeds[0]'],
    ['feeds missing', (c: any) => { delete c.sources[4].feeds; }, '$.sources[4].feeds'],
    ['negative delay', (c: any) => { c.defaults.minDelayMs = -1; }, '$.defaults.minDelayMs'],
    ['source setting of the wrong type', (c: any) => { c.sources[0].timeoutMs = '30s'; }, '$.sources[0].timeoutMs'],
    ['unknown encoding', (c: any) => { c.sources[4].encoding = 'gb-9999'; }, '$.sources[4].encoding'],
    ['unknown source key', (c: any) => { c.sources[5].feed = 'x'; }, '$.sources[5].feed'],
    ['outlet of the wrong type', (c: any) => { c.sources[2].outlet = 7; }, '$.sources[2].outlet'],
    ['empty outlet', (c: any) => { c.sources[3].outlet = ' '; }, '$.sources[3].outlet'],
  ])('%s → issue at %s', (_name, change, path) => {
    const input = typeof change === 'function' && change.length === 0 ? (change as () => unknown)() : mutate(change as (c: any) => void);
    const r = validateSources(input, 'sources.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toContain(path);
    expect(r.issues.every((i) => i.file === 'sources.json')).toBe(true);
  });

  it('reports every problem at once, not just the first', () => {
    const r = validateSources(mutate((c) => { c.userAgent = ''; c.sources[0].lang = 'xx'; c.sources[6].feeds = ['ftp://mid.ru/']; }), 'sources.json');
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['$.userAgent', '$.sources[0].lang', '$.sources[6].feeds[0]']);
  });

  it('takes a missing outlet to be the source name', () => {
    const r = validateSources(mutate((c) => { delete c.sources[0].outlet; c.sources[0].name = 'TASS English'; }), 'sources.json');
    expect(r.ok && r.value.sources[0]?.outlet).toBe('TASS English');
  });

  it('allows a loopback feed when the source opts in', () => {
    const r = validateSources(mutate((c) => { c.sources[0].feeds = ['http://127.0.0.1:8080/feed.xml']; c.sources[0].allowPrivateNetwork = true; }), 'sources.json');
    expect(r.ok).toBe(true);
  });
});
