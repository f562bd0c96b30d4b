// Near-duplicate lookup of SimHash fingerprints without comparing against every stored item (multi-index
// hashing). The 64 bits are cut into BANDS blocks; if two fingerprints differ in at most d bits, the
// differences fall into BANDS blocks, so at least one block differs in at most floor(d / BANDS) bits
// (pigeonhole). A lookup therefore probes, in each block, every value within that radius of the query's block,
// and compares only the items found there. The guarantee: the candidates always include every item within d
// bits, so the answer equals a full scan's; only the amount of work differs.
//
// Why 5 blocks of 13/12 bits and not 13 of 5: with 13 exact 5-bit bands a random item shares some band with
// probability 1 − (31/32)^13 ≈ 34 %, so a lookup still compares a third of the store. With 5 blocks and radius 2
// (d = 12) a lookup probes 5 × 92 keys and an unrelated item is a candidate with probability ≈ 460 / 8192 ≈ 5.6 %.
// The SQL side of this layout is the item_bands table (migration V3 in schema.ts), written by bandRows() below
// since V6; the band test in tests/state checks the rows equal V3's item_band_values view after every kind of write.

import { EMPTY_FINGERPRINT, hammingWords, parseFingerprint, type FingerprintBits } from '../simhash.js';
import type { Db } from './open.js';

/** Bit ranges of the 64-bit fingerprint (bit 0 = least significant of the last hex digit). Frozen by V3. */
export const BAND_LAYOUT: readonly { startBit: number; widthBits: number }[] = [
  { startBit: 0, widthBits: 13 },
  { startBit: 13, widthBits: 13 },
  { startBit: 26, widthBits: 13 },
  { startBit: 39, widthBits: 13 },
  { startBit: 52, widthBits: 12 },
];
/** Keys are band * KEY_STRIDE + value; every band value is below 2^13. */
export const KEY_STRIDE = 8192;
/** Largest per-block radius probed (92 keys per block at 13 bits); a wider search falls back to a full scan. */
export const MAX_PROBE_RADIUS = 2;

/** Bits [start, start + width) of the 64-bit value hi:lo, as an unsigned number. */
function bitsOf(fp: FingerprintBits, startBit: number, widthBits: number): number {
  const mask = 2 ** widthBits - 1;
  if (startBit >= 32) return (fp.hi >>> (startBit - 32)) & mask;
  if (startBit + widthBits <= 32) return (fp.lo >>> startBit) & mask;
  return ((fp.lo >>> startBit) | (fp.hi << (32 - startBit))) & mask;
}

/** The block values of a fingerprint, in BAND_LAYOUT order (what V3 stores in item_bands). */
export function bandValues(fp: FingerprintBits): number[] {
  return BAND_LAYOUT.map((b) => bitsOf(fp, b.startBit, b.widthBits));
}

/** The item_bands rows of one item, kept equal to its fingerprint by the item writer (src/state/items.ts, the one
 *  place items are written), inside the caller's transaction. Rows go with their item on delete (FK cascade). A
 *  usable fingerprint is what V3's view reads as one: 16 hex digits, either case, not the empty fingerprint. */
export interface BandRows {
  /** After the item row is written: `previous` is the fingerprint it had (undefined for a new item). */
  follow(id: string, fingerprint: string | null, previous: string | null | undefined): void;
}

export function bandRows(db: Db): BandRows {
  const clear = db.prepare('DELETE FROM item_bands WHERE item_id = ?');
  const add = db.prepare('INSERT INTO item_bands (band, value, item_id) VALUES (?, ?, ?)');
  return {
    follow(id, fingerprint, previous) {
      if (previous !== undefined) {
        if (previous === fingerprint) return;
        clear.run(id);
      }
      const bits = fingerprint === null || fingerprint === EMPTY_FINGERPRINT ? undefined : parseFingerprint(fingerprint);
      if (bits) bandValues(bits).forEach((value, band) => add.run(band, value, id));
    },
  };
}

/** The per-block radius that guarantees finding everything within maxDistance bits, or undefined when the
 *  probes would be too many (or maxDistance is not a usable number): the caller then scans. */
export function probeRadius(maxDistance: number): number | undefined {
  const r = Math.floor(maxDistance / BAND_LAYOUT.length);
  return r >= 0 && r <= MAX_PROBE_RADIUS ? r : undefined;
}

/** Every key (band * KEY_STRIDE + value) within `radius` bits of the fingerprint's block values. */
export function probeKeys(fp: FingerprintBits, radius: number): number[] {
  const keys: number[] = [];
  eachProbeKey(fp, radius, (key) => keys.push(key));
  return keys;
}

/** probeKeys' keys, in its order, handed to `visit` one at a time (the in-memory index builds no list). */
function eachProbeKey(fp: FingerprintBits, radius: number, visit: (key: number) => void): void {
  BAND_LAYOUT.forEach((b, band) => {
    const base = band * KEY_STRIDE;
    const v = bitsOf(fp, b.startBit, b.widthBits);
    visit(base + v);
    for (let i = 0; radius >= 1 && i < b.widthBits; i++) {
      visit(base + (v ^ (1 << i)));
      for (let j = i + 1; radius >= 2 && j < b.widthBits; j++) visit(base + (v ^ (1 << i) ^ (1 << j)));
    }
  });
}

export interface BandItem {
  id: string;
  sourceId: string;
  fp: FingerprintBits;
}

/** Counts fingerprint comparisons, so tests (and profiles) can see the work a render does. */
export interface ReprintStats {
  comparisons: number;
}

export interface ReprintIndex {
  /** The earliest item before `id` (in the index's order) from another source within maxDistance bits. */
  originalOf(id: string): BandItem | undefined;
  /** False when `id` has no usable fingerprint in the index. */
  has(id: string): boolean;
}

/**
 * An in-memory index of `items`, which must be in (sort_ms, id) order: position is age. Built once per render,
 * so rendering n candidates costs n × (probes + the few items sharing a probed block), not n × items. The buckets
 * are one flat array in key order (each bucket's positions ascending) and the fingerprints two word arrays, so a
 * probe allocates nothing: a search is at most 5 × 92 probes into typed arrays, whatever the window's size.
 */
export function reprintIndex(items: readonly BandItem[], maxDistance: number, stats?: ReprintStats): ReprintIndex {
  const radius = probeRadius(maxDistance);
  if (radius === undefined)
    throw new RangeError(`reprintIndex: maxDistance ${maxDistance} is outside 0..${(MAX_PROBE_RADIUS + 1) * BAND_LAYOUT.length - 1}`);
  return new BandIndex(items, bandTables(items), { maxDistance, radius }, stats);
}

/** The index's arrays: each item's fingerprint words and source by position, and every band's buckets. */
interface BandTables {
  his: Int32Array;
  los: Int32Array;
  sources: Int32Array;
  position: Map<string, number>;
  /** Bucket `key` is bucketed[bucketStart[key] .. bucketStart[key + 1]), positions ascending. */
  bucketStart: Int32Array;
  bucketed: Int32Array;
}

function bandTables(items: readonly BandItem[]): BandTables {
  const n = items.length;
  const his = new Int32Array(n);
  const los = new Int32Array(n);
  const sources = new Int32Array(n);
  const sourceIds = new Map<string, number>();
  const position = new Map<string, number>();
  const keyCount = BAND_LAYOUT.length * KEY_STRIDE;
  const bucketStart = new Int32Array(keyCount + 1);
  items.forEach((it, pos) => {
    position.set(it.id, pos);
    his[pos] = it.fp.hi;
    los[pos] = it.fp.lo;
    let source = sourceIds.get(it.sourceId);
    if (source === undefined) sourceIds.set(it.sourceId, (source = sourceIds.size));
    sources[pos] = source;
    BAND_LAYOUT.forEach((b, band) => {
      const key = band * KEY_STRIDE + bitsOf(it.fp, b.startBit, b.widthBits);
      bucketStart[key + 1] = (bucketStart[key + 1] as number) + 1;
    });
  });
  for (let k = 0; k < keyCount; k++) bucketStart[k + 1] = (bucketStart[k + 1] as number) + (bucketStart[k] as number);
  const bucketed = new Int32Array(n * BAND_LAYOUT.length);
  const filled = bucketStart.slice(0, keyCount);
  items.forEach((it, pos) => {
    BAND_LAYOUT.forEach((b, band) => {
      const key = band * KEY_STRIDE + bitsOf(it.fp, b.startBit, b.widthBits);
      bucketed[(filled[key] as number)++] = pos;
    });
  });
  return { his, los, sources, position, bucketStart, bucketed };
}

const UNKNOWN = -2;

class BandIndex implements ReprintIndex {
  /** Answers by position, kept: the index is immutable and an output render asks for every item once per pass. */
  private readonly answers: Int32Array;

  constructor(
    private readonly items: readonly BandItem[],
    private readonly t: BandTables,
    private readonly near: { maxDistance: number; radius: number },
    private readonly stats: ReprintStats | undefined,
  ) {
    this.answers = new Int32Array(items.length).fill(UNKNOWN);
  }

  has(id: string): boolean {
    return this.t.position.has(id);
  }

  originalOf(id: string): BandItem | undefined {
    const pos = this.t.position.get(id);
    if (pos === undefined) return undefined;
    const known = this.answers[pos] as number;
    if (known !== UNKNOWN) return known < 0 ? undefined : this.items[known];
    const best = this.search(pos);
    this.answers[pos] = best < pos ? best : -1;
    return best < pos ? this.items[best] : undefined;
  }

  private search(pos: number): number {
    let best = pos; // exclusive bound: only earlier items, and only earlier than the best found so far
    eachProbeKey((this.items[pos] as BandItem).fp, this.near.radius, (key) => {
      best = this.probe(key, pos, best);
    });
    return best;
  }

  /** The earliest position before `best` in bucket `key` from another source within maxDistance, else `best`. */
  private probe(key: number, pos: number, best: number): number {
    const { his, los, sources, bucketStart, bucketed } = this.t;
    const end = bucketStart[key + 1] as number;
    const hi = his[pos] as number;
    const lo = los[pos] as number;
    const source = sources[pos] as number;
    for (let k = bucketStart[key] as number; k < end; k++) {
      const p = bucketed[k] as number;
      if (p >= best) break; // buckets are in age order
      if (this.stats) this.stats.comparisons++;
      if (sources[p] !== source && hammingWords(his[p] as number, los[p] as number, hi, lo) <= this.near.maxDistance) return p;
    }
    return best;
  }
}
