// The band index (src/state/bands.ts, migration V3) must give exactly the answers of the full scan it replaces:
// checked against a brute-force reference over random fingerprints with planted near-duplicates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EMPTY_FINGERPRINT, hamming, parseFingerprint } from '../../src/simhash.js';
import { bandValues, probeKeys, probeRadius, type ReprintStats } from '../../src/state/bands.js';
import { candidateViews, registerFunctions } from '../../src/state/candidates.js';
import { itemWriter } from '../../src/state/items.js';
import { openDatabase } from '../../src/state/open.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/state/schema.js';
import { openStore, type Store } from '../../src/state/store.js';
import { AT, NOW, feedOk, obs } from './helpers.js';
import { seeded as rng } from '../reliability/harness.js';

const SOURCES = ['tass-en', 'globaltimes', 'people-en'];
const HOUR_MS = 3_600_000;

const hex32 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
const randomFp = (r: () => number): string => hex32(r() * 2 ** 32) + hex32(r() * 2 ** 32);

/** `fp` with `bits` distinct bits flipped. */
function flip(fp: string, bits: number, r: () => number): string {
  let hi = parseInt(fp.slice(0, 8), 16);
  let lo = parseInt(fp.slice(8), 16);
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(Math.floor(r() * 64));
  for (const b of chosen) {
    if (b < 32) lo ^= 1 << b;
    else hi ^= 1 << (b - 32);
  }
  return hex32(hi) + hex32(lo);
}

interface Stored {
  id: string;
  sourceId: string;
  sortMs: number;
  fp: string | null;
}

/** The full scan's semantics, written out: earliest by (sort_ms, id) among usable fingerprints within distance. */
function bruteForce(
  all: Stored[],
  fp: string,
  q: { excludeId: string; excludeSourceId?: string; beforeMs?: number; beforeId?: string; maxDistance?: number },
): string | undefined {
  if (fp === EMPTY_FINGERPRINT) return undefined;
  const max = q.maxDistance ?? 12;
  const dist = (a: string): number => (parseFingerprint(a) && parseFingerprint(fp) ? hamming(a, fp) : 64);
  const hits = all.filter(
    (s) =>
      s.fp !== null &&
      s.fp !== EMPTY_FINGERPRINT &&
      s.id !== q.excludeId &&
      s.sourceId !== q.excludeSourceId &&
      (q.beforeMs === undefined || s.sortMs < q.beforeMs || (q.beforeId !== undefined && s.sortMs === q.beforeMs && s.id < q.beforeId)) &&
      dist(s.fp) <= max,
  );
  hits.sort((a, b) => a.sortMs - b.sortMs || (a.id < b.id ? -1 : 1));
  return hits[0]?.id;
}

/** `n` stored items: random fingerprints, and every third a near-duplicate (0–14 bits) of an earlier one. */
function population(n: number, seed: number): Stored[] {
  const r = rng(seed);
  const base = Date.parse('2026-11-10T00:00:00Z');
  const out: Stored[] = [];
  for (let i = 0; i < n; i++) {
    const source = SOURCES[i % SOURCES.length] as string;
    const parent = out[Math.floor(r() * out.length)];
    const fp =
      i % 3 === 2 && parent?.fp ? flip(parent.fp, i % 15, r) : i % 50 === 7 ? EMPTY_FINGERPRINT : i % 50 === 9 ? null : randomFp(r);
    out.push({ id: `i${String(i).padStart(4, '0')}`, sourceId: source, sortMs: base + Math.floor(r() * 96) * HOUR_MS, fp });
  }
  return out;
}

const toObs = (s: Stored) => obs(s.id, { sourceId: s.sourceId, fingerprint: s.fp, publishedAt: new Date(s.sortMs).toISOString() });

describe('band layout', () => {
  it.each([
    ['ffffffffffffffff', [8191, 8191, 8191, 8191, 4095]],
    ['0000000000001fff', [8191, 0, 0, 0, 0]],
    ['fff0000000000000', [0, 0, 0, 0, 4095]],
    ['0000004000000000', [0, 0, 4096, 0, 0]], // bit 38, the top bit of band 2 (bits 26–38), across the word boundary
    ['0000000004000000', [0, 0, 1, 0, 0]], // bit 26, the lowest bit of band 2
    ['ffff0000ffff0000', [0, 8184, 63, 7680, 4095]],
  ])('%s → %j', (fp, bands) => {
    expect(bandValues(parseFingerprint(fp) ?? { hi: -1, lo: -1 })).toEqual(bands);
  });

  it.each([
    [0, 0, 5],
    [5, 1, 4 * 14 + 13],
    [12, 2, 4 * 92 + 79],
    [14, 2, 4 * 92 + 79],
    [15, undefined, 0],
    [-1, undefined, 0],
  ])('maxDistance %i probes radius %s (%i keys)', (max, radius, keys) => {
    expect(probeRadius(max)).toBe(radius);
    if (radius !== undefined) expect(new Set(probeKeys({ hi: 0x12345678, lo: 0x9abcdef0 }, radius)).size).toBe(keys);
  });
});

describe('findReprint and candidates() through the band index equal a full scan', () => {
  let store: Store;
  const all = population(400, 7);
  beforeEach(() => {
    store = openStore(':memory:');
    store.commitFeed(feedOk(), all.map(toObs));
  });
  afterEach(() => store.close());

  const r = rng(11);
  const queries = all
    .filter((s) => s.fp !== null)
    .slice(0, 120)
    .map((s, k) => ({ s, fp: flip(s.fp as string, k % 16, r) }));
  it.each([
    ['any earlier or later item', 12, false, false],
    ['another source only', 12, true, false],
    ['before the query item', 12, true, true],
    ['a tight distance', 3, true, false],
    ['the widest banded distance', 14, false, true],
    ['beyond the bands: full scan', 20, true, true],
  ])('%s (maxDistance %i)', (_case, maxDistance, bySource, before) => {
    for (const { s, fp } of queries) {
      const q = {
        excludeId: `q-${s.id}`,
        maxDistance,
        ...(bySource ? { excludeSourceId: s.sourceId } : {}),
        ...(before ? { beforeIso: new Date(s.sortMs).toISOString() } : {}),
      };
      const expected = bruteForce(all, fp, { ...q, ...(before ? { beforeMs: s.sortMs } : {}) });
      expect([s.id, fp, store.findReprint(fp, q)?.id]).toEqual([s.id, fp, expected]);
    }
  });

  it('reprintOf of every candidate is the scan answer, and planted near-duplicates are found', () => {
    const got = new Map(store.candidates({ now: NOW }).map((c) => [c.id, c.reprintOf?.id ?? null]));
    const want = new Map(
      all.map((s) => [
        s.id,
        s.fp === null
          ? null
          : (bruteForce(all, s.fp, { excludeId: s.id, excludeSourceId: s.sourceId, beforeMs: s.sortMs, beforeId: s.id }) ?? null),
      ]),
    );
    expect(got).toEqual(want);
    expect([...got.values()].filter((v) => v !== null).length).toBeGreaterThan(40);
  });

  it('an unreadable query fingerprint matches nothing', () => {
    expect(store.findReprint('not a fingerprint', { excludeId: 'x' })).toBeUndefined();
  });
});

/** Rows of item_bands that differ from V3's view of items.fingerprint: since V6 the item writer keeps the rows
 *  (no triggers), so this must stay empty. */
const offView = (db: Database.Database) =>
  db
    .prepare(`SELECT 'missing' AS what, item_id, band, value FROM (SELECT item_id, band, value FROM item_band_values
      EXCEPT SELECT item_id, band, value FROM item_bands)
    UNION ALL SELECT 'extra', item_id, band, value FROM (SELECT item_id, band, value FROM item_bands
      EXCEPT SELECT item_id, band, value FROM item_band_values)`)
    .all();

describe('item_bands follows items.fingerprint', () => {
  const bandsOf = (db: Database.Database, id: string) =>
    db
      .prepare('SELECT band, value FROM item_bands WHERE item_id = ? ORDER BY band')
      .all(id)
      .map((b) => (b as { value: number }).value);

  it.each([
    ['a new fingerprint replaces the bands', 'ffff0000ffff0000', '0f0f0f0f0f0f0f0f', [3855, 6264, 963, 7710, 240]],
    ['the same fingerprint again keeps them', 'ffff0000ffff0000', 'ffff0000ffff0000', [0, 8184, 63, 7680, 4095]],
    ['a first fingerprint on an item without one', null, '0f0f0f0f0f0f0f0f', [3855, 6264, 963, 7710, 240]],
    ['the empty fingerprint has none', 'ffff0000ffff0000', EMPTY_FINGERPRINT, []],
    ['an unreadable fingerprint has none', 'ffff0000ffff0000', 'zz', []],
    ['a 15-digit fingerprint has none', null, 'ffff0000ffff000', []],
    ['uppercase hex is the same fingerprint', null, 'FFFF0000FFFF0000', [0, 8184, 63, 7680, 4095]],
    ['lowercase after uppercase keeps the values', 'FFFF0000FFFF0000', 'ffff0000ffff0000', [0, 8184, 63, 7680, 4095]],
  ])('%s', (_case, first, second, expected) => {
    const db = openDatabase(':memory:');
    const items = itemWriter(db);
    items.write(obs('a', { fingerprint: first }), AT);
    items.write(obs('a', { fingerprint: second, contentHash: 'changed' }), AT);
    expect(bandsOf(db, 'a')).toEqual(expected);
    expect(offView(db)).toEqual([]);
    db.exec(`DELETE FROM items WHERE id = 'a'`);
    expect(db.prepare('SELECT count(*) FROM item_bands').pluck().get()).toBe(0);
    db.close();
  });
});

describe('item_bands equals the band view after any sequence of writes', () => {
  it('400 writes over 40 items (new, changed, unchanged, emptied, unreadable, either case, sighted), then deletes', () => {
    const r = rng(6);
    const db = openDatabase(':memory:');
    const items = itemWriter(db);
    const pick = (): string | null => {
      const k = Math.floor(r() * 6);
      return k === 0
        ? null
        : k === 1
          ? EMPTY_FINGERPRINT
          : k === 2
            ? 'not hex at all!!'
            : k === 3
              ? randomFp(r).toUpperCase()
              : randomFp(r);
    };
    for (let i = 0; i < 400; i++) {
      const id = `i${Math.floor(r() * 40)}`;
      const known = db.prepare('SELECT count(*) FROM items WHERE id = ?').pluck().get(id) === 1;
      if (known && r() < 0.2) items.write({ kind: 'sighted', id }, AT);
      else items.write(obs(id, { fingerprint: pick(), contentHash: `c${i}` }), AT);
    }
    expect(db.prepare('SELECT count(*) FROM item_bands').pluck().get()).toBeGreaterThan(50);
    expect(offView(db)).toEqual([]);
    db.exec(`DELETE FROM items WHERE id IN ('i1', 'i2', 'i3', 'i4', 'i5')`);
    expect(offView(db)).toEqual([]);
    db.close();
  });
});

describe('migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ww-bands-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A state file at schema `version`, as an older wirewatch left it, holding `rows` (id, source, sort_ms, fingerprint). */
  function stateAt(version: number, rows: [string, string, number, string | null][]): string {
    const path = join(dir, 'state.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    for (let i = 0; i < version; i++) db.exec(MIGRATIONS[i] ?? '');
    db.pragma(`user_version = ${version}`);
    const put =
      db.prepare(`INSERT INTO items (id, source_id, url, canonical, title, sort_ms, title_hash, status, first_seen_at, last_seen_at, last_seen_ms, fingerprint)
      VALUES (?, ?, 'u', 'u', 'Lavrov', ?, 't', 'seen', ?, ?, 1, ?)`);
    for (const [id, source, ms, fp] of rows) put.run(id, source, ms, AT, AT, fp);
    db.close();
    return path;
  }

  it('from v2: backfills the bands of stored fingerprints, so reprints of old items are found', () => {
    const path = stateAt(2, [
      ['old', 'people-en', 1, 'ffff0000ffff0000'],
      ['older-empty', 'mid-en', 0, EMPTY_FINGERPRINT],
      ['none', 'mid-en', 0, null],
      ['bad', 'mid-en', 0, 'xyz'],
    ]);
    const store = openStore(path);
    expect(store.findReprint('ffff0000ffff0fff', { excludeId: 'new', excludeSourceId: 'globaltimes' })?.id).toBe('old');
    store.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(after.prepare('SELECT item_id, band, value FROM item_bands ORDER BY item_id, band').all()).toEqual(
      [0, 8184, 63, 7680, 4095].map((value, band) => ({ item_id: 'old', band, value })),
    );
    after.close();
  });

  it("to v6: drops V3's triggers and keeps the bands they wrote; the writer keeps them from then on", () => {
    const path = stateAt(5, [['old', 'people-en', 1, 'ffff0000ffff0000']]);
    const store = openStore(path);
    store.commitItems([obs('new', { sourceId: 'globaltimes', fingerprint: 'ffff0000ffff0fff' })], AT);
    store.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(after.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger'`).pluck().all()).toEqual([]);
    expect(after.prepare('SELECT item_id, count(*) AS n FROM item_bands GROUP BY item_id ORDER BY item_id').all()).toEqual([
      { item_id: 'new', n: 5 },
      { item_id: 'old', n: 5 },
    ]);
    expect(offView(after)).toEqual([]);
    after.close();
  });
});

describe('rendering candidates compares only items sharing a band', () => {
  it('5,000 flagged items: no full-scan calls, comparisons far below n²/2, answers equal the scan', () => {
    const n = 5000;
    const all = population(n, 3);
    const db = openDatabase(':memory:');
    let scanCalls = 0;
    db.function('wirewatch_hamming', { deterministic: true }, (_a: unknown, _b: unknown) => (scanCalls++, 64));
    const items = itemWriter(db);
    db.transaction(() => all.forEach((s) => items.write(toObs(s), AT)))();
    const stats: ReprintStats = { comparisons: 0 };
    const views = candidateViews(db, stats);
    const list = views.candidates({ now: NOW });
    expect(list).toHaveLength(n);
    expect(scanCalls).toBe(0);
    // A scan per row compares ~n²/2 = 12.5M pairs; through the bands, each row meets ~5.6 % of the earlier items.
    expect(stats.comparisons).toBeLessThan((n * n) / 20);
    // The next pass over the unchanged store (writeOutputs makes three) reuses the index and its answers.
    const firstPass = stats.comparisons;
    expect(views.candidates({ now: NOW })).toEqual(list);
    expect(stats.comparisons).toBe(firstPass);
    const sample = list.filter((_, k) => k % 50 === 0);
    for (const c of sample) {
      const s = all.find((x) => x.id === c.id) as Stored;
      const want =
        s.fp === null
          ? null
          : (bruteForce(all, s.fp, { excludeId: s.id, excludeSourceId: s.sourceId, beforeMs: s.sortMs, beforeId: s.id }) ?? null);
      expect([c.id, c.reprintOf?.id ?? null]).toEqual([c.id, want]);
    }
    db.close();
  });
});

describe('the reprint index read once per store state, never stale', () => {
  const ORIGINAL = 'a1b2c3d4e5f60718';
  const near = (bits: number): string => flip(ORIGINAL, bits, rng(bits));
  const at = (h: number): number => Date.parse(AT) - h * HOUR_MS;
  const reprintsOf = (views: ReturnType<typeof candidateViews>): Record<string, string | null> =>
    Object.fromEntries(views.candidates({ now: NOW }).map((c) => [c.id, c.reprintOf?.id ?? null]));

  it.each([
    ['a write on the same connection', 'same'],
    ['a commit on another connection', 'other'],
  ] as const)('an original added by %s is seen by the next read', (_name, writer) => {
    const path = join(mkdtempSync(join(tmpdir(), 'ww-bands-')), 'state.db');
    const open = (): ReturnType<typeof openDatabase> => {
      const d = openDatabase(path);
      registerFunctions(d);
      return d;
    };
    const db = open();
    const views = candidateViews(db);
    itemWriter(db).write(toObs({ id: 'copy', sourceId: 'globaltimes', sortMs: at(1), fp: near(3) }), AT);
    expect(reprintsOf(views)).toEqual({ copy: null });
    expect(reprintsOf(views)).toEqual({ copy: null }); // the second read reuses the index
    const other = writer === 'same' ? db : open();
    itemWriter(other).write(toObs({ id: 'orig', sourceId: 'tass-en', sortMs: at(5), fp: ORIGINAL }), AT);
    expect(reprintsOf(views)).toEqual({ copy: 'orig', orig: null });
    if (other !== db) other.close();
    db.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });
});
