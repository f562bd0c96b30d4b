// The two things `review --decisions` and `export` need from the state store (src/state/store.ts), behind one
// small interface so the commands can be tested with a store double. Decisions are read back with their time
// and the editor's comment, so exports can show the comment beside the quote.

import { existsSync } from 'node:fs';
import { openStore } from '../state/store.js';
import type { Candidate } from '../types.js';
import type { DecisionRecord } from './input.js';
import type { ExportDecision } from './types.js';

export interface DecisionStore {
  /** Returns how many stored rows changed; unknown ids and older decisions are skipped by the store. */
  recordDecisions(list: DecisionRecord[]): number | Promise<number>;
  decisions(): Map<string, ExportDecision> | Promise<Map<string, ExportDecision>>;
  close(): void;
}

export type OpenDecisionStore = (path: string, opts: { readonly: boolean }) => DecisionStore | Promise<DecisionStore>;

export const openDecisionStore: OpenDecisionStore = (path, opts) => {
  const store = openStore(path, { readonly: opts.readonly });
  return {
    recordDecisions: (list) => store.recordDecisions(list),
    decisions() {
      const map = new Map<string, ExportDecision>();
      for (const d of store.decisions()) map.set(d.id, { decision: d.decision, at: d.at, ...(d.comment ? { comment: d.comment } : {}) });
      return map;
    },
    close: () => store.close(),
  };
};

/** Decisions in the store at `path`; none when no state file exists yet (never creates one just to read). */
export async function readStoredDecisions(path: string, open: OpenDecisionStore = openDecisionStore): Promise<Map<string, ExportDecision>> {
  if (!existsSync(path)) return new Map();
  const store = await open(path, { readonly: true });
  try {
    return await store.decisions();
  } finally {
    store.close();
  }
}

/** Items with the store's decision where it has one (the store is the truth; candidates.json may be older). */
export function withDecisions(items: Candidate[], decisions: Map<string, ExportDecision>): Candidate[] {
  return items.map((item) => {
    const d = decisions.get(item.id);
    return d === undefined || d.decision === item.decision ? item : { ...item, decision: d.decision };
  });
}
