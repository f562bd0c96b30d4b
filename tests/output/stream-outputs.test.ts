// The streamed outputs against the whole-document writer they replaced: after a crawl of the fixtures,
// candidates.json is byte for byte JSON.stringify of { items: store.candidates(), stories }, review.html the page
// rendered from both in memory, and the run report JSON.stringify of the report; a second render (ids carried
// over from the first file's stories section, read backwards from its end) gives the same stories.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/config.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import { crawl, type CrawlResult } from '../../src/run.js';
import { openStore } from '../../src/state/store.js';
import { storyOutlets, type Story } from '../../src/stories/index.js';
import { candidatesDoc, previousStories, writeOutputs } from '../../src/output/write.js';
import { renderReview } from '../../src/output/review.js';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from '../e2e/helpers.js';

const now = new Date(FIXTURES_NOW);
const out = scratch('ww-stream-');
const config = loadSources(join(ROOT, 'sources.json'));
let result: CrawlResult;

beforeAll(async () => {
  result = await crawl({
    config,
    watchlist: loadWatchlistFile(join(ROOT, 'watchlist.json')),
    outDir: out,
    statePath: join(out, 'state.db'),
    replayDir: FIXTURES,
    now,
    log: pino({ level: 'silent' }),
  });
}, 120_000);

describe('streamed outputs equal the whole-document writer', () => {
  it('candidates.json: same bytes as JSON.stringify of the store candidates and their stories', () => {
    const store = openStore(join(out, 'state.db'));
    try {
      const items = store.candidates({ retentionDays: 30, now });
      expect(items.length).toBeGreaterThan(10);
      const expected = JSON.stringify(candidatesDoc(items, now.toISOString(), [], storyOutlets(config.sources)), null, 2) + '\n';
      expect(readFileSync(join(out, 'candidates.json'), 'utf8')).toBe(expected);
    } finally {
      store.close();
    }
  });

  it('review.html: same bytes as the page rendered from the store candidates and their stories in memory', () => {
    const store = openStore(join(out, 'state.db'));
    try {
      const doc = candidatesDoc(store.candidates({ retentionDays: 30, now }), now.toISOString(), [], storyOutlets(config.sources));
      expect(doc.stories.filter((s) => s.outlets.length >= 2).length).toBeGreaterThan(0);
      expect(readFileSync(join(out, 'review.html'), 'utf8')).toBe(renderReview(doc));
    } finally {
      store.close();
    }
  });

  it('the run report: same bytes as JSON.stringify of the report', () => {
    if (result.kind !== 'done') expect.unreachable('the crawl did not run');
    const [name] = readdirSync(join(out, 'runs'));
    expect(readFileSync(join(out, 'runs', name ?? ''), 'utf8')).toBe(JSON.stringify(result.report, null, 2) + '\n');
  });

  // Chunks far smaller than a story make every story and the stories key straddle chunk boundaries.
  it.each([[7], [64], [4096], [undefined]])(
    'the story ids read from the end of the file (chunks of %s bytes) equal a full parse',
    (chunk) => {
      const full = JSON.parse(readFileSync(join(out, 'candidates.json'), 'utf8')) as { stories: Story[] };
      expect(full.stories.length).toBeGreaterThan(0);
      const ids = full.stories.map((s) => ({ id: s.id, items: s.items.map((m) => ({ id: m.id })) }));
      expect(previousStories(join(out, 'candidates.json'), chunk)).toEqual(ids);
    },
  );

  it('a second render from the same store writes the same candidates.json', async () => {
    const before = readFileSync(join(out, 'candidates.json'), 'utf8');
    const store = openStore(join(out, 'state.db'));
    try {
      await writeOutputs({ outDir: out, store, now, retentionDays: 30, config });
    } finally {
      store.close();
    }
    expect(readFileSync(join(out, 'candidates.json'), 'utf8')).toBe(before);
  });
});
