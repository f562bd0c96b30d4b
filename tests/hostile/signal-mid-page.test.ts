// SIGTERM in the middle of a hostile page, through the real command in its own process: the run must stop
// promptly and end cleanly with its report (exit 143), not after minutes of parsing (200,000 nested <div>s
// cost 85–118 s per page before the DOM was bounded). The server sends the signal right after it has answered
// the first page, while the crawler is reading it.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidatesValidator, readJson } from '../e2e/helpers.js';
import { scratch, startRunner, WATCHLIST_FILE } from '../reliability/harness.js';
import { startFaultServer } from '../fetch/servers.js';

const deepPage = (i: number) =>
  `<!doctype html><html><head><title>Lavrov talks ${i}</title></head><body><article><h1>Lavrov and Wang Yi talks ${i}</h1>` +
  `<p>Russian Foreign Minister Sergey Lavrov met Wang Yi in Beijing on Wednesday for long talks on trade.</p>${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}</article></body></html>`;

describe('SIGTERM mid-page', () => {
  it('a run reading 2 MB pages nested 200,000 deep stops on SIGTERM with its report and exit 143', async () => {
    const out = scratch('ww-sig-');
    let child: ReturnType<typeof startRunner> | undefined;
    let signalled = false;
    const box = { origin: '' };
    const items = Array.from(
      { length: 6 },
      (_, i) =>
        `<item><title>Lavrov talks ${i}</title><link>${'ORIGIN'}/page/${i}</link><guid>s-${i}</guid><description>Lavrov met Wang Yi.</description></item>`,
    ).join('');
    const srv = await startFaultServer({
      host: '127.0.0.189',
      routes: {
        '/feed': (_req, res) =>
          void res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(
              `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items.replaceAll('ORIGIN', box.origin)}</channel></rss>`,
            ),
        '/page/': (req, res) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(deepPage(Number(req.url?.split('/').pop())));
          if (!signalled) {
            signalled = true;
            setTimeout(() => child?.child.kill('SIGTERM'), 200);
          }
        },
      },
    });
    box.origin = srv.origin;
    const pages = () => srv.requests.filter((r) => r.path.startsWith('/page/')).length;
    try {
      const sources = join(out, 'sources.json');
      writeFileSync(
        sources,
        JSON.stringify({
          userAgent: 'wirewatch-test/0.1 (+https://example.org/contact)',
          defaults: { minDelayMs: 0, perHostConcurrency: 1, timeoutMs: 10_000, maxBodyBytes: 4 * 1024 * 1024, respectRobots: false },
          sources: [
            {
              id: 'deep',
              name: 'Deep',
              lang: 'en',
              timeZone: 'UTC',
              adapter: 'generic',
              feeds: [srv.url('/feed')],
              allowPrivateNetwork: true,
            },
          ],
        }),
      );
      child = startRunner(['crawl', '--sources', sources, '--watchlist', WATCHLIST_FILE, '--out', join(out, 'site'), '-q']);
      const e = await child.exit;
      expect(signalled).toBe(true);
      expect(e.code, e.stderr).toBe(143);
      const runs = readdirSync(join(out, 'site', 'runs'));
      expect(runs).toHaveLength(1);
      const report = readJson(join(out, 'site', 'runs', runs[0]!));
      expect(report.items.length).toBe(6);
      // The page being read when the signal came is finished; the others are deferred to the next run, unsent
      // (their feed text still reaches the editor).
      const codes = report.items.map((i: { error?: { code: string } }) => i.error?.code ?? 'read');
      const read = codes.filter((c: string) => c === 'read').length;
      expect(read).toBeGreaterThanOrEqual(1);
      expect(read).toBeLessThanOrEqual(pages());
      expect(codes.filter((c: string) => c === 'skipped_deferred').length).toBe(6 - read);
      expect(pages()).toBeLessThan(6);
      expect(candidatesValidator()(readJson(join(out, 'site', 'candidates.json')))).toEqual([]);
      expect(existsSync(join(out, 'site', 'review.html'))).toBe(true);
    } finally {
      child?.child.kill('SIGKILL');
      await srv.close();
    }
  }, 60_000);
});
