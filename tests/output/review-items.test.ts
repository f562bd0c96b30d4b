// candidates.json's items and review.html's item block written on a second thread (src/output/review-items.ts)
// give the files the main thread renders, byte for byte; a worker that fails, or that sees another window, costs
// only time: the main thread renders them and the files are the same. No temp file is left behind, and after its
// last job the worker holds no store connection.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/config.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl } from '../../src/run.js';
import { openStore } from '../../src/state/store.js';
import { writeOutputs } from '../../src/output/write.js';
import { itemBlockInWorker, type ItemBlockAside } from '../../src/output/review-items.js';
import { deskCollector } from '../../src/output/review-assets/desk-index.js';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from '../e2e/helpers.js';

const now = new Date(FIXTURES_NOW);
const base = scratch('ww-items-');
const statePath = join(base, 'state.db');
const config = loadSources(join(ROOT, 'sources.json'));

beforeAll(async () => {
  const result = await crawl({
    config,
    watchlist: loadWatchlistFile(join(ROOT, 'watchlist.json')),
    outDir: join(base, 'crawl'),
    statePath,
    replayDir: FIXTURES,
    now,
    log: pino({ level: 'silent' }),
    workers: 0,
  });
  expect(result.kind).toBe('done');
}, 120_000);

/** The outputs of the same store into `name`, with the given item blocks; what the failure hook was told. */
async function outputs(
  name: string,
  itemBlocks?: () => ItemBlockAside,
  itemBlocksFrom = 0,
): Promise<{ review: string; candidates: string; told: string[]; left: string[] }> {
  const outDir = join(base, name);
  mkdirSync(outDir, { recursive: true });
  const store = openStore(statePath);
  const told: string[] = [];
  try {
    const onItemBlockFailed = (e: Error): void => void told.push(e.message);
    await writeOutputs({
      outDir,
      store,
      now,
      retentionDays: 30,
      config,
      previousStories: [],
      ...(itemBlocks ? { itemBlocks, itemBlocksFrom, onItemBlockFailed } : {}),
    });
  } finally {
    store.close();
  }
  const read = (f: string): string => readFileSync(join(outDir, f), 'utf8');
  return {
    review: read('review.html'),
    candidates: read('candidates.json'),
    told,
    left: readdirSync(outDir).filter((f) => f.startsWith('.')),
  };
}

/** The texts `make`'s asides wrote, by kind and item count, so a case can show that a file really came from one. */
const made: string[] = [];
function counted(make: () => ItemBlockAside): () => ItemBlockAside {
  return () => {
    const aside = make();
    return {
      close: aside.close,
      items: (job) => aside.items(job).then((b) => (made.push(`items ${b.count}`), b)),
      render: (job) => aside.render(job).then((b) => (made.push(`block ${b.count}`), b)),
    };
  };
}

const failing =
  (why: string): (() => ItemBlockAside) =>
  () => ({ items: () => Promise.reject(new Error(why)), render: () => Promise.reject(new Error(why)), close: () => undefined });

describe('review.html item block on a second thread', () => {
  let inline: Awaited<ReturnType<typeof outputs>>;
  beforeAll(async () => {
    inline = await outputs('inline');
    expect(inline.review).toContain('id="ww-story-items"');
    expect((inline.review.match(/\u001e/g) ?? []).length).toBeGreaterThan(10);
  });

  const same = (dir: string) => counted(() => itemBlockInWorker(statePath, dir));
  it.each([
    // case | asides | used from a window of | the worker's texts used | what the failure hook is told
    ['a worker over the same store, for any window', same, 0, true, []],
    ['a worker over the same store, for a window of one item or more', same, 1, true, []],
    ['a window smaller than the threshold: no worker', same, 1_000_000, false, []],
    [
      'a worker over another store (a private in-memory one)',
      (dir: string) => counted(() => itemBlockInWorker(':memory:', dir)),
      0,
      false,
      [/saw 0 items, not \d+/, /saw 0 items, not \d+/],
    ],
    ['a worker that fails', () => failing('no thread'), 0, false, [/^no thread$/, /^no thread$/]],
  ] as const)(
    '%s: the same page and candidates.json, no temp file left',
    async (name, blocks, from, used, told) => {
      const dir = name.replace(/\W+/g, '-');
      made.length = 0;
      const got = await outputs(dir, blocks(join(base, dir)), from);
      expect(got.review).toBe(inline.review);
      expect(got.candidates).toBe(inline.candidates);
      // Both texts came from the worker (their counts are the window's), or none did.
      const items = (inline.review.match(/\u001e/g) ?? []).length;
      expect(made.filter((m) => m.endsWith(` ${items}`))).toEqual(used ? [`items ${items}`, `block ${items}`] : []);
      expect(got.told).toHaveLength(told.length);
      told.forEach((re, i) => expect(got.told[i]).toMatch(re));
      expect(got.left).toEqual([]);
    },
    60_000,
  );
});

describe('the review items worker after its last job', () => {
  // The block is the worker's last job: it lets its store connection go at once (and, on Node 24, its freed heap
  // pages), not when the main thread ends it after writing review.html.
  it('holds no store connection: a job after the block is answered with an error, not a text', async () => {
    const dir = join(base, 'after-block');
    mkdirSync(dir, { recursive: true });
    const aside = itemBlockInWorker(statePath, dir);
    try {
      const job = { retentionDays: 30, nowIso: now.toISOString(), style: deskCollector().style() };
      expect((await aside.render(job)).count).toBeGreaterThan(0);
      await expect(aside.render(job)).rejects.toThrow(/not open/);
    } finally {
      aside.close();
    }
  }, 60_000);
});
