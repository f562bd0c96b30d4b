// Per-host state that outlives a run: the cookies a browser earned on a walled host, so the next run's plain
// fetch offers them first. Stored as JSON per host; a host's row is replaced whole when the browser earns again.
import type { HostCookies } from '../types.js';
import type { Db } from './open.js';

interface HostRow {
  host: string;
  earned_at_ms: number;
  cookies: string;
}

export function hostTable(db: Db): { cookies(): HostCookies[]; saveCookies(h: HostCookies): void } {
  const all = db.prepare<[], HostRow>('SELECT host, earned_at_ms, cookies FROM host_cookies ORDER BY host');
  const save = db.prepare(`INSERT INTO host_cookies (host, earned_at_ms, cookies) VALUES (@host, @earned_at_ms, @cookies)
    ON CONFLICT (host) DO UPDATE SET earned_at_ms = excluded.earned_at_ms, cookies = excluded.cookies`);
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
  };
}
