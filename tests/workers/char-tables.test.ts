// A real page worker matches with the character tables the main thread hands it (page-pool.ts → page-worker.ts →
// src/match/chars.ts adoptCharTables), not with tables it builds itself (~75 ms of CPU per worker). Seen from
// outside: the main thread's tables are altered so that "z" folds as "a"; a worker that adopted them finds the rule
// "Lavrov" in "Lzvrov", one that built its own does not. tests/match/char-tables.test.ts covers the unit.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ROOT } from '../e2e/helpers.js';
import { pageTask } from './page-task.js';

const WATCHLIST = join(ROOT, 'watchlist.json');
const paragraph = (k: number): string =>
  `<p>Paragraph ${k}: the two delegations met in Beijing on Wednesday to discuss trade, energy supplies and the schedule of the next round of consultations, the ministry said in a statement.</p>`;
const body = Buffer.from(
  `<html><head><title>Talks in Beijing</title></head><body><article><h1>Talks in Beijing</h1>${paragraph(1)}<p>Lzvrov and Wang Yi met in Beijing on Wednesday to discuss trade and the situation in the region, according to the statement.</p>${paragraph(2)}${paragraph(3)}</article></body></html>`,
);

/** One module graph: its own chars.ts (so its own tables), watchlist compiler and pool. */
async function graph() {
  vi.resetModules();
  return {
    chars: await import('../../src/match/chars.js'),
    load: await import('../../src/match/load.js'),
    pool: await import('../../src/workers/page-pool.js'),
    config: await import('../../src/config.js'),
  };
}

describe('a page worker adopts the main thread tables', () => {
  it('finds "Lavrov" in "Lzvrov" only with the altered tables it was handed', async () => {
    const plain = await graph();
    const real = plain.chars.charTables();
    const a = 'a'.charCodeAt(0);
    const fold = real.fold.slice();
    fold['z'.charCodeAt(0)] = fold[a] ?? a;
    const altered = { fold, exact: real.exact.slice(), cls: real.cls.slice(), wordish: real.wordish.slice() };

    const source = { ...(plain.config.loadSources(join(ROOT, 'sources.json')).sources[0] ?? expect.unreachable()), adapter: 'generic' };
    const task = pageTask(1, body, source, 'Talks in Beijing');
    const inline = plain.pool.inlinePool(plain.load.loadWatchlistFile(WATCHLIST));
    expect((await inline.run(task)).match.hitRules).not.toContain('lavrov');

    const doctored = await graph();
    doctored.chars.adoptCharTables(altered);
    expect(doctored.chars.charTables().fold).toBe(fold);
    const pool = doctored.pool.createPagePool(1, doctored.load.loadWatchlistFile(WATCHLIST));
    try {
      const result = await pool.run(task);
      expect(pool.counts()).toEqual({ workers: 1, main: 0 });
      expect(result.match.hitRules).toContain('lavrov');
    } finally {
      await pool.close();
    }
  }, 60_000);
});
