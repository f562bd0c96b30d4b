// Per-host state that outlives a run: the cookies a browser earned on a walled host, so the next run's plain
// fetch offers them first (stored as JSON per host; a host's row is replaced whole when the browser earns again),
// and how long a host asked (Retry-After beyond the cap) to be left alone, so the next run does not ask early.
import type { HostCookies, HostHold } from '../types.js';
import type { Db } from './open.js';

interface HostRow {
  host: string;
  earned_at_ms: number;
  cookies: string;
}

export interface HostTable {
  cookies(): HostCookies[];
  saveCookies(h: HostCookies): void;
  /** The holds still running at `nowMs`. */
  holds(nowMs: number): HostHold[];
  /** Keeps a hold; a later end replaces an earlier one, never the other way. */
  saveHold(h: HostHold): void;
}

export function hostTable(db: Db): HostTable {
  const all = db.prepare<[], HostRow>('SELECT host, earned_at_ms, cookies FROM host_cookies ORDER BY host');
  const save = db.prepare(`INSERT INTO host_cookies (host, earned_at_ms, cookies) VALUES (@host, @earned_at_ms, @cookies)
    ON CONFLICT (host) DO UPDATE SET earned_at_ms = excluded.earned_at_ms, cookies = excluded.cookies`);
  const running = db.prepare<[number], { host: string; until_ms: number }>(
    'SELECT host, until_ms FROM host_holds WHERE until_ms > ? ORDER BY host',
  );
  const hold = db.prepare(`INSERT INTO host_holds (host, until_ms) VALUES (@host, @until_ms)
    ON CONFLICT (host) DO UPDATE SET until_ms = max(until_ms, excluded.until_ms)`);
  return {
    cookies: () =>
      all.all().flatMap((r) => {
        try {
          const cookies = JSON.parse(r.cookies) as HostCookies['cookies'];
          return Array.isArray(cookies) ? [{ host: r.host, earnedAtMs: r.earned_at_ms, cookies }] : [];
        } catch {
          return [];
        }
      }),
    saveCookies: (h) => void save.run({ host: h.host, earned_at_ms: h.earnedAtMs, cookies: JSON.stringify(h.cookies) }),
    holds: (nowMs) => running.all(Math.floor(nowMs)).map((r) => ({ host: r.host, untilMs: r.until_ms })),
    saveHold: (h) => void hold.run({ host: h.host, until_ms: Math.ceil(h.untilMs) }),
  };
}
