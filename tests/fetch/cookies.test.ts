// The jar of cookies a browser earned on a walled host: which plain requests get them, and for how long.
import { describe, expect, it } from 'vitest';
import { COOKIE_DEFAULTS, CookieJar, type EarnedCookie } from '../../src/fetch/cookies.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const c = (name: string, o: Partial<EarnedCookie> = {}): EarnedCookie => ({
  name,
  value: 'v',
  domain: 'mid.ru',
  path: '/',
  expires: -1,
  secure: false,
  httpOnly: true,
  ...o,
});
const jar = new CookieJar([
  {
    host: 'mid.ru',
    earnedAtMs: NOW - 60_000,
    cookies: [
      c('host'),
      c('sub', { domain: '.mid.ru' }),
      c('en', { path: '/en' }),
      c('tls', { secure: true }),
      c('old', { expires: NOW / 1000 - 1 }),
      c('later', { expires: NOW / 1000 + 86_400 }),
    ],
  },
]);

describe('cookie jar', () => {
  it.each([
    ['the host itself, over http', 'http://mid.ru/ru/rss.php', 'host=v; sub=v; later=v'],
    ['over https the Secure one too', 'https://mid.ru/ru/rss.php', 'host=v; sub=v; tls=v; later=v'],
    ['a path cookie only under its path', 'https://mid.ru/en/rss.php', 'en=v; host=v; sub=v; tls=v; later=v'],
    ['not on a path that merely starts alike', 'http://mid.ru/english', 'host=v; sub=v; later=v'],
    ['another host gets nothing', 'https://tass.ru/', undefined],
    ['a subdomain asks the jar under its own host, which holds nothing', 'https://www.mid.ru/', undefined],
  ])('%s', (_name, url, header) => {
    expect(jar.header(new URL(url), NOW)).toBe(header);
  });

  it('session cookies are offered for sessionCookieMaxAgeMs after they were earned, dated ones until they expire', () => {
    const earnedAt = NOW - 60_000;
    const at = (ms: number) => jar.header(new URL('http://mid.ru/'), ms);
    expect(at(earnedAt + COOKIE_DEFAULTS.sessionCookieMaxAgeMs - 1)).toBe('host=v; sub=v; later=v');
    expect(at(earnedAt + COOKIE_DEFAULTS.sessionCookieMaxAgeMs)).toBe('later=v');
    expect(at(NOW + 86_400_000)).toBeUndefined();
  });

  it('a host keeps only cookies that apply to it; a new pass replaces the old set', () => {
    const j = new CookieJar();
    const kept = j.set('MID.RU', [c('a'), c('elsewhere', { domain: 'example.org' }), c('b', { domain: '.mid.ru' })], NOW);
    expect(kept.cookies.map((x) => x.name)).toEqual(['a', 'b']);
    j.set('mid.ru', [c('z')], NOW);
    expect(j.header(new URL('http://mid.ru/'), NOW)).toBe('z=v');
  });
});
