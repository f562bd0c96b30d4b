// Feature keys as small integers, for pairScore's hundreds of thousands of pairs per build: each item's keys are a
// run of ascending ids in one flat array, with the item's strength and anchor flag for each key beside it, so the
// keys two items share come from merging two sorted runs instead of a string-hashed Set lookup per key (~2/3 of
// the scoring's time at 8,482 items). Guarantee: every value here is the one similarity.ts reads through its Maps
// and Sets (weight, strength, norm, anchor part, specific kind), so a pair's addends, and its score, are the same.
import type { FeatureKind, ItemFeatures } from './features.js';

/** One item's keys: positions start..end-1 of the table's flat arrays, and its vector norm. */
export interface KeyRun {
  start: number;
  end: number;
  norm: number;
}

/** What a table needs to know about a key and an item, from the corpus (similarity.ts). */
export interface KeyFacts {
  weightOf(key: string): number;
  kindOf(key: string): FeatureKind;
  isSpecific(kind: FeatureKind): boolean;
  normOf(item: ItemFeatures): number;
}

export class KeyTable {
  private readonly idOf = new Map<string, number>();
  private readonly keyOf: string[] = [];
  /** By id: the key's corpus weight and whether its kind counts towards MIN_SHARED_FEATURES (1) or not (0). */
  readonly weight: number[] = [];
  readonly specific: number[] = [];
  /** By position: the key's id, its strength in the item, and whether it can anchor a pair from this item's side. */
  ids: Int32Array;
  strength: Float64Array;
  anchor: Uint8Array;
  /** Positions of the shared keys found by the last `shared()`, in a's run and in b's. */
  sharedA = new Int32Array(64);
  sharedB = new Int32Array(64);
  private size = 0;
  private readonly runs = new Map<ItemFeatures, KeyRun>();

  /** `capacity`: the keys of the items added up front (the corpus's), so the arrays are allocated once, exactly. */
  constructor(
    private readonly facts: KeyFacts,
    capacity: number,
  ) {
    this.ids = new Int32Array(capacity);
    this.strength = new Float64Array(capacity);
    this.anchor = new Uint8Array(capacity);
  }

  /** The item's run, added on first use (buildCorpus adds every corpus item up front). */
  runOf(item: ItemFeatures): KeyRun {
    let run = this.runs.get(item);
    if (!run) this.runs.set(item, (run = this.add(item)));
    return run;
  }

  /** How many keys the two runs share; their positions are in sharedA/sharedB[0 .. count-1], ids ascending. */
  shared(a: KeyRun, b: KeyRun): number {
    const ids = this.ids;
    let i = a.start;
    let j = b.start;
    let count = 0;
    while (i < a.end && j < b.end) {
      const x = ids[i] as number;
      const y = ids[j] as number;
      if (x < y) i++;
      else if (x > y) j++;
      else {
        if (count === this.sharedA.length) this.growShared();
        this.sharedA[count] = i++;
        this.sharedB[count++] = j++;
      }
    }
    return count;
  }

  private add(item: ItemFeatures): KeyRun {
    const start = this.size;
    this.reserve(start + item.keys.size);
    const ids: number[] = [];
    for (const key of item.keys) ids.push(this.intern(key));
    ids.sort((x, y) => x - y);
    for (const id of ids) {
      const key = this.keyOf[id] as string;
      this.ids[this.size] = id;
      this.strength[this.size] = strengthOf(item, key);
      this.anchor[this.size] = anchorsFrom(item, this.facts.kindOf(key), key.slice(key.indexOf(':') + 1)) ? 1 : 0;
      this.size++;
    }
    return { start, end: this.size, norm: this.facts.normOf(item) };
  }

  private intern(key: string): number {
    let id = this.idOf.get(key);
    if (id === undefined) {
      id = this.keyOf.length;
      this.idOf.set(key, id);
      this.keyOf.push(key);
      this.weight.push(this.facts.weightOf(key));
      this.specific.push(this.facts.isSpecific(this.facts.kindOf(key)) ? 1 : 0);
    }
    return id;
  }

  private reserve(size: number): void {
    if (size <= this.ids.length) return;
    let capacity = Math.max(64, this.ids.length * 2);
    while (capacity < size) capacity *= 2;
    const ids = new Int32Array(capacity);
    const strength = new Float64Array(capacity);
    const anchor = new Uint8Array(capacity);
    ids.set(this.ids);
    strength.set(this.strength);
    anchor.set(this.anchor);
    [this.ids, this.strength, this.anchor] = [ids, strength, anchor];
  }

  private growShared(): void {
    const a = new Int32Array(this.sharedA.length * 2);
    const b = new Int32Array(this.sharedB.length * 2);
    a.set(this.sharedA);
    b.set(this.sharedB);
    [this.sharedA, this.sharedB] = [a, b];
  }
}

/** A key's strength in an item (ItemFeatures.strength: absent means 1). */
export function strengthOf(item: ItemFeatures, key: string): number {
  return item.strength.get(key) ?? 1;
}

/** This item's half of similarity.ts's anchor test: a shared key anchors a pair when both items' halves hold. */
export function anchorsFrom(item: ItemFeatures, kind: FeatureKind, value: string): boolean {
  if (kind === 'number') return true;
  if (kind === 'entity') return item.prominent.has(value);
  if (kind === 'date') return item.leadDates.has(value) && item.pubDay !== value;
  return false;
}
