// Cookies a browser earned on a walled host, reused by the plain fetch for that host for the rest of the run and
// kept with the host's state for the next run. Only hosts a browser passed have cookies here: the plain fetch
// never keeps cookies of its own, so an ordinary site never sees a cookie from us. Matching follows RFC 6265
// §5.4 as far as a crawler needs it: domain (exact or, for a domain cookie, a suffix on a label boundary), path
// prefix, Secure only over https, expired cookies dropped. Session cookies (no expiry) are kept for
// `sessionCookieMaxAgeMs` after they were earned, since a wall's session cookie is what lets the next run in.
import type { EarnedCookie, HostCookies } from '../types.js';
import { normalizeHost } from './policy.js';

export const COOKIE_DEFAULTS = {
  /** How long a session cookie (no Expires) earned by the browser is offered again, across runs. */
  sessionCookieMaxAgeMs: 12 * 3600_000,
  /** Cookies kept per host (a wall sets a handful; a page full of trackers is not kept whole). */
  maxPerHost: 50,
};

export type { EarnedCookie, HostCookies } from '../types.js';

function domainMatches(host: string, domain: string): boolean {
  const d = domain.replace(/^\./, '');
  return host === d || (domain.startsWith('.') && host.endsWith(`.${d}`));
}

function pathMatches(path: string, cookiePath: string): boolean {
  if (path === cookiePath || cookiePath === '/') return true;
  return path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] === '/');
}

export class CookieJar {
  private readonly byHost = new Map<string, HostCookies>();

  constructor(
    initial: HostCookies[] = [],
    private readonly limits = COOKIE_DEFAULTS,
  ) {
    for (const h of initial) this.byHost.set(normalizeHost(h.host), h);
  }

  /** Replaces what the host holds with what the browser now has for it. */
  set(host: string, cookies: EarnedCookie[], earnedAtMs: number): HostCookies {
    const h = normalizeHost(host);
    const entry = {
      host: h,
      earnedAtMs,
      cookies: cookies.filter((c) => domainMatches(h, c.domain.toLowerCase())).slice(0, this.limits.maxPerHost),
    };
    this.byHost.set(h, entry);
    return entry;
  }

  /** Cookies for the browser context of `host` (still valid ones only). */
  forHost(host: string, nowMs: number): EarnedCookie[] {
    const entry = this.byHost.get(normalizeHost(host));
    return entry ? entry.cookies.filter((c) => this.valid(c, entry.earnedAtMs, nowMs)) : [];
  }

  /** The Cookie header for a plain request to `url`, or undefined when the jar has nothing for it. */
  header(url: URL, nowMs: number): string | undefined {
    const host = normalizeHost(url.hostname);
    const path = url.pathname || '/';
    const pairs = this.forHost(host, nowMs)
      .filter(
        (c) => domainMatches(host, c.domain.toLowerCase()) && pathMatches(path, c.path || '/') && (!c.secure || url.protocol === 'https:'),
      )
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`);
    return pairs.length ? pairs.join('; ') : undefined;
  }

  private valid(c: EarnedCookie, earnedAtMs: number, nowMs: number): boolean {
    if (c.expires > 0) return c.expires * 1000 > nowMs;
    return nowMs - earnedAtMs < this.limits.sessionCookieMaxAgeMs;
  }
}
